"""Conditions shared by promo codes, pricing rules, packages and earning rules."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import models


def allows(chosen: models.Manager[Any], obj: models.Model | None) -> bool:
    """A many-to-many restriction: none chosen allows everything, else ``obj`` must be chosen.

    ``chosen`` is a related manager, read with ``.all()`` so prefetched rows are used.
    """
    pks = {item.pk for item in chosen.all()}
    return not pks or (obj is not None and obj.pk in pks)


def allows_pk(chosen: set[Any], obj: models.Model | None) -> bool:
    """:func:`allows` over the chosen objects' primary keys."""
    return not chosen or (obj is not None and obj.pk in chosen)


def in_daily_window(moment: datetime.time, start: datetime.time, end: datetime.time) -> bool:
    """Start included, end excluded; a window whose end is before its start runs past midnight."""
    if start < end:
        return start <= moment < end
    return moment >= start or moment < end
