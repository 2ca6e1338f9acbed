"""Running imports: from the command line directly, from the web as a background job."""

import datetime as dt
import logging
from pathlib import Path
from typing import Any

from django.core.cache import cache
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from dtbd.audit.services import audit_record
from dtbd.core.errors import ValidationFailed

from .engine import ImportResult, Progress, run_import
from .files import file_format, write_rows
from .models import ImportJob
from .registry import exporter, importer_class

logger = logging.getLogger(__name__)


def import_file(
    *,
    kind: str,
    path: Path | str,
    as_of: dt.date,
    actor: Any,
    name: str | None = None,
    dry_run: bool = False,
    ignore_unknown: bool = False,
    progress: Progress | None = None,
    source_ref: str = "",
) -> ImportResult:
    """Import one exchange file whole or not at all (see exchange.engine)."""
    importer = importer_class(kind)(
        name=name or str(path), as_of=as_of, actor=actor, source_ref=source_ref
    )
    return run_import(
        importer, path, dry_run=dry_run, ignore_unknown=ignore_unknown, progress=progress
    )


def export_file(*, actor: Any, kind: str, on: dt.date, path: Path | str) -> int:
    """Write the units or people file as of `on`, limited to what `actor` may see.

    A people file is personal data: who took it, when and how many rows is audited.
    """
    header, rows = exporter(kind)(actor=actor, on=on)
    with transaction.atomic():
        count = write_rows(path, header, rows)
        audit_record(
            actor=actor,
            event=f"export.{kind}",
            subject_type="file",
            subject_key=Path(path).name[:64],
            data={"as_of": str(on), "rows": count},
        )
    return count


def _progress_key(job_id: int) -> str:
    return f"import-progress:{job_id}"


def job_progress(job: ImportJob) -> tuple[float, int]:
    """(fraction, rows read) of a running job; kept in the cache, outside the transaction."""
    if job.finished:
        return 1.0, job.rows
    return cache.get(_progress_key(job.pk), (0.0, 0))


def import_job_create(
    *,
    actor: Any,
    kind: str,
    upload: UploadedFile,
    as_of: dt.date,
    dry_run: bool = False,
    ignore_unknown: bool = False,
) -> ImportJob:
    """Store the upload and queue its import once this transaction commits."""
    importer_class(kind)
    file_format(upload.name or "")
    if upload.size == 0:
        raise ValidationFailed("the file is empty", field="file")
    with transaction.atomic():
        job = ImportJob.objects.create(
            kind=kind,
            file=upload,
            file_name=Path(upload.name or "upload").name,
            as_of=as_of,
            dry_run=dry_run,
            ignore_unknown=ignore_unknown,
            requested_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        from .tasks import run_import_job

        transaction.on_commit(lambda: run_import_job.enqueue(job.pk))
    return job


def import_job_run(job_id: int) -> ImportJob:
    """Run a queued job: the worker's side of import_job_create."""
    job = ImportJob.objects.select_related("requested_by").get(pk=job_id)
    if job.status != ImportJob.Status.QUEUED:
        return job
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJob.Status.RUNNING, started_at=timezone.now()
    )

    def progress(fraction: float, rows: int) -> None:
        cache.set(_progress_key(job.pk), (fraction, rows), timeout=24 * 3600)

    actor = job.requested_by or "web import"
    try:
        result = import_file(
            kind=job.kind,
            path=job.file.path,
            name=job.file_name,
            as_of=job.as_of,
            actor=actor,
            dry_run=job.dry_run,
            ignore_unknown=job.ignore_unknown,
            progress=progress,
            source_ref=f"import #{job.pk} {job.file_name}",
        )
    except Exception as error:
        logger.exception("import job %s failed", job.pk)
        ImportJob.objects.filter(pk=job.pk).update(
            status=ImportJob.Status.FAILED, message=repr(error), finished_at=timezone.now()
        )
        raise
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJob.Status.SUCCEEDED if result.ok else ImportJob.Status.REJECTED,
        rows=result.rows,
        created=result.created,
        updated=result.updated,
        unchanged=result.unchanged,
        error_count=result.error_count,
        errors=[str(e) for e in result.errors[: ImportJob.MAX_SHOWN]],
        finished_at=timezone.now(),
    )
    cache.delete(_progress_key(job.pk))
    job.refresh_from_db()
    return job
