"""Large exports run as tasks (Django's Tasks API), so a host can use its own workers.

Streaming comes first: an export is written into the response as it is read,
at any size, in flat memory. The background path is taken only when it runs
somewhere else — a worker backend is configured in ``TASKS`` — and the
export is larger than ``EXPORT_BACKGROUND_THRESHOLD``, or larger than what a
request may serve (``EXPORT_STREAM_LIMIT``). The immediate backend (the
default) would run the task inside the request, with nothing streamed: with
it, exports stream, and one beyond ``EXPORT_STREAM_LIMIT`` is refused.
"""

from __future__ import annotations

import datetime
import tempfile

from django.core.files import File
from django.http import QueryDict
from django.utils import timezone

from loyalty_promos.compat import ImmediateBackend, task
from loyalty_promos.conf import app_settings
from loyalty_promos.models import ExportJob
from loyalty_promos.reports import exporters
from loyalty_promos.reports.files import CsvOptions
from loyalty_promos.reports.registry import REPORTS

#: How an export is served (:func:`export_route`).
STREAM, BACKGROUND, REFUSE = "stream", "background", "refuse"


def has_worker(task=None) -> bool:
    """Whether the export task's backend runs tasks outside the request.

    The immediate backend (and any subclass) runs a task as it is enqueued,
    inside the request: no worker.
    """
    backend = (task or run_export).get_backend()
    return not isinstance(backend, ImmediateBackend)


def export_route(queryset) -> tuple[str, int | None]:
    """``(STREAM | BACKGROUND | REFUSE, rows or None)`` for an export of ``queryset``.

    Rows are counted only when the answer depends on them: with no worker and
    no ``EXPORT_STREAM_LIMIT``, every export streams at once.
    """
    worker = has_worker()
    limit = app_settings.EXPORT_STREAM_LIMIT
    if not worker and limit is None:
        return STREAM, None
    rows = queryset.count()
    if limit is not None and rows > limit:
        return (BACKGROUND if worker else REFUSE), rows
    if worker and rows > app_settings.EXPORT_BACKGROUND_THRESHOLD:
        return BACKGROUND, rows
    return STREAM, rows


@task()
def run_export(job_id: int) -> None:
    """Write the export of ``job_id``, reporting progress, and store the file.

    A second delivery of the same job (another worker, a retry) finds it
    claimed and does nothing.
    """
    if not ExportJob.claim(job_id):
        return
    job = ExportJob.objects.get(pk=job_id)
    try:
        report = REPORTS[job.report]
        params = QueryDict(mutable=True)
        for key, values in job.params.items():
            params.setlist(key, values)
        export = exporters.ReportExport(report.resource(), report.rows(report.filtered(params)))

        def progress(done):
            ExportJob.objects.filter(pk=job.pk).update(rows_done=done)

        if job.format == "xlsx":
            handle = export.xlsx_file(title=str(report.title), progress=progress)
        else:
            handle = tempfile.TemporaryFile()  # noqa: SIM115 - closed below
            options = CsvOptions.from_params(params)
            for chunk in export.csv_chunks(**options.as_kwargs(), progress=progress):
                handle.write(chunk)
            handle.seek(0)
        with handle:  # a random name in the private export storage (models/exports.py)
            job.file.save(job.download_name, File(handle), save=False)
        job.rows_done = job.rows_total
        job.status = ExportJob.Status.DONE
    except Exception as error:  # the job must say it failed, not stay "in progress"
        job.status, job.error = ExportJob.Status.FAILED, str(error)
        raise
    finally:
        job.finished_at = timezone.now()
        job.save()


def start_export(report, queryset, kind, params, user, *, rows=None) -> ExportJob:
    job = ExportJob.objects.create(
        user=user,
        report=report.code,
        format=kind,
        params={key: params.getlist(key) for key in params if key != "export"},
        rows_total=queryset.count() if rows is None else rows,
    )
    run_export.enqueue(job.pk)
    return job


def purge_old_exports(now=None) -> int:
    """Delete finished exports (and their files) older than ``EXPORT_KEEP_HOURS``."""
    limit = (now or timezone.now()) - datetime.timedelta(hours=app_settings.EXPORT_KEEP_HOURS)
    old = list(ExportJob.objects.filter(created_at__lt=limit))
    for job in old:
        if job.file:
            job.file.delete(save=False)
        job.delete()
    return len(old)
