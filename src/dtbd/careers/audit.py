"""A look at a person's career is a look at personal data: logged like the person's page
(people.views.person_detail), under the same event so one search finds every look."""

from typing import Any

from django.db import transaction

from dtbd.audit.services import audit_record
from dtbd.people.models import Person

VIEWED = "person.viewed"  # the people app's event for a record viewed


def viewed(*, actor: Any, person: Person, via: str) -> None:
    with transaction.atomic():
        audit_record(
            actor=actor,
            event=VIEWED,
            subject_type="person",
            subject_key=person.code,
            data={"via": via, "page": "careers.timeline"},
        )
