"""What a charge consumed, read for its receipt and for the confirmation of a void.

Reads only; the void itself is :func:`loyalty_promos.services.checkout.void`.
"""

from __future__ import annotations

from django.db.models import Sum
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from loyalty_promos.models import Charge, PackageUsage, PointsEntry, Redemption
from loyalty_promos.services.money import format_money


def releases(charge: Charge) -> list[tuple[str, str]]:
    """(kind, sentence) for everything voiding ``charge`` gives back or takes back.

    Kinds: ``coupon``, ``package``, ``gift_card``, ``credits``, ``points_spent``,
    ``points_earned``. A fixed number of queries, whatever the charge holds.
    """
    if charge.status == Charge.Status.VOID:
        return []
    money = charge.currency
    found: list[tuple[str, str]] = []
    for code in Redemption.objects.live().filter(charge=charge).values_list("code_text", flat=True):
        found.append(
            ("coupon", _("The use of code %(code)s (it can be used again).") % {"code": code})
        )
    if charge.customer_package_id is not None and charge.package_amount:
        used = PackageUsage.objects.filter(charge=charge, kind=PackageUsage.Kind.USE).aggregate(
            visits=Sum("visits"), amount=Sum("amount")
        )
        plan = str(charge.customer_package.plan) if charge.customer_package else ""
        visits = abs(used["visits"] or 0)
        found.append(
            (
                "package",
                ngettext(
                    "%(count)d visit back to the package %(plan)s",
                    "%(count)d visits back to the package %(plan)s",
                    visits,
                )
                % {"count": visits, "plan": plan}
                if visits
                else _("%(amount)s back to the package %(plan)s")
                % {"amount": format_money(abs(used["amount"] or 0), money), "plan": plan},
            )
        )
    if charge.gift_card_amount and charge.gift_card is not None:
        found.append(
            (
                "gift_card",
                _("%(amount)s back on gift card %(code)s")
                % {
                    "amount": format_money(charge.gift_card_amount, money),
                    "code": charge.gift_card.code,
                },
            )
        )
    if charge.credits_amount:
        found.append(
            (
                "credits",
                _("%(amount)s back to the customer's credit")
                % {"amount": format_money(charge.credits_amount, money)},
            )
        )
    if charge.points_used:
        found.append(
            (
                "points_spent",
                ngettext(
                    "%(count)d point back to the customer",
                    "%(count)d points back to the customer",
                    charge.points_used,
                )
                % {"count": charge.points_used},
            )
        )
    earned = PointsEntry.objects.filter(
        charge=charge, kind=PointsEntry.Kind.EARN, reversed=False
    ).aggregate(points=Sum("points"))["points"]
    if earned:
        found.append(
            (
                "points_earned",
                ngettext(
                    "%(count)d point earned with this charge taken back",
                    "%(count)d points earned with this charge taken back",
                    earned,
                )
                % {"count": earned},
            )
        )
    return found
