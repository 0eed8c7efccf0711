from __future__ import annotations

from decimal import Decimal
from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

#: Money is stored with two decimal places (EUR, RON …) and rounded half-up once per step.
MONEY_PLACES = 2
ZERO = Decimal("0.00")


#: The output field of money sums (wider than a single amount).
MONEY_TOTAL = models.DecimalField(max_digits=14, decimal_places=2)


def subquery_total(
    queryset: models.QuerySet[Any],
    group: str,
    aggregate: models.Aggregate,
    output_field: models.Field[Any, Any] = MONEY_TOTAL,
    zero: Any = ZERO,
) -> Coalesce:
    """``aggregate`` over ``queryset`` (already filtered on ``group`` = the outer row,
    with ``OuterRef``) as an annotation; ``zero`` when there is nothing."""
    total = queryset.order_by().values(group).annotate(total=aggregate).values("total")
    return Coalesce(Subquery(total), Value(zero), output_field=output_field)


def money_field(verbose_name, **kwargs) -> models.DecimalField:
    kwargs.setdefault("default", ZERO)
    return models.DecimalField(verbose_name, max_digits=12, decimal_places=MONEY_PLACES, **kwargs)


class CachedBalanceModel(models.Model):
    """A row that carries a cached balance (visits, credit, points, a code's uses…).

    Only services move a balance, under a row lock and relative to the locked
    value, always naming it in ``update_fields``. Any other save of an existing
    row (an admin form, a history revert, an import, a shell) writes every field
    *except* the balances, so a value read before a concurrent checkout can never
    be written back over it (a lost update).
    """

    #: The fields only services write; a plain ``save()`` of an existing row skips them.
    balance_fields: ClassVar[tuple[str, ...]] = ()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding and kwargs.get("update_fields") is None:
            kwargs["update_fields"] = [
                field.name
                for field in self._meta.concrete_fields
                if not field.primary_key and field.name not in self.balance_fields
            ]
        super().save(*args, **kwargs)


class TimestampedModel(models.Model):
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class LedgerEntry(models.Model):
    """An append-only ledger line: a signed amount and the balance it left."""

    description = models.CharField(_("description"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("date"), default=timezone.now, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("staff user"),
    )

    class Meta:
        abstract = True
        ordering = ["-created_at", "-pk"]
