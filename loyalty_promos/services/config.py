"""Configuration a host scripts in code: the loyalty programme, rules, rewards and plans.

Each function validates exactly as the admin's form does (the model's field
validators and ``clean()``, then the many-to-many choices) and writes nothing
when a value is wrong: it raises :class:`~loyalty_promos.exceptions.ConfigError`
whose ``message_dict`` names each field and says what is wrong, translated.
Every change is recorded in the model's history, as an admin save is.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from loyalty_promos.exceptions import ConfigError
from loyalty_promos.models import EarningRule, LoyaltyProgram, PackagePlan, PricingRule, Reward

M = TypeVar("M", bound=models.Model)


def _save(instance: M, relations: dict[str, Iterable[Any] | None] | None = None) -> M:
    """Validate like a ModelForm (fields, ``clean()``, unique), then save with its relations."""
    errors: dict[str, list[str]] = {}
    try:
        instance.full_clean()
    except ValidationError as error:
        errors.update(error.message_dict)
    for name, values in (relations or {}).items():
        if values is None:
            continue
        model = instance._meta.get_field(name).related_model
        if not isinstance(model, type):
            raise TypeError(f"{type(instance).__name__}.{name} is not a relation")
        wrong = [value for value in values if not isinstance(value, model)]
        if wrong:
            label = model._meta.verbose_name if issubclass(model, models.Model) else name
            errors.setdefault(name, []).append(
                _("%(value)r is not a %(model)s.") % {"value": wrong[0], "model": label}
            )
    if errors:
        raise ConfigError(errors)
    with transaction.atomic():
        instance.save()
        for name, values in (relations or {}).items():
            if values is not None:
                getattr(instance, name).set(list(values))
    return instance


def _create(model: type[M], m2m: tuple[str, ...], fields: dict[str, Any]) -> M:
    relations = {name: fields.pop(name, None) for name in m2m}
    unknown = sorted(set(fields) - {f.name for f in model._meta.concrete_fields})
    if unknown:
        raise TypeError(f"{model.__name__} has no field {', '.join(unknown)}")
    return _save(model(**fields), relations)


def configure_program(**fields: Any) -> LoyaltyProgram:
    """Change the loyalty programme's settings (fields not named keep their value).

    Fields: ``is_enabled`` (bool), ``validity_count`` (int or None) with
    ``validity_unit`` (``"days"``, ``"months"`` or ``""`` for never), ``award_moment``
    (``"at_payment"`` or ``"after_appointment"``), ``award_delay_hours`` (int), and the
    message templates ``award_subject``, ``award_body``, ``manual_subject``,
    ``manual_body``. Returns the saved programme; raises ``ConfigError``.
    """
    program = LoyaltyProgram.get()
    unknown = sorted(set(fields) - {f.name for f in LoyaltyProgram._meta.concrete_fields})
    if unknown or "id" in fields:
        raise TypeError(f"LoyaltyProgram has no field {', '.join(unknown or ['id'])}")
    for name, value in fields.items():
        setattr(program, name, value)
    return _save(program)


def create_earning_rule(
    *, name: str, kind: str, points: int, services: Iterable[Any] = (), **fields: Any
) -> EarningRule:
    """A new earning rule; ``kind`` is ``"service"``, ``"per_amount"`` or ``"nth_visit"``.

    ``per_amount`` needs ``amount_step`` (Decimal: points per full step paid, rounded
    down); ``nth_visit`` needs ``visit_number`` (and ``repeat=True`` for every Nth).
    ``services`` (host service objects) limits it; none: every service. Optional:
    ``date_from``, ``date_until`` (dates, included), ``is_active``.
    """
    return _create(
        EarningRule,
        ("services",),
        {"name": name, "kind": kind, "points": points, "services": services, **fields},
    )


def create_pricing_rule(
    *,
    name: str,
    kind: str,
    value: Any,
    services: Iterable[Any] = (),
    staff: Iterable[Any] = (),
    **fields: Any,
) -> PricingRule:
    """A new pricing rule; ``kind`` is ``"percent"``, ``"amount"`` or ``"set_price"``.

    ``value``: a percentage or amount (negative lowers the price), or the new price;
    ``per_hour=True`` makes a set price per hour of the booking. Conditions:
    ``weekdays`` (list of 0 = Monday … 6 = Sunday), ``time_from``/``time_until``
    (start included, end excluded), ``date_from``/``date_until`` (included),
    ``services`` and ``staff`` (none: all), ``priority`` (int, higher wins).
    """
    return _create(
        PricingRule,
        ("services", "staff"),
        {
            "name": name,
            "kind": kind,
            "value": value,
            "services": services,
            "staff": staff,
            **fields,
        },
    )


def create_package_plan(
    *, name: str, kind: str, price: Any, services: Iterable[Any] = (), **fields: Any
) -> PackagePlan:
    """A new package plan; ``kind`` is ``"time_pass"``, ``"credit_pack"`` or ``"visit_pack"``.

    A visit pack needs ``visits`` (int), a credit pack ``credit`` (Decimal). Validity:
    ``validity_count`` with ``validity_unit`` (``"days"``, ``"months"``, ``"years"``);
    none: it never expires. ``services`` (none: all), ``can_buy_online``,
    ``cancellation`` and ``late_cancellation_hours`` as in the admin form.
    """
    return _create(
        PackagePlan,
        ("services",),
        {"name": name, "kind": kind, "price": price, "services": services, **fields},
    )


def create_reward(*, name: str, points_cost: int, kind: str, **fields: Any) -> Reward:
    """A new reward; ``kind`` is ``"percent"``, ``"amount"``, ``"free_service"`` or
    ``"gift_card"``.

    ``value`` is the percentage, the amount or the gift card's value; a free service
    names its ``service`` (or none: any). ``valid_days``: how long the issued code or
    card stays valid.
    """
    return _create(Reward, (), {"name": name, "points_cost": points_cost, "kind": kind, **fields})
