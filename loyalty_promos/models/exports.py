"""Background exports: a job per large export, with its progress and its file.

Export files hold customers' names and money: they are private. They live in
a storage of their own, the ``loyalty_promos_exports`` alias of Django's
``STORAGES`` when the host defines it (a private bucket, a directory that no
web server publishes), else a private directory outside ``MEDIA_ROOT``
(``<system temp dir>/loyalty_promos_exports``, owner-only permissions). Their
names are random, so a name gives nothing away, and they are only ever
served by the admin's download view, to the job's owner or to users with
the ``view_all_exports`` permission.
"""

from __future__ import annotations

import secrets
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.core.signals import setting_changed
from django.db import models
from django.dispatch import receiver
from django.utils.functional import LazyObject, empty
from django.utils.translation import gettext_lazy as _

from loyalty_promos.models.jobs import BackgroundJob
from loyalty_promos.reports.files import export_filename

#: The ``STORAGES`` alias export files are written to when the host defines it.
EXPORT_STORAGE_ALIAS = "loyalty_promos_exports"


class PrivateFileSystemStorage(FileSystemStorage):
    """Files only the application reads: owner-only permissions and no public URL."""

    def __init__(self, location=None, **kwargs):
        kwargs.setdefault("file_permissions_mode", 0o600)
        kwargs.setdefault("directory_permissions_mode", 0o700)
        super().__init__(location=location or default_export_location(), **kwargs)

    def url(self, name):
        raise NotImplementedError("Export files have no public URL: the admin serves them.")


def default_export_location() -> Path:
    """Where export files go when the host defines no storage for them: never under MEDIA_ROOT."""
    return Path(tempfile.gettempdir()) / "loyalty_promos_exports"


def get_export_storage():
    """The host's ``loyalty_promos_exports`` storage, else a private one outside MEDIA_ROOT."""
    if EXPORT_STORAGE_ALIAS in settings.STORAGES:
        return storages[EXPORT_STORAGE_ALIAS]
    return PrivateFileSystemStorage()


class ExportStorage(LazyObject):
    """The export storage, looked up when first used (and again when ``STORAGES`` changes)."""

    def _setup(self):
        self._wrapped = get_export_storage()


export_storage = ExportStorage()


@receiver(setting_changed)
def _reset_export_storage(*, setting, **kwargs):
    if setting == "STORAGES":
        export_storage._wrapped = empty


def export_storage_callable():
    """The FileField's storage: a callable, so migrations name it rather than a backend."""
    return export_storage


def export_file_name(job, filename: str) -> str:
    """A random, unguessable name; the readable one is given at download."""
    extension = Path(filename).suffix.lower()
    return f"exports/{secrets.token_urlsafe(24)}{extension}"


class ExportJobQuerySet(models.QuerySet):
    def visible_to(self, user) -> ExportJobQuerySet:
        """The user's own exports; everyone's with ``view_all_exports``."""
        if user.has_perm("loyalty_promos.view_all_exports"):
            return self.all()
        return self.filter(user=user.pk)


class ExportJob(BackgroundJob):
    report = models.CharField(_("report"), max_length=30)
    params = models.JSONField(_("filters"), default=dict, blank=True)
    format = models.CharField(_("format"), max_length=4)
    file = models.FileField(
        _("file"),
        upload_to=export_file_name,
        storage=export_storage_callable,
        blank=True,
    )

    objects = ExportJobQuerySet.as_manager()

    class Meta(BackgroundJob.Meta):
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        ordering = ["-created_at"]
        permissions = [("view_all_exports", _("Can download exports made by others"))]

    def __str__(self) -> str:
        return f"{self.report}.{self.format} ({self.get_status_display()})"

    @property
    def download_name(self) -> str:
        """The file's name for the person downloading it: ``billing_2026-11-01_2026-11-30.csv``."""
        return export_filename(self.report, self.params, self.format)


class Report(ExportJob):
    """The admin's home of the reports (no table of its own).

    ``ReportAdmin`` is registered on this proxy, so the reports and their
    exports have a place in the admin index and URLs of their own
    (``…/loyalty_promos/report/…``). Access is the ``view_reports`` and
    ``export_reports`` permissions; the proxy adds none.
    """

    class Meta:
        proxy = True
        default_permissions = ()
        verbose_name = _("report")
        verbose_name_plural = _("reports")


class Overview(ExportJob):
    """The admin's home of the overview and of the customer pages (no table of its own).

    ``OverviewAdmin`` is registered on this proxy: the overview has an entry
    at the top of the app's navigation, and each customer a page at
    ``…/loyalty_promos/overview/customer/<id>/``. Access is the view
    permission of any of our ledgers; the proxy adds none.
    """

    class Meta:
        proxy = True
        default_permissions = ()
        verbose_name = _("overview")
        verbose_name_plural = _("overview")
