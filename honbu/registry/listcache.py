"""Caches for the registry's list pages, keyed by `RegistryVersion`.

HQ staff and ministry liaisons page through and search the same 300,000 AI systems all day: the capped count of a
list and the rendered table cost far more than the query that reads the version numbers. Everything cached here
is keyed by those numbers, which every write increments inside its own transaction, so nothing stale is ever
shown, whichever server process — each may have its own local-memory cache — answers the next request.

There is one number per kind of record. A list of organisations depends on organisations only, so the AI systems
that businesses edit all day leave it cached; a list of AI systems shows and filters by its organisations too, so
it is keyed by both. Separate rows also mean that a writer of one kind never waits for another kind's writer to
commit (each increment holds its row's lock until then: a long import still holds both).
"""

import hashlib

from django.db.models import F

from honbu.registry.models import RegistryVersion

TIMEOUT = 300  # seconds; the versions make entries stale, the timeout only frees memory

ORGANISATIONS, SYSTEMS = 1, 2  # the rows of RegistryVersion
DEPENDS_ON = {"organisations": (ORGANISATIONS,), "systems": (ORGANISATIONS, SYSTEMS)}


def current_version(kind: str) -> tuple[int, ...]:
    """The version numbers a list of `kind` ("organisations" or "systems") is keyed by."""
    rows = DEPENDS_ON[kind]
    numbers = dict(RegistryVersion.objects.filter(pk__in=rows).values_list("pk", "number"))
    return tuple(numbers.get(row, 0) for row in rows)


def bump_version(*rows: int) -> None:
    """Call inside the writing transaction with the kinds written (signals do for single saves; bulk writes call it
    themselves); with none, every kind."""
    for row in sorted(rows or (ORGANISATIONS, SYSTEMS)):  # one order, so two writers cannot deadlock
        if not RegistryVersion.objects.filter(pk=row).update(number=F("number") + 1):
            RegistryVersion.objects.update_or_create(pk=row, defaults={"number": 1})


def key(*parts) -> str:
    digest = hashlib.sha256("\x1f".join(map(str, parts)).encode()).hexdigest()[:32]
    return f"registry:list:{digest}"
