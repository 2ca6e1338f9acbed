"""Writing the audit log. Callers are write services, inside their own transaction."""

from collections.abc import Iterable
from typing import Any

from django.db import transaction

from .models import AuditEvent


def _actor_fields(actor: Any) -> dict[str, Any]:
    if actor is None or isinstance(actor, str):
        return {"actor": None, "actor_label": actor or ""}
    return {"actor": actor if actor.is_authenticated else None, "actor_label": actor.get_username()}


def audit_record(
    *, actor: Any, event: str, subject_type: str, subject_key: str, data: dict | None = None
) -> AuditEvent:
    """Record one event. `actor` is a user or a label such as "dtbd import"."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit_record must run inside the write's transaction")
    return AuditEvent.objects.create(
        event=event,
        subject_type=subject_type,
        subject_key=subject_key,
        data=data or {},
        **_actor_fields(actor),
    )


def audit_record_many(
    *, actor: Any, event: str, subject_type: str, items: Iterable[tuple[str, dict]]
) -> int:
    """Record the same event for many subjects (bulk imports); returns how many."""
    fields = _actor_fields(actor)
    rows = [
        AuditEvent(event=event, subject_type=subject_type, subject_key=key, data=data, **fields)
        for key, data in items
    ]
    AuditEvent.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """{field: [before, after]} for the fields that changed."""
    return {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}
