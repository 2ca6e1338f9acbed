"""Uploading exchange files as background imports, following them, and downloading data."""

import os
import tempfile

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from dtbd.accounts.policy import may_write_anything, policy_for
from dtbd.core.errors import ValidationFailed
from dtbd.core.views import found

from .forms import ExportForm, ImportForm
from .models import ImportJob
from .registry import importer_class, kinds
from .selectors import import_job_get, import_jobs_for
from .services import export_file, import_job_create, job_progress

RECENT = 20


def _require_write(request: HttpRequest) -> None:
    if not may_write_anything(request.user):
        raise PermissionDenied


def _columns() -> list[tuple[str, tuple[str, ...], tuple[str, ...]]]:
    """Each file kind with its required and optional columns, as the importers define them."""
    return [
        (kind, importer_class(kind).required, importer_class(kind).optional) for kind in kinds()
    ]


def _page(request, form: ImportForm, export_form: ExportForm, status: int = 200) -> HttpResponse:
    jobs = import_jobs_for(actor=request.user)[:RECENT]
    context = {"form": form, "export_form": export_form, "jobs": jobs, "columns": _columns()}
    return render(request, "exchange/imports.html", context, status=status)


def imports(request: HttpRequest) -> HttpResponse:
    _require_write(request)
    if request.method != "POST":
        return _page(request, ImportForm(), ExportForm())
    form = ImportForm(request.POST, request.FILES)
    if not policy_for(request.user).everything:
        # The importers do not check each row against the uploader's units yet, so a file
        # could change records in any unit. Until they do, only those who may change every
        # unit import; the others keep the export and the API, which are scoped.
        form.add_error(None, _("Only administrators of the whole province may import files."))
        return _page(request, form, ExportForm(), status=403)
    if form.is_valid():
        data = form.cleaned_data
        try:
            job = import_job_create(
                actor=request.user,
                kind=data["kind"],
                upload=data["file"],
                as_of=data["as_of"],
                dry_run=data["dry_run"],
                ignore_unknown=data["ignore_unknown"],
            )
        except ValidationFailed as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            return redirect("exchange:job", job_id=job.pk)
    return _page(request, form, ExportForm(), status=400)


def _status_context(job: ImportJob) -> dict:
    fraction, rows = job_progress(job)
    return {"job": job, "percent": round(fraction * 100), "rows_read": rows}


def job_detail(request: HttpRequest, job_id: int) -> HttpResponse:
    _require_write(request)
    job = found(import_job_get, actor=request.user, job_id=job_id)
    return render(request, "exchange/job.html", _status_context(job))


def job_status(request: HttpRequest, job_id: int) -> HttpResponse:
    """The progress bar while the job runs, then its outcome: polled by htmx every second."""
    _require_write(request)
    job = found(import_job_get, actor=request.user, job_id=job_id)
    return render(request, "exchange/_status.html", _status_context(job))


def export(request: HttpRequest) -> HttpResponseBase:
    """The units or people file as of a date, limited to what the user may see."""
    _require_write(request)
    form = ExportForm(request.GET)
    if not form.is_valid():
        return _page(request, ImportForm(), form, status=400)
    kind, fmt, on = (form.cleaned_data[k] for k in ("kind", "format", "on"))
    # write_rows needs a path (openpyxl saves to one); the open handle outlives the name.
    fd, path = tempfile.mkstemp(suffix=f".{fmt}", prefix="dtbd-export-")
    os.close(fd)
    try:
        export_file(actor=request.user, kind=kind, on=on, path=path)
        handle = open(path, "rb")  # noqa: SIM115 — FileResponse closes it
    finally:
        os.unlink(path)
    return FileResponse(handle, as_attachment=True, filename=f"{kind}-{on:%Y-%m-%d}.{fmt}")
