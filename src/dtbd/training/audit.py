"""Audit rows in bulk for imports and class completion: the same rows as
audit.services.audit_record_many, written with core.db.bulk_insert (60,000 conferrals of an
enrolments file cost seconds through the ORM)."""

import json
from typing import Any

from django.db import transaction
from django.utils import timezone

from dtbd.audit.models import AuditEvent
from dtbd.core.db import bulk_insert, is_postgres


def audit_bulk(*, actor: Any, event: str, subject_type: str, items: list[tuple[str, dict]]) -> int:
    if not items:
        return 0
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit rows must be written inside the write's transaction")
    if actor is None or isinstance(actor, str):
        actor_id, label = None, actor or ""
    else:
        actor_id, label = (actor.pk if actor.is_authenticated else None), actor.get_username()
    now = timezone.now()
    # COPY's binary jsonb takes the object itself; SQLite stores the JSON text.
    encode = (lambda d: d) if is_postgres() else (lambda d: json.dumps(d, ensure_ascii=False))
    return bulk_insert(
        AuditEvent._meta.db_table,
        ("at", "actor_id", "actor_label", "event", "subject_type", "subject_key", "data"),
        [
            (now, actor_id, label, event, subject_type, key[:64], encode(data))
            for key, data in items
        ],
    )
