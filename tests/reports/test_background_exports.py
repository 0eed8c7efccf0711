import csv
import datetime
import io

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from loyalty_promos import api
from loyalty_promos.models import ExportJob
from loyalty_promos.reports import exporters
from loyalty_promos.reports.tasks import purge_old_exports, run_export
from tests import factories
from tests.conftest import NOW

pytestmark = pytest.mark.django_db
URL = reverse("admin:loyalty_promos_report", args=["billing"])


@pytest.fixture(autouse=True)
def small_threshold(settings, tmp_path, task_worker):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "loyalty_promos_exports": {
            "BACKEND": "loyalty_promos.models.exports.PrivateFileSystemStorage",
            "OPTIONS": {"location": tmp_path / "exports"},
        },
    }
    settings.LOYALTY_PROMOS = {**settings.LOYALTY_PROMOS, "EXPORT_BACKGROUND_THRESHOLD": 2}


@pytest.fixture
def charges(db):
    return [api.checkout(factories.AppointmentFactory()) for _ in range(3)]


def test_a_large_export_runs_as_a_task_with_progress_then_downloads(
    admin_client, charges, task_worker
):
    response = admin_client.get(URL, {"export": "csv", "status": "pending"})
    job = ExportJob.objects.get()
    assert (job.status, job.rows_total, job.rows_done) == ("queued", 3, 0)  # not in the request

    task_worker()

    job.refresh_from_db()
    assert response.url == reverse("admin:loyalty_promos_export", args=[job.pk])
    assert (job.status, job.rows_total, job.rows_done, job.params) == (
        "done", 3, 3, {"status": ["pending"]})  # fmt: skip
    page = admin_client.get(response.url)
    assert 'value="100"' in page.text
    assert "Download" in page.text and 'http-equiv="refresh"' not in page.text
    download = admin_client.get(reverse("admin:loyalty_promos_export_download", args=[job.pk]))
    rows = list(csv.reader(io.StringIO(b"".join(download.streaming_content).decode())))
    assert len(rows) == 4


def test_an_export_delivered_twice_is_written_once(admin_client, charges, task_worker):
    admin_client.get(URL, {"export": "csv"})
    job = ExportJob.objects.get()

    task_worker()
    job.refresh_from_db()
    first_file, first_finished = job.file.name, job.finished_at
    run_export.call(job.pk)  # a retried message, or a second worker

    job.refresh_from_db()
    assert (job.status, job.file.name, job.finished_at) == ("done", first_file, first_finished)


def test_small_exports_stream_at_once(admin_client, charges):
    response = admin_client.get(URL, {"export": "xlsx", "status": "paid"})

    assert response.status_code == 200
    assert not ExportJob.objects.exists()


def test_a_failed_export_says_so(admin_client, charges, monkeypatch, task_worker):
    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(exporters, "write_xlsx", broken)

    response = admin_client.get(URL, {"export": "xlsx"})
    with pytest.raises(RuntimeError, match="disk full"):
        task_worker()

    job = ExportJob.objects.get()
    assert response.url == reverse("admin:loyalty_promos_export", args=[job.pk])
    assert (job.status, job.error) == ("failed", "disk full")
    page = admin_client.get(reverse("admin:loyalty_promos_export", args=[job.pk]))
    assert "The export failed. disk full" in page.text


def test_another_staff_member_does_not_see_an_export(client, admin_client, charges, task_worker):
    admin_client.get(URL, {"export": "csv"})
    task_worker()
    job = ExportJob.objects.get()
    other = factories.StaffUserFactory()
    other.user_permissions.add(Permission.objects.get(codename="view_reports"))
    client.force_login(other)

    assert client.get(reverse("admin:loyalty_promos_export", args=[job.pk])).status_code == 404
    url = reverse("admin:loyalty_promos_export_download", args=[job.pk])
    assert client.get(url).status_code == 404


def test_old_exports_are_purged_with_their_files(admin_client, charges, clock, task_worker):
    admin_client.get(URL, {"export": "csv"})
    task_worker()
    job = ExportJob.objects.get()
    storage, name = job.file.storage, job.file.name

    assert purge_old_exports(NOW + datetime.timedelta(hours=47)) == 0
    assert purge_old_exports(NOW + datetime.timedelta(hours=49)) == 1
    assert not storage.exists(name)
