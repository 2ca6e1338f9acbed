from typing import Any

from django.db.models import QuerySet

from dtbd.core.errors import NotFound

from .models import ImportJob


def import_jobs_for(*, actor: Any) -> QuerySet[ImportJob]:
    """Superusers see every import; others see their own."""
    qs = ImportJob.objects.select_related("requested_by")
    if getattr(actor, "is_superuser", False):
        return qs
    return qs.filter(requested_by=actor)


def import_job_get(*, actor: Any, job_id: int) -> ImportJob:
    job = import_jobs_for(actor=actor).filter(pk=job_id).first()
    if job is None:
        raise NotFound("import not found")
    return job
