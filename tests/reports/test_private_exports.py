"""Background export files are private: their own storage, random names, owner-only download."""

import csv
import datetime
import io
import re
import tempfile
from pathlib import Path

import openpyxl
import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from loyalty_promos import api
from loyalty_promos.models import ExportJob
from loyalty_promos.models.exports import (
    PrivateFileSystemStorage,
    export_storage,
    get_export_storage,
)
from loyalty_promos.reports.tasks import purge_old_exports
from tests import factories
from tests.conftest import NOW

pytestmark = pytest.mark.django_db
REPORT = reverse("admin:loyalty_promos_report", args=["billing"])
EXPORTS_ALIAS = "loyalty_promos_exports"


@pytest.fixture(autouse=True)
def storages(settings, tmp_path, task_worker):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        EXPORTS_ALIAS: {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "private"},
        },
    }
    settings.LOYALTY_PROMOS = {**settings.LOYALTY_PROMOS, "EXPORT_BACKGROUND_THRESHOLD": 1}
    return tmp_path


@pytest.fixture
def owner(client):
    user = factories.StaffUserFactory(username="camille")
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_reports", "export_reports"])
    )
    return user


@pytest.fixture
def job(client, owner, task_worker):
    evil = factories.CustomerFactory(first_name="=HYPERLINK(1)", last_name="Evil")
    api.checkout(factories.AppointmentFactory(customer=evil))
    api.checkout(factories.AppointmentFactory())
    client.force_login(owner)
    client.get(REPORT, {"export": "csv"})
    task_worker()
    client.logout()
    return ExportJob.objects.get()


def page_and_download(client, job) -> tuple[int, int]:
    page = client.get(reverse("admin:loyalty_promos_export", args=[job.pk]))
    download = client.get(reverse("admin:loyalty_promos_export_download", args=[job.pk]))
    return page.status_code, download.status_code


def test_the_file_is_in_its_own_storage_outside_media_root_under_a_random_name(job, storages):
    path = Path(job.file.path)

    assert re.fullmatch(r"exports/[A-Za-z0-9_-]{32}\.csv", job.file.name)
    assert path.is_relative_to(storages / "private")
    assert not path.is_relative_to(storages / "media")
    assert not (storages / "media").exists()  # nothing at all went to MEDIA_ROOT
    assert "billing" not in job.file.name and "2026" not in job.file.name


def test_two_exports_never_share_a_name(client, job, owner, task_worker):
    client.force_login(owner)
    client.get(REPORT, {"export": "csv"})
    task_worker()

    assert len(set(ExportJob.objects.values_list("file", flat=True))) == 2


def test_the_owner_downloads_it_streamed_under_a_readable_name(client, job, owner):
    client.force_login(owner)

    response = client.get(reverse("admin:loyalty_promos_export_download", args=[job.pk]))

    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Disposition"] == 'attachment; filename="billing_all-dates.csv"'
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert len(rows) == 3
    assert "'=HYPERLINK(1) Evil" in [row[1] for row in rows]  # inert, like every export


def test_another_staff_member_with_every_report_permission_gets_404(client, job):
    other = factories.StaffUserFactory(username="dana")
    other.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_reports", "export_reports"])
    )
    client.force_login(other)

    assert page_and_download(client, job) == (404, 404)


def test_staff_with_the_view_all_exports_permission_may_open_it(client, job):
    manager = factories.StaffUserFactory(username="manager")
    manager.user_permissions.add(Permission.objects.get(codename="view_all_exports"))
    client.force_login(manager)

    assert page_and_download(client, job) == (200, 200)


def test_a_superuser_may_open_it(client, job):
    client.force_login(factories.SuperUserFactory(username="root"))

    assert page_and_download(client, job) == (200, 200)


def test_a_file_gone_from_the_storage_is_404_not_500(client, job, owner):
    job.file.storage.delete(job.file.name)
    client.force_login(owner)

    assert page_and_download(client, job) == (200, 404)


def test_purge_deletes_the_file_from_the_export_storage(job):
    storage, name = job.file.storage, job.file.name
    assert storage.exists(name)

    assert purge_old_exports(NOW + datetime.timedelta(hours=49)) == 1

    assert not storage.exists(name)
    assert not ExportJob.objects.exists()


def test_a_background_xlsx_keeps_formula_like_text_as_text(client, owner, task_worker):
    odd = factories.CustomerFactory(first_name="-20%", last_name="weekends")
    api.checkout(factories.AppointmentFactory(customer=odd))
    api.checkout(factories.AppointmentFactory())
    client.force_login(owner)

    client.get(REPORT, {"export": "xlsx"})
    task_worker()

    job = ExportJob.objects.get()
    with job.file.open("rb") as handle:
        sheet = openpyxl.load_workbook(handle).active
    header = [c.value for c in sheet[1]]
    cells = [row[header.index("customer")] for row in sheet.iter_rows(min_row=2)]
    odd_cell = next(c for c in cells if "weekends" in c.value)
    assert (odd_cell.value, odd_cell.data_type, odd_cell.quotePrefix) == (
        "-20% weekends", "s", True)  # fmt: skip


def test_without_an_alias_exports_go_to_a_private_directory_outside_media_root(settings):
    settings.STORAGES = {k: v for k, v in settings.STORAGES.items() if k != EXPORTS_ALIAS}

    storage = get_export_storage()

    assert isinstance(storage, PrivateFileSystemStorage)
    location = Path(storage.location)
    assert location == Path(tempfile.gettempdir()) / "loyalty_promos_exports"
    assert not location.is_relative_to(Path(settings.MEDIA_ROOT))
    assert (storage.file_permissions_mode, storage.directory_permissions_mode) == (0o600, 0o700)
    with pytest.raises(NotImplementedError):
        storage.url("exports/x.csv")  # no public address, ever
    assert Path(export_storage.location) == location  # what the FileField uses


def test_the_host_alias_is_used_when_defined(storages):
    assert Path(export_storage.location) == storages / "private"
