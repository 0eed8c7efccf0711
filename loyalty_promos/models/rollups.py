"""Daily totals of the points ledger: what the points report sums instead of the ledger."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class PointsDay(models.Model):
    """The entries of one closed day (site time zone), one kind and one rule: their count,
    points and shortfall.

    The ledger is append-only and an entry's day, kind, rule, points and shortfall never
    change, so a day once closed is summed once
    (:func:`loyalty_promos.services.rollups.close_points_days`) and never again.
    ``rule_key`` is the rule's primary key (0: none), kept after the rule is deleted.
    """

    day = models.DateField(_("day"))
    kind = models.CharField(_("kind"), max_length=10)
    rule_key = models.BigIntegerField(_("rule"), default=0)
    entries = models.PositiveIntegerField(_("entries"), default=0)
    points = models.BigIntegerField(_("points"), default=0)
    shortfall = models.BigIntegerField(_("shortfall"), default=0)

    class Meta:
        verbose_name = _("points day")
        verbose_name_plural = _("points days")
        constraints = [
            models.UniqueConstraint(
                fields=["day", "kind", "rule_key"], name="loyalty_promos_one_points_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.kind} {self.points:+}"
