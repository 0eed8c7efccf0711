"""Large exports run as tasks (Django's Tasks API), so a host can use its own workers.

With no ``TASKS`` setting the immediate backend (``django.tasks`` on Django 6,
the ``django-tasks`` backport on 5.2; ``loyalty_promos.compat``) runs the task
inside the request: nothing else to start. In production, point
``TASKS`` at a worker backend and run its worker (see the integration guide).
"""

from __future__ import annotations

import datetime

from django.core.files import File
from django.http import QueryDict
from django.utils import timezone

from loyalty_promos.compat import task
from loyalty_promos.conf import app_settings
from loyalty_promos.models import ExportJob
from loyalty_promos.reports import exporters
from loyalty_promos.reports.registry import REPORTS

PROGRESS_EVERY = 1000


def _counting(rows, job):
    for n, row in enumerate(rows, start=1):
        if n % PROGRESS_EVERY == 0:
            ExportJob.objects.filter(pk=job.pk).update(rows_done=n)
        yield row


@task()
def run_export(job_id: int) -> None:
    """Write the export of ``job_id``, reporting progress, and store the file."""
    job = ExportJob.objects.get(pk=job_id)
    ExportJob.objects.filter(pk=job.pk).update(status=ExportJob.Status.RUNNING)
    try:
        report = REPORTS[job.report]
        params = QueryDict(mutable=True)
        for key, values in job.params.items():
            params.setlist(key, values)
        rows_qs = report.rows(report.filtered(params))
        resource = report.resource()
        rows = _counting(exporters.rows_of(resource, rows_qs), job)
        headers = resource.get_export_headers()
        if job.format == "xlsx":
            handle = exporters.write_xlsx(headers, rows, title=str(report.title))
        else:
            delimiter = ";" if params.get("delimiter") == "semicolon" else ","
            handle = exporters.csv_file(
                headers, rows, delimiter=delimiter, bom=bool(params.get("bom"))
            )
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


def start_export(report, queryset, kind, params, user) -> ExportJob:
    job = ExportJob.objects.create(
        user=user,
        report=report.code,
        format=kind,
        params={key: params.getlist(key) for key in params if key != "export"},
        rows_total=queryset.count(),
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
