"""Work that runs as a background task, with its progress: exports, big code jobs.

:class:`BackgroundJob` holds what every job shows on its progress page (who
started it, its status, rows done of rows total, the error when it failed);
:class:`~loyalty_promos.models.ExportJob` and :class:`CodeJob` add what
their task needs.
"""

from __future__ import annotations

from django.conf import settings
from django.db import DatabaseError, connections, models, router
from django.utils.translation import gettext_lazy as _


class BackgroundJob(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("waiting")
        RUNNING = "running", _("in progress")
        DONE = "done", _("ready")
        FAILED = "failed", _("failed")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="+", verbose_name=_("user")
    )
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.QUEUED
    )
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    rows_done = models.PositiveIntegerField(_("rows written"), default=0)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["-created_at"]

    @classmethod
    def claim(cls, pk: int) -> bool:
        """Move job ``pk`` from waiting to in progress; False when it is not waiting.

        One conditional UPDATE, so when a task is delivered twice (two workers,
        a retried message, a job enqueued again) exactly one run gets the job
        and the others do nothing.
        """
        waiting = cls.objects.filter(pk=pk, status=cls.Status.QUEUED)
        return waiting.update(status=cls.Status.RUNNING) == 1

    @property
    def percent(self) -> int:
        return 100 if not self.rows_total else min(100, self.rows_done * 100 // self.rows_total)

    @property
    def is_running(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    def report_progress(self, done: int) -> None:
        """Record ``done`` rows now, visible to the progress page at once.

        A job that writes all or nothing runs inside one transaction, whose own
        writes nobody sees before it commits. On PostgreSQL the progress is then
        written through a short connection of its own, committed at once (and
        given up after half a second if the row is busy: progress is a hint,
        never a reason to wait). SQLite allows one writer at a time, so there
        the progress arrives with the job's commit.
        """
        model = type(self)
        alias = router.db_for_write(model)
        if connections[alias].in_atomic_block and connections[alias].vendor == "postgresql":
            side = connections.create_connection(alias)
            try:
                with side.cursor() as cursor:
                    cursor.execute("SET lock_timeout = '500ms'")
                    table, pk = model._meta.db_table, model._meta.pk.column
                    cursor.execute(
                        f"UPDATE {side.ops.quote_name(table)} SET rows_done = %s "
                        f"WHERE {side.ops.quote_name(pk)} = %s",
                        [done, self.pk],
                    )
            except DatabaseError:
                pass  # the row is held by the job's own transaction: no hint this time
            finally:
                side.close()
            return
        model._default_manager.filter(pk=self.pk).update(rows_done=done)


class CodeJob(BackgroundJob):
    """Generating, pasting or importing many codes, run as a background task.

    The input is kept on the job (the pasted or imported rows, or the
    generation options) so the task runs it exactly as it was confirmed;
    it is all or nothing: a failed job wrote no code and lists why.
    """

    class Kind(models.TextChoices):
        GENERATE = "generate", _("generate codes")
        PASTE = "paste", _("paste a list of codes")
        IMPORT = "import", _("import a file of codes")

    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    coupon = models.ForeignKey(
        "loyalty_promos.Coupon",
        models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("promo code"),
    )
    #: Generation options, or the rows to create: [line, code, coupon id, max uses, active].
    params = models.JSONField(_("input"), default=dict, blank=True)
    #: One message per bad row when the job failed on its input.
    errors = models.JSONField(_("errors"), default=list, blank=True)
    batches = models.ManyToManyField(
        "loyalty_promos.CodeBatch", blank=True, related_name="+", verbose_name=_("batches")
    )

    class Meta(BackgroundJob.Meta):
        verbose_name = _("code job")
        verbose_name_plural = _("code jobs")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_status_display()})"
