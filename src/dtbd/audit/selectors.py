from django.db.models import QuerySet

from .models import AuditEvent


def audit_events_for(*, subject_type: str, subject_key: str) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(subject_type=subject_type, subject_key=subject_key)
