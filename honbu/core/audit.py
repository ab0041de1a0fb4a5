"""Writing and verifying the audit trail. Every transition calls `record` inside its transaction."""

from collections.abc import Iterable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass

from django.db import models, transaction

from honbu.core.models import AuditChainHead, AuditEvent

current_request_id: ContextVar[str] = ContextVar("current_request_id", default="")


def snapshot(obj: models.Model, fields: Iterable[str]) -> dict:
    """Values of `fields` as JSON-friendly data, to diff before and after a change."""
    values = {}
    for name in fields:
        value = getattr(obj, name)
        values[name] = value if isinstance(value, (str, int, float, bool, type(None), list, dict)) else str(value)
    return values


def diff(before: dict, after: dict) -> dict:
    return {key: [before.get(key), after.get(key)] for key in after if before.get(key) != after.get(key)}


@transaction.atomic
def record(actor, action: str, obj: models.Model | None = None, *, changes: dict | None = None, **data) -> AuditEvent:
    head, _ = AuditChainHead.objects.select_for_update().get_or_create(pk=1)
    event = AuditEvent(
        seq=head.seq + 1,
        actor=actor if getattr(actor, "pk", None) else None,
        actor_label=str(actor) if getattr(actor, "pk", None) else (actor if isinstance(actor, str) else ""),
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:200] if obj is not None else "",
        changes=changes or {},
        data=data,
        request_id=current_request_id.get(),
        prev_hash=head.hash,
    )
    event.hash = event.compute_hash()
    event.save()
    head.seq, head.hash = event.seq, event.hash
    head.save(update_fields=["seq", "hash"])
    return event


@dataclass
class Break:
    seq: int
    reason: str


def verify_chain(batch_size: int = 2000) -> Iterator[Break]:
    """Walk the chain from the first event; yield every break (edited, deleted or inserted rows)."""
    expected_seq, prev_hash = 1, ""
    for event in AuditEvent.objects.order_by("seq").iterator(chunk_size=batch_size):
        if event.seq != expected_seq:
            yield Break(expected_seq, f"event #{expected_seq} is missing (next found is #{event.seq})")
        if event.prev_hash != prev_hash:
            yield Break(event.seq, f"event #{event.seq} does not follow the previous event's hash")
        if event.compute_hash() != event.hash:
            yield Break(event.seq, f"event #{event.seq} was altered after it was written")
        expected_seq, prev_hash = event.seq + 1, event.hash
    head = AuditChainHead.objects.filter(pk=1).first()
    if head and head.seq != expected_seq - 1:
        yield Break(expected_seq, f"the chain ends at #{expected_seq - 1} but #{head.seq} events were written")
