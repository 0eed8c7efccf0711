"""Quote, check out, apply a code, pay and void: the billing record of a booking.

The order of steps is fixed:

1. **list price** — read from the booking by the adapter;
2. **pricing rules** — the best matching rule applying alone, then every
   matching rule on top of it (:mod:`~loyalty_promos.services.pricing`);
3. **discount** — a promo code, else a loyalty reward bought with points
   at checkout (``reward=`` names it; ``points=N`` picks the active discount
   reward costing N points), else the customer's permanent discount. The
   permanent discount is never applied to the part paid with credits: it is a
   percentage of the price minus what credits pay at full price;
4. **package** — an active package of the customer that covers the booking;
5. **gift card** — up to its balance;
6. **credits** — up to the customer's balance, when asked;
7. **amount due** — what is left, never negative.

Every step is rounded half-up to the cent. ``quote`` writes nothing;
``checkout`` records the charge and consumes everything in one transaction,
and on any error consumes nothing.
"""

from __future__ import annotations

import datetime
import warnings
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, TypedDict, Unpack

from django.db import transaction
from django.db.models import QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from loyalty_promos import signals
from loyalty_promos.conf import app_settings
from loyalty_promos.exceptions import (
    ChargeError,
    InsufficientPoints,
    LoyaltyPromosDeprecationWarning,
)
from loyalty_promos.formats import format_decimal, format_money
from loyalty_promos.integration import Booking, Customer, User, get_adapter
from loyalty_promos.models import (
    Charge,
    ChargeLine,
    CouponCode,
    CreditEntry,
    CustomerDiscount,
    CustomerPackage,
    GiftCard,
    GiftCardEntry,
    LoyaltyProgram,
    PointsEntry,
    PricingRule,
    Redemption,
    Reward,
    normalize_code,
)
from loyalty_promos.models.base import ZERO
from loyalty_promos.services import (
    coupons,
    giftcards,
    locking,
    packages,
    payment_methods,
    pricing,
    wallet,
)
from loyalty_promos.services import points as points_service
from loyalty_promos.services.money import discount_amount, round_money
from loyalty_promos.signals import send_after_commit
from loyalty_promos.validators import parse_money

Source = Charge.DiscountSource
Line = ChargeLine.Kind


@dataclass
class Quote:
    """The price of a booking, step by step. ``checkout`` records exactly this."""

    booking: Booking
    facts: coupons.BookingFacts
    end: datetime.datetime
    currency: str
    list_price: Decimal
    price: Decimal
    rule: PricingRule | None = None  # the first of ``rules`` (for callers reading one rule)
    rules: list[PricingRule] = field(default_factory=list)
    rule_changes: list[tuple[PricingRule, Decimal]] = field(default_factory=list)
    discount: Decimal = ZERO
    discount_source: str = Source.NONE
    discount_code: str = ""
    discount_name: str = ""
    coupon_code: CouponCode | None = None
    #: The booking's live code use as the code's check found it (True: not known).
    coupon_current_use: int | bool | None = True
    customer_package: CustomerPackage | None = None
    package_amount: Decimal = ZERO
    gift_card: GiftCard | None = None
    gift_card_amount: Decimal = ZERO
    credits_amount: Decimal = ZERO
    points: int = 0
    reward: Reward | None = None
    #: The reward a repriced charge already bought: its points stay spent.
    reward_kept: bool = False
    amount_due: Decimal = ZERO
    lines: list[tuple[str, str, Decimal]] = field(default_factory=list)

    @property
    def customer(self) -> Customer | None:
        return self.facts.customer


def _payments(
    quote: Quote, after_discount: Decimal, *, credit_balance: Decimal | None
) -> tuple[Decimal, Decimal, Decimal, Decimal]:
    """Package, gift card and credits paying ``after_discount``, in that order."""
    remaining = after_discount
    package = packages.amount_covered(quote.customer_package, remaining)
    remaining -= package
    gift = min(quote.gift_card.balance, remaining) if quote.gift_card else ZERO
    remaining -= gift
    credits = min(credit_balance, remaining) if credit_balance is not None else ZERO
    return package, gift, credits, remaining - credits


def build_quote(
    booking: Booking,
    *,
    code: str | None = None,
    gift_card: str | None = None,
    use_credits: bool = False,
    points: int = 0,
    reward: Reward | None = None,
    user: User | None = None,
    lock: bool = False,
    extra_package: CustomerPackage | None = None,
    kept_code: CouponCode | None = None,
    kept_gift_card: bool = False,
    kept_reward: bool = False,
) -> Quote:
    """Price ``booking`` step by step. With ``lock``, balances are locked (checkout).

    ``extra_package`` (unsaved) is considered as if the customer held it: the
    preview of a package assigned to already-booked appointments. ``kept_code``
    is a code the charge already used: it keeps its discount without its rules
    being checked again (they were, when it was applied), so a pending charge
    repriced after its code expired keeps what the customer was given. So do
    ``kept_gift_card`` (``gift_card`` is the charge's own card: used even if it
    expired or was switched off since) and ``kept_reward`` (``reward`` is what
    the charge's points bought: its points stay spent, not checked again).
    """
    adapter = get_adapter()
    facts = coupons.BookingFacts.of(booking)
    list_price = parse_money(facts.price, minimum=None)
    if list_price < 0:  # a host's price, not ours to charge: no negative amount due
        currency = adapter.get_currency(booking)
        raise ChargeError("negative_price", params={"price": format_money(list_price, currency)})
    end = adapter.get_end(booking)
    priced = pricing.price_booking(
        facts.price, service=facts.service, staff=facts.staff, start=facts.start, end=end
    )
    # Per-hour prices times long bookings can outgrow the money columns: refuse clearly.
    price = parse_money(priced.price, minimum=None)
    quote = Quote(
        booking=booking,
        facts=facts,
        end=end,
        currency=adapter.get_currency(booking),
        list_price=list_price,
        price=price,
        rule=priced.rules[0] if priced.rules else None,
        rules=priced.rules,
        rule_changes=priced.steps,
    )
    found = kept_code
    if found is None and code:
        if lock:
            # At checkout the code is locked and checked once, under the lock (the check
            # that counts).
            checked = coupons.check_locked(code, facts, user=user)
            found, quote.coupon_current_use = checked.code, checked.current_use
        else:
            found = coupons.find_code(code, facts=facts)
            coupons.check_rules(found, facts, user=user)
    if found is not None:
        quote.coupon_code = found
        quote.discount = coupons.quote_discount(found.coupon, price)
        quote.discount_source = Source.COUPON
        quote.discount_code = found.code
        quote.discount_name = found.coupon.name
    held = packages.load_packages(facts.customer, facts.start, lock=lock)
    if extra_package is not None:
        held.append(extra_package)
    quote.customer_package = packages.choose(held, facts.service, facts.booking_ref)
    if (points or reward) and quote.coupon_code is None:
        _apply_reward(quote, points, reward, kept=kept_reward)
    if gift_card:
        quote.gift_card = giftcards.find_gift_card(gift_card, lock=lock, kept=kept_gift_card)
    credit_balance: Decimal | None = None
    if use_credits and facts.customer is not None:
        credit_balance = (
            wallet.locked_balance(facts.customer).balance
            if lock
            else wallet.credit_balance(facts.customer)
        )
    # The permanent discount when no code applies: neither a new one nor one kept.
    if found is None and not quote.reward and facts.customer is not None:
        permanent = (
            CustomerDiscount.objects.filter(customer=facts.customer, is_active=True)
            .values_list("percent", flat=True)
            .first()
        )
        if permanent:
            # Not on the part credits pay: the base is the price minus credits at full price.
            _package, _gift, credits_at_full_price, _due = _payments(
                quote, price, credit_balance=credit_balance
            )
            quote.discount = discount_amount(price - credits_at_full_price, "percent", permanent)
            quote.discount_source = Source.PERMANENT
            quote.discount_name = _("Permanent discount %(percent)s %%") % {
                "percent": format_decimal(permanent)
            }
    quote.package_amount, quote.gift_card_amount, quote.credits_amount, quote.amount_due = (
        _payments(quote, price - quote.discount, credit_balance=credit_balance)
    )
    quote.lines = _lines(quote)
    return quote


def _apply_reward(
    quote: Quote, points: int, reward: Reward | None = None, *, kept: bool = False
) -> None:
    """Spend points on ``reward``, or on the active discount reward costing ``points``.

    ``kept``: ``reward`` is what a repriced charge already bought with ``points``; it
    keeps its discount whatever the programme, the reward or the balance say now.
    """
    if kept and reward is not None:
        _reward_discount(quote, reward)
        quote.reward, quote.points, quote.reward_kept = reward, points, True
        return
    if not LoyaltyProgram.get().is_enabled:
        raise InsufficientPoints("disabled")
    rewards = Reward.objects.at_checkout()
    if reward is not None:
        reward = rewards.filter(pk=reward.pk).first()
    else:
        reward = rewards.filter(points_cost=points).order_by("pk").first()
    if reward is None:
        raise InsufficientPoints("no_reward")
    points = reward.points_cost
    if quote.customer is None or points_service.points_balance(quote.customer) < points:
        raise InsufficientPoints()
    if (
        reward.kind == Reward.Kind.FREE_SERVICE
        and reward.service_id is not None
        and (quote.facts.service is None or quote.facts.service.pk != reward.service_id)
    ):
        raise InsufficientPoints("reward_service")
    _reward_discount(quote, reward)
    quote.reward, quote.points = reward, points


def _reward_discount(quote: Quote, reward: Reward) -> None:
    if reward.kind == Reward.Kind.FREE_SERVICE:
        quote.discount = quote.price
    else:
        quote.discount = discount_amount(quote.price, reward.kind, reward.value)
    quote.discount_source = Source.REWARD
    quote.discount_name = reward.name


def _lines(quote: Quote) -> list[tuple[str, str, Decimal]]:
    lines: list[tuple[str, str, Decimal]] = [(Line.LIST_PRICE, _("List price"), quote.list_price)]
    for rule, change in quote.rule_changes:  # one line per rule, in the order they applied
        lines.append((Line.PRICING_RULE, rule.name, change))
    if quote.discount_source == Source.COUPON:
        label = f"{quote.discount_name} ({quote.discount_code})"
        lines.append((Line.COUPON, label, -quote.discount))
    elif quote.discount_source == Source.REWARD:
        label = _("%(reward)s (%(points)d points)") % {
            "reward": quote.discount_name,
            "points": quote.points,
        }
        lines.append((Line.REWARD, label, -quote.discount))
    elif quote.discount_source == Source.PERMANENT and quote.discount:
        # Not shown when credits pay it all (the discount is not applied to them): 0.00 off.
        lines.append((Line.PERMANENT, quote.discount_name, -quote.discount))
    if quote.package_amount and quote.customer_package is not None:
        lines.append((Line.PACKAGE, str(quote.customer_package.plan), -quote.package_amount))
    if quote.gift_card_amount and quote.gift_card is not None:
        lines.append((Line.GIFT_CARD, quote.gift_card.code, -quote.gift_card_amount))
    if quote.credits_amount:
        lines.append((Line.CREDITS, _("Credits"), -quote.credits_amount))
    lines.append((Line.AMOUNT_DUE, _("Amount due"), quote.amount_due))
    return lines


class CheckoutOptions(TypedDict, total=False):
    """How a booking is paid: the keyword arguments ``quote`` and ``checkout`` share.

    ``code``: a promo code as the customer typed it. ``gift_card``: a gift card's
    code. ``use_credits``: pay what is left with the customer's credit.
    ``reward``: a loyalty reward bought with points at checkout. ``points``:
    deprecated — picks the active discount reward costing exactly that many
    points; pass ``reward`` instead. ``user``: the staff user (recorded, and
    allowed to apply staff-only codes).
    """

    code: str | None
    gift_card: str | None
    use_credits: bool
    points: int
    reward: Reward | None
    user: User | None


def _options(options: CheckoutOptions) -> CheckoutOptions:
    if options.get("points") and options.get("reward") is None:
        warnings.warn(
            "checkout(points=N) and quote(points=N) are deprecated: pass reward=<Reward>. "
            "points=N picks only a reward costing exactly N points.",
            LoyaltyPromosDeprecationWarning,
            stacklevel=3,
        )
    return options


def quote(booking: Booking, **options: Unpack[CheckoutOptions]) -> Quote:
    """Price a booking without writing anything (raises the same errors as checkout).

    ``options`` are :class:`CheckoutOptions`. Returns a :class:`Quote`: at least
    ``list_price``, ``price`` (after pricing rules), ``discount``,
    ``discount_source``, ``package_amount``, ``gift_card_amount``,
    ``credits_amount``, ``points``, ``amount_due`` and ``lines``.

    Raises :class:`~loyalty_promos.exceptions.ChargeError` (``cancelled``,
    ``negative_price`` when the host gives the booking a negative price),
    :class:`~loyalty_promos.exceptions.CouponError` (the code's rule that
    fails), :class:`~loyalty_promos.exceptions.GiftCardError` (``unknown``,
    ``inactive``, ``expired``, ``empty``),
    :class:`~loyalty_promos.exceptions.InsufficientPoints` (``no_reward``,
    ``insufficient_points``, ``reward_service``, ``disabled``) or
    :class:`~loyalty_promos.exceptions.AmountError` (a price the money
    columns cannot hold).
    """
    if get_adapter().is_cancelled(booking):
        raise ChargeError("cancelled")
    return build_quote(booking, **_options(options))


def _asks_for_more(charge: Charge, options: CheckoutOptions) -> bool:
    """Whether a checkout of an already checked-out booking asks for what its charge lacks."""
    code, card = options.get("code"), options.get("gift_card")
    if code and normalize_code(code) != normalize_code(charge.discount_code or ""):
        return True
    if card and (charge.gift_card is None or normalize_code(card) != charge.gift_card.code):
        return True
    if options.get("use_credits") and not charge.uses_credits:
        return True
    return bool(options.get("reward") or options.get("points")) and not charge.points_used


def checkout(booking: Booking, **options: Unpack[CheckoutOptions]) -> Charge:
    """Record the booking's charge and consume what pays it, atomically and once.

    ``options`` are :class:`CheckoutOptions`. Calling it again for a booking that
    has a pending or paid charge returns that charge and consumes nothing more —
    unless the call asks for something the charge does not have (another code, a
    gift card, credits, a reward): that is refused (``ChargeError``,
    ``already_checked_out``); apply a code to the pending charge with
    ``apply_code``, or void it and check out again. A booking the adapter says
    is cancelled is refused (``cancelled``) and nothing is consumed; a booking
    deleted meanwhile is ``no_booking``. A walk-in booking (no customer) is
    charged without points, credits, packages or per-customer rules. Other
    errors as :func:`quote`; after any error nothing is consumed.

    Rows are locked in the one order (:mod:`loyalty_promos.services.locking`):
    the booking (two checkouts of one booking run one after the other), the
    promo code, the customer's packages, the gift card, the credit balance,
    the points balance.
    """
    options = _options(options)
    user = options.get("user")
    with locking.atomic():
        locked = locking.lock(booking=booking).one(locking.BOOKING)
        if locked is None:
            raise ChargeError("no_booking")
        if get_adapter().is_cancelled(locked):
            raise ChargeError("cancelled")
        # Read after the lock: a checkout of this booking that held it has committed. Only
        # its key first (at most one is live: a constraint); the charge itself is rare.
        live = Charge.objects.live().filter(booking=booking).values_list("pk", flat=True)
        existing: Charge | None = None
        for pk in live[:1]:
            existing = Charge.objects.select_related("gift_card").get(pk=pk)
        if existing is not None:
            if _asks_for_more(existing, options):
                raise ChargeError("already_checked_out")
            return existing
        result = build_quote(booking, lock=True, **options)
        use_credits = bool(options.get("use_credits"))
        charge = Charge(booking=booking, created_by=user, uses_credits=use_credits)
        _record(charge, result, user=user)
        send_after_commit(signals.charge_checked_out, Charge, charge=charge)
        if charge.status == Charge.Status.PAID:
            send_after_commit(signals.charge_paid, Charge, charge=charge, method="")
    return charge


def _record(charge: Charge, result: Quote, *, user: User | None) -> None:
    """Write the quote on ``charge`` and consume code use, gift card and credits."""
    facts = result.facts
    adapter = get_adapter()
    charge.customer = facts.customer
    charge.service = facts.service
    charge.staff = facts.staff
    charge.booking_ref = facts.booking_ref
    charge.customer_name = adapter.get_customer_name(facts.customer) if facts.customer else ""
    charge.service_name = str(facts.service or "")
    charge.staff_name = str(facts.staff or "")
    charge.starts_at = facts.start
    charge.ends_at = result.end
    charge.series_key = facts.series_key or ""
    charge.currency = result.currency or app_settings.CURRENCY
    charge.list_price = result.list_price
    charge.price = result.price
    charge.discount_source = result.discount_source
    charge.discount_code = result.discount_code
    charge.discount_name = result.discount_name
    charge.discount_amount = result.discount
    charge.package_amount = result.package_amount
    charge.customer_package = result.customer_package if result.package_amount else None
    charge.gift_card = result.gift_card
    charge.gift_card_amount = result.gift_card_amount
    charge.credits_amount = result.credits_amount
    charge.points_used = result.points
    charge.amount_due = result.amount_due
    if result.amount_due == 0:
        charge.status, charge.paid_at = Charge.Status.PAID, timezone.now()
    is_new = charge.pk is None
    charge.save()
    locking.hold(locking.CHARGE, [charge])
    if not is_new:
        ChargeLine.objects.filter(charge=charge).delete()
    ChargeLine.objects.bulk_create(
        ChargeLine(charge=charge, position=n, kind=kind, label=label[:200], amount=amount)
        for n, (kind, label, amount) in enumerate(result.lines)
    )
    if result.coupon_code is not None:
        coupons.record_use(
            result.coupon_code,
            facts,
            price=result.price,
            charge=charge,
            user=user,
            current_use=result.coupon_current_use,
        )
    if result.package_amount and result.customer_package is not None:
        packages.use(result.customer_package, result.package_amount, charge=charge)
    if result.gift_card_amount and result.gift_card is not None:
        giftcards.spend_gift_card(result.gift_card, result.gift_card_amount, charge=charge)
    if result.credits_amount:
        wallet.spend_credit(
            facts.customer, result.credits_amount, charge=charge, description=charge.booking_ref
        )
    if result.points and result.reward is not None and not result.reward_kept:
        points_service.take(
            facts.customer,
            result.points,
            PointsEntry.Kind.SPEND,
            charge=charge,
            booking=facts.booking,
            reward=result.reward,
            description=result.reward.name,
        )
    if charge.status == Charge.Status.PAID:
        _award_at_payment(charge)


def _award_at_payment(charge: Charge) -> None:
    program = LoyaltyProgram.get()
    if program.is_enabled and program.award_moment == LoyaltyProgram.AwardMoment.AT_PAYMENT:
        points_service.award_charge(charge.pk, program=program)


def _reverse(
    charge: Charge,
    *,
    user: User | None = None,
    no_show: bool = False,
    cancelling: bool = True,
    keep_points_spent: bool = False,
) -> None:
    """Give back everything ``charge`` consumed, with reversal entries (in the lock order).

    ``cancelling``: the booking is cancelled (a void), so a plan's late-cancellation
    forfeit applies; a reprice is no cancellation and gets everything back.
    ``keep_points_spent``: a reprice keeping the charge's reward leaves its points
    spent (given back, they could land in lots expired since and be lost)."""
    for redemption in Redemption.objects.live().filter(charge=charge):
        coupons.release(redemption)
    packages.give_back(charge, no_show=no_show, user=user, cancelling=cancelling)
    # What the ledgers say the charge holds, not the amounts written on it: the same
    # unless a row was edited behind the services, and then the ledger is the truth.
    if charge.gift_card_amount and charge.gift_card is not None:
        held = _held(GiftCardEntry.objects.filter(charge=charge, card=charge.gift_card))
        if held > 0:
            giftcards.refund_gift_card(charge.gift_card, held, charge=charge)
    if charge.credits_amount and charge.customer_id is not None:
        held = _held(CreditEntry.objects.filter(charge=charge, customer_id=charge.customer_id))
        if held > 0:
            wallet.refund_charge_credit(
                charge.customer, held, charge=charge, description=charge.booking_ref
            )
    points_service.reverse_charge_points(charge, give_back_spent=not keep_points_spent)


def _held(entries: QuerySet[Any]) -> Decimal:
    """What a charge's ledger ``entries`` still take from their holder (spent minus given back)."""
    total = entries.aggregate(total=Sum("amount"))["total"]
    return -round_money(total) if total is not None else ZERO


def _locked(charge: Charge) -> Charge:
    return locking.lock(charges=[charge]).get(locking.CHARGE, Charge)


def lock_for_reprice(charges: Iterable[Charge | int], *, code: str | None = None) -> list[Charge]:
    """Lock ``charges`` and every row repricing them may write, in the one lock order.

    Repricing gives back what a charge consumed and consumes afresh, so it
    touches the promo code, the customer's packages, the gift card and both
    balances; all are locked here, before the first write.
    """
    locked: list[Charge] = locking.lock(charges=charges).rows.get(locking.CHARGE, [])
    customers = {c.customer_id for c in locked if c.customer_id is not None}
    texts = {code} if code else {c.discount_code for c in locked if c.discount_code}
    matching = CouponCode.objects.filter(normalized__in={normalize_code(t) for t in texts})
    found = list(matching.values_list("pk", "coupon_id")) if texts else []
    held: list[int | None] = [c.customer_package_id for c in locked]
    if customers:
        held += CustomerPackage.objects.filter(
            customer_id__in=customers, is_active=True
        ).values_list("pk", flat=True)
    locking.lock(
        coupons=[coupon for _pk, coupon in found],
        codes=[pk for pk, _coupon in found],
        packages=held,
        gift_cards=[c.gift_card_id for c in locked],
        credits_of=customers,
        points_of=customers,
    )
    return locked


def reprice(
    charge: Charge,
    *,
    code: str | None = None,
    user: User | None = None,
    drop_code: bool = False,
) -> Charge:
    """Compute a pending charge again (same code unless ``code``; none with
    ``drop_code``), consuming afresh."""
    with locking.atomic():
        charge = lock_for_reprice([charge], code=code)[0]
        if charge.status != Charge.Status.PENDING:
            raise ChargeError("not_pending")
        if charge.booking is None:
            raise ChargeError("no_booking")
        kept: CouponCode | None = None
        if drop_code and charge.discount_source != Source.COUPON:
            return charge  # no code to take off: nothing changes
        if code is None and not drop_code and charge.discount_source == Source.COUPON:
            uses = Redemption.objects.live().filter(charge=charge).select_related("code__coupon")
            use = uses.first()
            kept = use.code if use is not None else None
            code = None if kept is not None else charge.discount_code
        gift_card = charge.gift_card.code if charge.gift_card_amount and charge.gift_card else None
        points, reward = charge.points_used, None
        if points:  # the reward those points bought, read only when there is one
            spends = PointsEntry.objects.filter(
                charge=charge, kind=PointsEntry.Kind.SPEND, reversed=False
            )
            spend = spends.select_related("reward").first()
            reward = spend.reward if spend is not None else None
        # The reward stays unless a code replaces it: its points stay spent.
        keep_reward = reward is not None and code is None
        _reverse(charge, user=user, cancelling=False, keep_points_spent=keep_reward)
        result = build_quote(
            charge.booking,
            code=code,
            gift_card=gift_card,
            use_credits=charge.uses_credits,
            points=points,
            reward=reward,
            user=user,
            lock=True,
            kept_code=kept,
            kept_gift_card=gift_card is not None,
            kept_reward=keep_reward,
        )
        _record(charge, result, user=user)
    return charge


def apply_code(charge: Charge, code: str, *, user: User | None = None) -> Charge:
    """Apply a promo code to a pending charge and recompute what is due.

    What the charge consumed is given back and consumed afresh with the code,
    in one transaction; returns the charge. Raises
    :class:`~loyalty_promos.exceptions.ChargeError` (``not_pending`` for a paid
    or void charge, ``no_booking`` when its booking was deleted),
    :class:`~loyalty_promos.exceptions.CouponError` when the code does not
    apply, and the other errors of :func:`quote`.
    """
    return reprice(charge, code=code, user=user)


def remove_code(charge: Charge, *, user: User | None = None) -> Charge:
    """Take the promo code off a pending charge and recompute what is due.

    The code's use is released (it counts again towards its limits) and the
    charge is priced as if checked out without a code — the customer's
    permanent discount applies again when there is one. A charge without a
    code is returned unchanged. Raises :class:`~loyalty_promos.exceptions.ChargeError`
    (``not_pending``, ``no_booking``) as :func:`apply_code` does.
    """
    return reprice(charge, user=user, drop_code=True)


def pay(charge: Charge, *, method: str = "", user: User | None = None) -> Charge:
    """Mark a pending charge paid. Paying a paid charge changes nothing.

    ``method`` is the code of an active :class:`~loyalty_promos.models.PaymentMethod`
    (``"card"``, ``"cash"`` …, any case), or empty when not recorded; the charge
    keeps the method and its name as it reads now. Points earned at payment are
    awarded in the same transaction. Raises
    :class:`~loyalty_promos.exceptions.ChargeError`: ``void`` for a voided charge,
    ``unknown_payment_method`` for a code that is not an active method.
    """
    chosen = payment_methods.find_method(method) if method else None
    with locking.atomic():
        charge = _locked(charge)
        if charge.status == Charge.Status.VOID:
            raise ChargeError("void")
        if charge.status == Charge.Status.PENDING:
            charge.status = Charge.Status.PAID
            charge.method = chosen
            charge.payment_method = chosen.name if chosen else ""
            charge.paid_at = timezone.now()
            charge.save(
                update_fields=["status", "method", "payment_method", "paid_at", "updated_at"]
            )
            send_after_commit(signals.charge_paid, Charge, charge=charge, method=method)
            _award_at_payment(charge)
    return charge


def void(charge: Charge, *, user: User | None = None, no_show: bool = False) -> Charge:
    """Cancel a charge: give back everything it consumed; the record stays, void.

    The code use, package visit or credit, gift-card amount, credits and points
    spent come back, and points it earned are taken back, with reversal
    entries. A package whose plan forfeits late cancellations keeps the visit
    or credit when the booking is cancelled late or, with ``no_show``, not
    attended. Voiding a void charge changes nothing; raises nothing of its own.
    """
    with locking.atomic():
        charge = _locked(charge)
        if charge.status == Charge.Status.VOID:
            return charge
        _reverse(charge, user=user, no_show=no_show)
        charge.status = Charge.Status.VOID
        charge.voided_at = timezone.now()
        charge.save(update_fields=["status", "voided_at", "updated_at"])
        send_after_commit(signals.charge_voided, Charge, charge=charge)
    return charge


def checkout_and_pay(
    booking: Booking, *, method: str = "", **options: Unpack[CheckoutOptions]
) -> Charge:
    """Check the booking out (``options`` as for :func:`checkout`) and, when ``method``
    is given and something is left to pay, mark it paid: both or neither.

    The desk's "check out" button: a payment that fails leaves no pending charge
    behind, and nothing consumed.
    """
    with transaction.atomic():
        charge = checkout(booking, **options)
        if method and charge.status == Charge.Status.PENDING:
            charge = pay(charge, method=method, user=options.get("user"))
    return charge


def pay_many(
    charges: Iterable[Charge], *, method: str = "", user: User | None = None
) -> list[Charge]:
    """Mark several pending charges paid in one transaction: all of them, or none.

    Charges are paid in primary-key order (two staff paying overlapping
    selections wait for each other instead of deadlocking); each is paid as
    :func:`pay` pays it, points awarded at payment included.
    """
    with transaction.atomic():
        return [
            pay(charge, method=method, user=user) for charge in sorted(charges, key=lambda c: c.pk)
        ]
