"""The service-level contract, written once and run against every test host.

Under the example salon (``pytest``, ``tests.settings``) and under the studio
(``DJANGO_SETTINGS_MODULE=tests.projects.studio.settings pytest
tests/test_host_contract.py``; ``python3 dev.py test`` runs both), whose
customer is not the user model, whose bookings keep their date and times on a
related session, name no staff, may have no customer (drop-ins) and spell
their states in upper case, and whose server clock (UTC) is not the
business's (Bucharest). Every test talks to the host through ``tests/hosts.py``
and to the app through ``loyalty_promos.api`` and the report services; the
ledgers must still balance at the end of each (``check_balances``).
"""

import csv
import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.utils import timezone

from loyalty_promos import api
from loyalty_promos.admin.views import export_response
from loyalty_promos.exceptions import ChargeError, CouponError
from loyalty_promos.integration import get_adapter
from loyalty_promos.models import Charge, PointsEntry
from loyalty_promos.reports.registry import REPORTS
from loyalty_promos.services import audit, clock
from loyalty_promos.testing import assert_integration_ok

D = Decimal


def at(day: int, hour: int, minute: int = 0) -> datetime.datetime:
    """A moment in March 2026 on the business's clock (the host's ``TIME_ZONE``)."""
    return clock.make_aware(datetime.datetime(2026, 3, day, hour, minute))


@pytest.fixture(autouse=True)
def ledgers_balance(db):
    """Whatever a test did, every cached balance still equals its ledger."""
    yield
    assert audit.find_mismatches() == []


def csv_rows(response) -> list[dict[str, str]]:
    text = b"".join(
        part.encode() if isinstance(part, str) else part for part in response.streaming_content
    ).decode()
    header, *rows = csv.reader(io.StringIO(text))
    return [dict(zip(header, row, strict=True)) for row in rows]


def xlsx_rows(response) -> list[dict[str, object]]:
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    header, *rows = workbook.active.iter_rows(values_only=True)
    return [dict(zip(header, row, strict=True)) for row in rows]


# The host itself ------------------------------------------------------------------------


def test_the_host_passes_every_system_check(host):
    assert_integration_ok()


# Checkout with promo codes --------------------------------------------------------------


def test_checkout_with_a_promo_code_records_the_booking_as_the_adapter_reads_it(host):
    customer = host.customer("Ana Pop")
    course = host.service(price="60.00", title="Vinyasa")
    booking = host.booking(customer, course, start=at(18, 18), minutes=90)
    api.create_coupon(
        name="Spring", code="SPRING10", discount_type="percent", discount_value=D("10")
    )

    charge = api.checkout(booking, code="spring-10")

    assert (charge.list_price, charge.price, charge.discount_amount, charge.amount_due) == (
        D("60.00"),
        D("60.00"),
        D("6.00"),
        D("54.00"),
    )
    assert charge.status == Charge.Status.PENDING
    assert charge.customer == customer
    assert (charge.customer_name, charge.service_name, charge.staff_name) == (
        "Ana Pop",
        "Vinyasa",
        "",
    )
    assert charge.staff_id is None
    assert (charge.starts_at, charge.ends_at) == (at(18, 18), at(18, 19, 30))
    assert charge.currency == host.currency
    assert api.checkout(booking, code="SPRING10") == charge  # once per booking
    assert api.pay(charge, method="card").status == Charge.Status.PAID


def test_the_booking_being_made_reads_and_prices_as_the_saved_one(host):
    """The booking form and the live price build it unsaved (``adapter.build_booking``)."""
    customer = host.customer("Ana Pop")
    course = host.service(price="60.00", title="Vinyasa")
    api.create_coupon(
        name="Spring", code="SPRING10", discount_type="percent", discount_value=D("10")
    )
    adapter = get_adapter()

    unsaved = adapter.build_booking(customer, course, None, at(18, 18), at(18, 19, 30))
    quote = api.quote(unsaved, code="SPRING10")

    assert unsaved.pk is None
    assert adapter.get_customer(unsaved) == customer
    assert (adapter.get_start(unsaved), adapter.get_end(unsaved)) == (at(18, 18), at(18, 19, 30))
    assert (quote.list_price, quote.discount, quote.amount_due) == (
        D("60.00"),
        D("6.00"),
        D("54.00"),
    )


def test_code_limits_count_per_customer_and_in_total(host):
    course = host.service(price="40.00")
    ana, ion = host.customer("Ana Pop"), host.customer("Ion Ionescu")
    api.create_coupon(
        name="Twice",
        code="TWICE",
        discount_type="amount",
        discount_value=D("5"),
        max_uses=2,
        max_uses_per_customer=1,
    )
    api.checkout(host.booking(ana, course, start=at(18, 10)), code="TWICE")

    with pytest.raises(CouponError) as refused:
        api.checkout(host.booking(ana, course, start=at(19, 10)), code="TWICE")
    assert refused.value.code == "customer_limit"
    second = api.checkout(host.booking(ion, course, start=at(19, 10)), code="TWICE")
    with pytest.raises(CouponError) as refused:
        api.checkout(host.booking(host.customer("Eva Lup"), course, start=at(20, 10)), code="TWICE")
    assert refused.value.code == "usage_limit"

    assert second.amount_due == D("35.00")
    assert Charge.objects.count() == 2


def test_weekdays_are_the_businesss_whatever_zone_is_active(host):
    # 23:30 UTC on Friday 20 March is Saturday on the business's clock (Paris, Bucharest).
    start = datetime.datetime(2026, 3, 20, 23, 30, tzinfo=datetime.UTC)
    booking = host.booking(host.customer(), host.service(price="50.00"), start=start)
    api.create_coupon(
        name="Friday", code="FRIDAY", discount_type="percent", discount_value=D("20"), weekdays=[4]
    )
    api.create_coupon(
        name="Weekend",
        code="WEEKEND",
        discount_type="percent",
        discount_value=D("20"),
        weekdays=[5, 6],
    )

    with timezone.override("America/New_York"):
        with pytest.raises(CouponError) as refused:
            api.quote(booking, code="FRIDAY")
        charge = api.checkout(booking, code="WEEKEND")

    assert refused.value.code == "weekday"
    assert charge.discount_amount == D("10.00")
    assert charge.starts_at == start


def test_first_booking_codes_read_earlier_bookings_through_the_adapter(host):
    course = host.service(price="40.00")
    api.create_coupon(
        name="Welcome",
        code="WELCOME",
        discount_type="percent",
        discount_value=D("15"),
        first_booking_only=True,
    )
    regular = host.customer("Ana Pop")
    host.booking(regular, course, start=at(16, 18))
    newcomer = host.customer("Ion Ionescu")
    host.cancel(host.booking(newcomer, course, start=at(16, 18)))  # a cancelled class: no visit

    with pytest.raises(CouponError) as refused:
        api.quote(host.booking(regular, course, start=at(18, 18)), code="WELCOME")
    charge = api.checkout(host.booking(newcomer, course, start=at(18, 18)), code="WELCOME")

    assert refused.value.code == "first_booking_only"
    assert (charge.discount_amount, charge.amount_due) == (D("6.00"), D("34.00"))


def test_an_evening_class_is_earlier_than_one_after_midnight_on_the_businesss_calendar(host):
    # Saturday 01:30 for the business is still Friday in UTC (the studio's server clock):
    # Friday evening's class is an earlier booking all the same.
    course = host.service(price="40.00")
    api.create_coupon(
        name="Welcome",
        code="WELCOME",
        discount_type="percent",
        discount_value=D("15"),
        first_booking_only=True,
    )
    regular = host.customer()
    host.booking(regular, course, start=at(20, 18))

    with pytest.raises(CouponError) as refused:
        api.quote(host.booking(regular, course, start=at(21, 1, 30)), code="WELCOME")

    assert refused.value.code == "first_booking_only"


def test_a_cancelled_booking_is_never_charged(host):
    booking = host.booking(host.customer(), host.service(price="40.00"), start=at(18, 10))
    host.cancel(booking)
    booking = host.reload(booking)

    with pytest.raises(ChargeError) as on_quote:
        api.quote(booking)
    with pytest.raises(ChargeError) as on_checkout:
        api.checkout(booking)

    assert (on_quote.value.code, on_checkout.value.code) == ("cancelled", "cancelled")
    assert not Charge.objects.exists()


# Walk-ins, gift cards, credits ---------------------------------------------------------


def test_a_walk_in_is_checked_out_with_a_code_and_paid_with_a_gift_card(host):
    card = api.issue_gift_card(D("100.00"))
    api.create_coupon(
        name="Door",
        code="DOOR",
        discount_type="percent",
        discount_value=D("10"),
        max_uses_per_customer=1,
    )
    booking = host.booking(None, host.service(price="60.00"), start=at(18, 18), walk_in=True)

    charge = api.checkout(booking, code="DOOR", gift_card=card.code, use_credits=True)

    assert charge.customer is None
    assert charge.customer_name == ""
    assert (charge.discount_amount, charge.gift_card_amount, charge.credits_amount) == (
        D("6.00"),
        D("54.00"),
        D("0.00"),
    )
    assert (charge.amount_due, charge.status) == (D("0.00"), Charge.Status.PAID)
    card.refresh_from_db()
    assert card.balance == D("46.00")


def test_a_walk_in_has_no_first_visit_to_show(host):
    api.create_coupon(
        name="Welcome",
        code="WELCOME",
        discount_type="percent",
        discount_value=D("15"),
        first_booking_only=True,
    )
    booking = host.booking(None, host.service(), start=at(18, 18), walk_in=True)

    with pytest.raises(CouponError) as refused:
        api.checkout(booking, code="WELCOME")

    assert refused.value.code == "first_booking_only"


def test_credits_pay_part_of_a_booking_and_come_back_when_it_is_voided(host):
    customer = host.customer()
    api.add_credit(customer, D("25.00"), "Top-up")
    booking = host.booking(customer, host.service(price="60.00"), start=at(18, 10))

    charge = api.checkout(booking, use_credits=True)
    assert (charge.credits_amount, charge.amount_due) == (D("25.00"), D("35.00"))
    assert api.credit_balance(customer) == D("0.00")

    api.void(charge)
    assert api.credit_balance(customer) == D("25.00")


# Packages --------------------------------------------------------------------------------


def test_a_package_covers_a_checkout_and_cancelling_or_voiding_gives_the_visit_back(host):
    customer = host.customer()
    course = host.service(price="60.00")
    plan = api.create_package_plan(name="5 classes", kind="visit_pack", price=D("250.00"), visits=5)
    package = api.assign_package(customer, plan)
    booking = host.booking(customer, course, start=at(18, 18))

    charge = api.checkout(booking)
    package.refresh_from_db()
    assert (charge.package_amount, charge.amount_due, charge.status) == (
        D("60.00"),
        D("0.00"),
        Charge.Status.PAID,
    )
    assert package.visits_left == 4

    host.cancel(booking)  # the host's own cancelled status voids the charge
    charge.refresh_from_db()
    package.refresh_from_db()
    assert charge.status == Charge.Status.VOID
    assert package.visits_left == 5

    second = api.checkout(host.booking(customer, course, start=at(19, 18)))
    package.refresh_from_db()
    assert package.visits_left == 4
    api.void(second)
    package.refresh_from_db()
    assert package.visits_left == 5


def test_a_package_for_booked_classes_reprices_their_pending_charges(host):
    customer = host.customer()
    pending = api.checkout(host.booking(customer, host.service(price="45.00"), start=at(18, 10)))
    plan = api.create_package_plan(
        name="Credit 100", kind="credit_pack", price=D("90.00"), credit=D("100.00")
    )

    package = api.assign_package(customer, plan, include_existing=True)

    pending.refresh_from_db()
    package.refresh_from_db()
    assert (pending.package_amount, pending.amount_due) == (D("45.00"), D("0.00"))
    assert package.credit_left == D("55.00")


# Points ----------------------------------------------------------------------------------


def test_the_award_job_gives_points_after_the_class_and_they_expire(host):
    api.configure_program(
        is_enabled=True,
        award_moment="after_appointment",
        award_delay_hours=2,
        validity_count=1,
        validity_unit="months",
    )
    api.create_earning_rule(name="Class", kind="service", points=50)
    api.create_earning_rule(name="Per 10", kind="per_amount", points=1, amount_step=D("10"))
    customer = host.customer()
    course = host.service(price="85.00")
    api.pay(api.checkout(host.booking(customer, course, start=at(16, 10))))
    api.pay(api.checkout(host.booking(None, course, start=at(16, 10), walk_in=True)))

    assert api.award_due_points(now=at(16, 12, 59)) == 0  # ends 11:00, + 2 hours
    assert api.award_due_points(now=at(16, 13)) == 2
    assert api.award_due_points(now=at(16, 14)) == 0  # once
    assert api.points_balance(customer) == 58  # 50 + 8 × 1 for 85.00
    assert not Charge.objects.filter(points_awarded_at__isnull=True).exists()  # walk-in: done

    assert api.expire_points(now=at(30, 12)) == 0
    assert api.expire_points(now=datetime.datetime(2026, 4, 15, tzinfo=datetime.UTC)) == 2
    assert api.points_balance(customer) == 0


def test_the_nth_visit_counts_the_visits_on_the_businesss_calendar(host):
    api.configure_program(is_enabled=True, award_moment="at_payment")
    api.create_earning_rule(name="Second visit", kind="nth_visit", points=30, visit_number=2)
    customer = host.customer()
    course = host.service(price="40.00")
    host.booking(customer, course, start=at(20, 18))
    second = host.booking(customer, course, start=at(21, 1, 30))  # Friday in UTC

    api.pay(api.checkout(second))

    assert api.points_balance(customer) == 30


def test_points_pay_a_reward_at_checkout_and_buy_a_gift_card(
    host, mailoutbox, django_capture_on_commit_callbacks
):
    api.configure_program(is_enabled=True)
    customer = host.customer("Ana Pop", email="ana@host.example")
    with django_capture_on_commit_callbacks(execute=True):
        api.adjust_points(customer, 250, "Welcome gift")
    discount = api.create_reward(name="10 off", points_cost=100, kind="amount", value=D("10"))
    card_reward = api.create_reward(
        name="Card 25", points_cost=150, kind="gift_card", value=D("25")
    )
    booking = host.booking(customer, host.service(price="60.00"), start=at(18, 10))

    charge = api.checkout(booking, reward=discount)
    redemption = api.redeem_reward(customer, card_reward)

    assert (charge.discount_source, charge.discount_amount, charge.points_used) == (
        "reward",
        D("10.00"),
        100,
    )
    assert charge.discount_name == discount.name
    assert charge.amount_due == D("50.00")
    assert (redemption.gift_card.balance, redemption.gift_card.owner) == (D("25.00"), customer)
    assert api.points_balance(customer) == 0
    assert [message.to for message in mailoutbox] == [["ana@host.example"]]
    assert "Hello Ana Pop," in mailoutbox[0].body


# Reports and exports ---------------------------------------------------------------------


@pytest.fixture
def sales(host):
    """Three charges: a paid one with a code, a walk-in's pending one, one with credits."""
    course = host.service(price="60.00", title="Vinyasa")
    ana, ion = host.customer("Ana Pop"), host.customer("Ion Ionescu")
    api.create_coupon(
        name="Spring", code="SPRING10", discount_type="percent", discount_value=D("10")
    )
    api.add_credit(ion, D("20.00"), "Top-up")
    coded = api.pay(
        api.checkout(host.booking(ana, course, start=at(18, 18)), code="SPRING10"), method="card"
    )
    walk_in = api.checkout(host.booking(None, course, start=at(18, 19), walk_in=True))
    credited = api.checkout(host.booking(ion, course, start=at(19, 18)), use_credits=True)
    return coded, walk_in, credited


def test_the_billing_report_is_filtered_and_exported_to_csv(host, sales):
    coded, _walk_in, _credited = sales
    report = REPORTS["billing"]
    rows = report.rows(report.filtered({"type": "coupon"}))

    exported = csv_rows(export_response(report, rows, "csv", {}))

    assert list(rows) == [coded]
    assert exported == [
        {
            "date": clock.local(coded.created_at).strftime("%Y-%m-%d %H:%M"),
            "customer": "Ana Pop",
            "service": "Vinyasa",
            "staff member": "",
            "appointment": clock.local(at(18, 18)).strftime("%Y-%m-%d %H:%M"),
            "list price": "60.00",
            "price after pricing rules": "60.00",
            "discount source": "promo code",
            "promo code": "SPRING10",
            "discount": "6.00",
            "paid by package": "0.00",
            "paid by gift card": "0.00",
            "paid with credits": "0.00",
            "points used": "0",
            "amount due": "54.00",
            "status": "paid",
            "payment method": "Card",  # the method's name as paid
            "currency": host.currency,
        }
    ]
    assert report.compute_totals(report.rows(report.filtered({}))) == {
        "rows": 3,
        "list_price": D("180.00"),
        "discount_amount": D("6.00"),
        "package_amount": D("0.00"),
        "gift_card_amount": D("0.00"),
        "credits_amount": D("20.00"),
        "amount_due": D("154.00"),
    }


def test_the_billing_report_exports_pending_charges_to_xlsx(host, sales):
    _coded, walk_in, credited = sales
    report = REPORTS["billing"]
    rows = report.rows(report.filtered({"status": "pending"}))

    exported = xlsx_rows(export_response(report, rows, "xlsx", {}))

    assert sorted(
        (r["customer"] or "", r["paid with credits"], r["amount due"]) for r in exported
    ) == [
        ("", 0, 60),
        ("Ion Ionescu", 20, 40),
    ]
    assert {r["currency"] for r in exported} == {host.currency}
    assert set(rows) == {walk_in, credited}


def test_the_points_report_is_filtered_by_customer_and_exported(host):
    api.configure_program(is_enabled=True, award_moment="at_payment")
    api.create_earning_rule(name="Class", kind="service", points=40)
    ana, ion = host.customer("Ana Pop"), host.customer("Ion Ionescu")
    course = host.service(price="60.00")
    api.pay(api.checkout(host.booking(ana, course, start=at(18, 18))))
    api.pay(api.checkout(host.booking(ion, course, start=at(18, 19))))
    api.adjust_points(ana, -15, "Correction")
    report = REPORTS["points"]

    rows = report.rows(report.filtered({"customer": str(ana.pk)}))
    as_csv = csv_rows(export_response(report, rows, "csv", {}))
    as_xlsx = xlsx_rows(export_response(report, rows, "xlsx", {}))

    expected = [("Ana Pop", "adjusted", -15, 25), ("Ana Pop", "earned", 40, 40)]
    assert [
        (r["customer"], r["kind"], int(r["points"]), int(r["balance after"])) for r in as_csv
    ] == expected
    assert [
        (r["customer"], r["kind"], r["points"], r["balance after"]) for r in as_xlsx
    ] == expected
    assert report.compute_totals(rows) == {"rows": 2, "points": 25, "shortfall": 0}
    assert PointsEntry.objects.filter(customer=ion).count() == 1


def test_the_promo_code_report_counts_new_customers_through_the_adapter(host):
    course = host.service(price="50.00")
    api.create_coupon(
        name="Spring", code="SPRING10", discount_type="percent", discount_value=D("10")
    )
    regular, newcomer = host.customer("Ana Pop"), host.customer("Ion Ionescu")
    host.booking(regular, course, start=at(16, 18))
    api.checkout(host.booking(regular, course, start=at(18, 18)), code="SPRING10")
    api.checkout(host.booking(newcomer, course, start=at(18, 18)), code="SPRING10")
    api.checkout(host.booking(None, course, start=at(18, 19), walk_in=True), code="SPRING10")
    report = REPORTS["coupons"]

    exported = csv_rows(export_response(report, report.rows(report.filtered({})), "csv", {}))

    assert exported == [
        {
            "promo code": "Spring",
            "uses": "3",
            "customers": "2",
            "new customers": "1",
            "discount given": "15.00",
            "revenue of the bookings": "135.00",
        }
    ]


def test_the_report_page_exports_through_the_admin(host, sales, admin_client):
    from django.urls import reverse

    url = reverse("admin:loyalty_promos_report", args=["billing"])

    response = admin_client.get(url, {"export": "csv", "status": "paid"})

    assert response.status_code == 200
    assert [(r["customer"], r["amount due"]) for r in csv_rows(response)] == [("Ana Pop", "54.00")]


# Deleting and anonymising ------------------------------------------------------------


def test_deleting_a_booking_gives_back_what_its_pending_charge_consumed(host):
    customer = host.customer()
    api.add_credit(customer, D("30.00"), "Top-up")
    booking = host.booking(customer, host.service(price="50.00"), start=at(18, 10))
    charge = api.checkout(booking, use_credits=True)

    booking.delete()

    charge.refresh_from_db()
    assert (charge.status, charge.booking_id) == (Charge.Status.VOID, None)
    assert api.credit_balance(customer) == D("30.00")


def test_a_customer_with_a_ledger_cannot_be_deleted(host):
    from django.db.models import ProtectedError

    customer = host.customer()
    charge = api.checkout(host.booking(customer, host.service(), start=at(18, 10)))

    with pytest.raises(ProtectedError):
        customer.delete()

    charge.refresh_from_db()
    assert (charge.status, charge.customer) == (Charge.Status.PENDING, customer)


def test_anonymising_a_customer_keeps_the_ledgers(host):
    from loyalty_promos.services.customers import anonymise_customer

    customer = host.customer("Ana Pop")
    api.add_credit(customer, D("10.00"), "Top-up")
    charge = api.checkout(host.booking(customer, host.service(), start=at(18, 10)))

    anonymise_customer(customer)

    charge.refresh_from_db()
    customer.refresh_from_db()
    assert charge.customer_name == ""
    assert "Ana" not in str(customer)
    assert api.credit_balance(customer) == D("10.00")


# Sharing codes ---------------------------------------------------------------------------

sent_texts = []


def record_sms(phone, message):
    sent_texts.append((phone, message))


def test_a_code_is_shared_through_the_adapters_contact_details(
    host, settings, mailoutbox, django_capture_on_commit_callbacks
):
    from loyalty_promos.services.sharing import share_code

    settings.LOYALTY_PROMOS = {
        **settings.LOYALTY_PROMOS,
        "SMS_SENDER": "tests.test_host_contract.record_sms",
    }
    sent_texts.clear()
    coupon = api.create_coupon(
        name="Spring", code="SPRING10", discount_type="percent", discount_value=D("10")
    )
    ana = host.customer("Ana Pop", email="ana@host.example")
    phone = phone_of(ana)

    with django_capture_on_commit_callbacks(execute=True):
        result = share_code(
            coupon.codes.get(),
            [ana],
            subject="For {{ customer_name }}",
            body="{{ customer_name }}: {{ code }}",
            send_sms=True,
        )

    assert (result.emailed, result.texted, result.unreachable) == (1, 1, 0)
    assert [(m.to, m.subject, m.body) for m in mailoutbox] == [
        (["ana@host.example"], "For Ana Pop", "Ana Pop: SPRING10")
    ]
    assert sent_texts == [(phone, "Ana Pop: SPRING10")]


def phone_of(customer):
    from loyalty_promos.integration import get_adapter

    phone = get_adapter().get_customer_phone(customer)
    assert phone  # both hosts' factories give one
    return phone


# The admin on this host ------------------------------------------------------------------


def test_every_admin_list_add_and_change_page_opens(host, sales, admin_client):
    from django.contrib import admin
    from django.urls import reverse

    _coded, _walk_in, credited = sales
    api.issue_gift_card(D("20.00"), owner=credited.customer)
    plan = api.create_package_plan(name="5 classes", kind="visit_pack", price=D("250"), visits=5)
    api.assign_package(credited.customer, plan)
    api.configure_program(is_enabled=True)
    api.adjust_points(credited.customer, 10, "Welcome")
    api.create_reward(name="10 off", points_cost=100, kind="amount", value=D("10"))
    api.create_earning_rule(name="Class", kind="service", points=10)
    api.create_pricing_rule(name="Weekend", kind="percent", value=D("-10"), weekdays=[5, 6])

    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label != "loyalty_promos":
            continue
        info = model._meta.app_label, model._meta.model_name
        routes = {pattern.name for pattern in model_admin.get_urls()}
        changelist = admin_client.get(reverse("admin:{}_{}_changelist".format(*info)))
        assert changelist.status_code in (200, 302), model  # 302: the one programme
        if "{}_{}_add".format(*info) not in routes:
            continue  # the reports' own entry: an index page, no records
        add = admin_client.get(reverse("admin:{}_{}_add".format(*info)))
        assert add.status_code in (200, 403), model
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            change = admin_client.get(reverse("admin:{}_{}_change".format(*info), args=[first.pk]))
            assert change.status_code == 200, model


def test_every_report_page_opens(host, sales, admin_client):
    from django.urls import reverse

    for code in REPORTS:
        response = admin_client.get(reverse("admin:loyalty_promos_report", args=[code]))
        assert response.status_code == 200, code


def test_staff_check_a_booking_out_in_the_admin(host, admin_client):
    from django.urls import reverse

    api.create_coupon(
        name="Spring", code="SPRING10", discount_type="percent", discount_value=D("10")
    )
    booking = host.booking(host.customer(), host.service(price="60.00"), start=at(18, 10))
    url = reverse("admin:loyalty_promos_charge_checkout", args=[booking.pk])

    preview = admin_client.get(url)
    response = admin_client.post(url, {"code": "SPRING10", "method": "card"})

    assert preview.status_code == 200
    assert response.status_code == 302
    charge = Charge.objects.get(booking_ref=str(booking.pk))
    assert (charge.amount_due, charge.status) == (D("54.00"), Charge.Status.PAID)


def test_staff_test_a_code_against_a_customer_and_a_service(host, admin_client):
    from django.urls import reverse

    api.create_coupon(
        name="Spring", code="SPRING10", discount_type="percent", discount_value=D("10")
    )
    customer, course = host.customer(), host.service(price="60.00")

    response = admin_client.post(
        reverse("admin:loyalty_promos_coupon_test"),
        {
            "code": "SPRING10",
            "customer": customer.pk,
            "service": course.pk,
            "start_0": "2026-03-18",
            "start_1": "10:00",
        },
    )

    assert response.status_code == 200
    assert response.context["outcome"].total == D("54.00")


def test_the_overview_and_the_customer_page_list_what_is_left_to_check_out(host, admin_client):
    from django.urls import reverse

    from loyalty_promos.services.customers import customer_summary
    from loyalty_promos.services.overview import overview

    customer, service = host.customer(), host.service(price="40.00")
    overdue = host.booking(customer, service, start=at(12, 10))
    tonight = host.booking(customer, service, start=at(14, 18))
    host.cancel(host.booking(customer, service, start=at(13, 10)))
    host.booking(customer, service, start=at(16, 10))  # not today yet
    api.checkout(host.booking(customer, service, start=at(13, 11)))

    expected = {overdue.pk, tonight.pk}
    assert {booking.pk for booking in overview().to_check_out} == expected
    assert {booking.pk for booking in customer_summary(customer).to_check_out} == expected
    assert overview().pending_total == D("40.00")
    app_page = admin_client.get(reverse("admin:app_list", args=["loyalty_promos"]))
    customer_page = admin_client.get(reverse("admin:loyalty_promos_customer", args=[customer.pk]))
    assert (app_page.status_code, customer_page.status_code) == (200, 200)
    assert reverse("admin:loyalty_promos_charge_checkout", args=[tonight.pk]) in app_page.text
