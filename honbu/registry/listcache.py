"""Caches for the registry's list pages, keyed by `RegistryVersion`.

HQ staff and ministry liaisons page through and search the same 300,000 AI systems all day: the capped count of a
search (a scan of every match in the full-text index) and the rendered table cost far more than the few queries
that read the version number. Everything cached here is keyed by that number, which every write to organisations
and AI systems increments inside its own transaction, so nothing stale is ever shown, whichever server process —
each may have its own local-memory cache — answers the next request.
"""

import hashlib

from django.db.models import F

from honbu.registry.models import RegistryVersion

TIMEOUT = 300  # seconds; the version makes entries stale, the timeout only frees memory


def current_version() -> int:
    number = RegistryVersion.objects.filter(pk=1).values_list("number", flat=True).first()
    return 0 if number is None else number


def bump_version() -> None:
    """Call inside the writing transaction (signals do for single saves; bulk imports call it themselves)."""
    if not RegistryVersion.objects.filter(pk=1).update(number=F("number") + 1):
        RegistryVersion.objects.update_or_create(pk=1, defaults={"number": 1})


def key(*parts) -> str:
    digest = hashlib.sha256("\x1f".join(map(str, parts)).encode()).hexdigest()[:32]
    return f"registry:list:{digest}"
