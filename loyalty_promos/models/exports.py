"""Background exports: a job per large export, with its progress and its file."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from loyalty_promos.models.jobs import BackgroundJob


class ExportJob(BackgroundJob):
    report = models.CharField(_("report"), max_length=30)
    params = models.JSONField(_("filters"), default=dict, blank=True)
    format = models.CharField(_("format"), max_length=4)
    file = models.FileField(_("file"), upload_to="loyalty_promos/exports/", blank=True)

    class Meta(BackgroundJob.Meta):
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.report}.{self.format} ({self.get_status_display()})"
