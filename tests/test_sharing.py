"""Sending codes to customers: each their own code from a batch, once, in their language,
with the offer's conditions in plain words."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.utils import translation

from loyalty_promos import api
from loyalty_promos.models import CodeShare
from loyalty_promos.services import sharing
from loyalty_promos.services.coupons import redeem
from tests import factories
from tests.conftest import NOW
from tests.utils import run_concurrently

pytestmark = pytest.mark.django_db


@pytest.fixture
def flyers():
    coupon = factories.CouponFactory(name="Flyers", discount_value=Decimal("15"))
    return api.generate_codes(coupon, 5, length=8, prefix="FL")


def send(batch, customers, **options):
    return sharing.share_batch(batch, customers, subject="{{ code }}", body="{{ code }}", **options)


def sent_codes():
    return {m.to[0]: m.subject for m in mail.outbox}


# One code each -------------------------------------------------------------------------------


def test_each_customer_gets_their_own_unused_code_from_the_batch(
    flyers, django_capture_on_commit_callbacks
):
    customers = factories.CustomerFactory.create_batch(3)

    with django_capture_on_commit_callbacks(execute=True):
        result = send(flyers, customers)

    codes = sent_codes()
    assert (result.customers, result.emailed, result.without_code) == (3, 3, 0)
    assert set(codes) == {c.email for c in customers}
    assert len(set(codes.values())) == 3  # three different codes
    assert set(codes.values()) <= set(flyers.codes.values_list("code", flat=True))
    shares = CodeShare.objects.filter(batch=flyers)
    assert {(s.customer_id, s.code_text) for s in shares} == {
        (c.pk, codes[c.email]) for c in customers
    }
    assert all(s.sent_at == NOW and s.emailed and s.language == "en" for s in shares)


def test_a_second_send_of_the_batch_skips_who_already_had_a_code(
    flyers, django_capture_on_commit_callbacks
):
    first, second = factories.CustomerFactory.create_batch(2)
    with django_capture_on_commit_callbacks(execute=True):
        send(flyers, [first])
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        result = send(flyers, [first, second])

    assert (result.customers, result.already_sent) == (1, 1)
    assert list(sent_codes()) == [second.email]
    assert CodeShare.objects.filter(customer=first).count() == 1


def test_running_out_of_codes_says_how_many_got_one(django_capture_on_commit_callbacks):
    batch = api.generate_codes(factories.CouponFactory(), 2)
    customers = factories.CustomerFactory.create_batch(3)

    with django_capture_on_commit_callbacks(execute=True):
        result = send(batch, customers)

    assert (result.customers, result.without_code) == (2, 1)
    assert sorted(sent_codes()) == sorted(c.email for c in customers[:2])
    assert sharing.unused_codes(batch).count() == 0


def test_used_and_inactive_codes_are_never_given(flyers, booking):
    codes = list(flyers.codes.order_by("pk"))
    redeem(codes[0].code, booking)
    codes[1].is_active = False
    codes[1].save()

    send(flyers, factories.CustomerFactory.create_batch(5))

    given = set(CodeShare.objects.values_list("code_id", flat=True))
    assert given == {c.pk for c in codes[2:]}


def test_customers_without_email_take_no_code(flyers):
    unreachable = factories.CustomerFactory(email="")

    result = send(flyers, [unreachable])

    assert (result.unreachable, result.customers) == (1, 0)
    assert sharing.unused_codes(flyers).count() == 5


def test_the_batch_counts_its_unused_codes(flyers):
    send(flyers, factories.CustomerFactory.create_batch(2))

    [batch] = sharing.with_unused_codes(type(flyers).objects.filter(pk=flyers.pk))

    assert batch.unused_codes == 3


def test_the_database_refuses_one_personal_code_for_two_customers(flyers):
    code = flyers.codes.first()
    one, two = factories.CustomerFactory.create_batch(2)
    CodeShare.objects.create(
        coupon=flyers.coupon, batch=flyers, code=code, code_text=code.code, customer=one
    )

    with pytest.raises(IntegrityError), transaction.atomic():
        CodeShare.objects.create(
            coupon=flyers.coupon, batch=flyers, code=code, code_text=code.code, customer=two
        )


def test_one_code_for_everyone_is_recorded_per_customer(django_capture_on_commit_callbacks):
    coupon = factories.CouponFactory(code="PRINTEMPS")
    customers = factories.CustomerFactory.create_batch(2)

    with django_capture_on_commit_callbacks(execute=True):
        result = sharing.share_code(coupon.codes.get(), customers, subject="S", body="{{ code }}")

    assert result.customers == 2
    assert set(CodeShare.objects.values_list("code_text", "batch")) == {("PRINTEMPS", None)}


# Language ------------------------------------------------------------------------------------


def test_the_apps_message_goes_out_in_the_customers_language(
    django_capture_on_commit_callbacks,
):
    coupon = factories.CouponFactory(
        code="PRINTEMPS",
        valid_until=datetime.datetime(2026, 4, 30, 23, 59, tzinfo=NOW.tzinfo),
    )
    ana = factories.CustomerFactory(language="ro")
    camille = factories.CustomerFactory(language="fr")
    emma = factories.CustomerFactory(language="")

    with django_capture_on_commit_callbacks(execute=True):
        sharing.share_code(coupon.codes.get(), [ana, camille, emma])

    by_address = {m.to[0]: m for m in mail.outbox}
    assert by_address[camille.email].subject == "Un code promo pour vous\u00a0: PRINTEMPS"
    assert "30 avril 2026" in by_address[camille.email].body
    assert "30 Aprilie 2026" in by_address[ana.email].body
    assert by_address[emma.email].subject == "A promo code for you: PRINTEMPS"
    languages = dict(CodeShare.objects.values_list("customer_id", "language"))
    assert languages == {ana.pk: "ro", camille.pk: "fr", emma.pk: "en"}


def test_a_message_staff_wrote_goes_out_as_written(django_capture_on_commit_callbacks):
    coupon = factories.CouponFactory(code="ETE")
    camille = factories.CustomerFactory(language="fr")

    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        sharing.share_code(coupon.codes.get(), [camille], subject="Summer", body="{{ code }}!")

    assert [(m.subject, m.body) for m in mail.outbox] == [("Summer", "ETE!")]


def test_a_language_the_site_does_not_offer_falls_back_to_the_sites(settings):
    customer = factories.CustomerFactory(language="de")

    assert sharing.customer_language(customer) == settings.LANGUAGE_CODE


def test_the_default_adapter_knows_no_language():
    from loyalty_promos.integration import DefaultBookingAdapter

    assert DefaultBookingAdapter().get_customer_language(factories.CustomerFactory()) is None


# Conditions in plain words -------------------------------------------------------------------


def test_conditions_say_every_rule_a_customer_must_meet():
    coupon = factories.CouponFactory(
        weekdays=[6, 5],
        time_from=datetime.time(14),
        time_until=datetime.time(16),
        first_booking_only=True,
        max_uses_per_customer=1,
        max_uses=50,
    )
    coupon.services.set(
        [factories.ServiceFactory(name="Coupe femme"), factories.ServiceFactory(name="Brushing")]
    )

    text = sharing.coupon_conditions(coupon)

    assert text == (
        "Saturday and Sunday only; appointments starting from 2 p.m. to 4 p.m.; "
        "for Brushing and Coupe femme only; on a first appointment only; once per customer; "
        "limited to the first 50 uses"
    )


def test_conditions_name_a_few_services_then_count_the_rest():
    coupon = factories.CouponFactory()
    coupon.services.set([factories.ServiceFactory(name=f"S{n}") for n in range(6)])

    assert sharing.coupon_conditions(coupon) == "for S0, S1, S2, S3 and 2 more only"


def test_a_code_without_rules_has_no_conditions():
    assert sharing.coupon_conditions(factories.CouponFactory()) == ""


def test_conditions_are_written_in_the_message(django_capture_on_commit_callbacks):
    coupon = factories.CouponFactory(code="WEEKEND", weekdays=[5, 6], max_uses_per_customer=2)

    with django_capture_on_commit_callbacks(execute=True):
        sharing.share_code(coupon.codes.get(), [factories.CustomerFactory()])

    [email] = mail.outbox
    assert "Conditions: Saturday and Sunday only; 2 times per customer.\n\n" in email.body


# Two sends at once (PostgreSQL) --------------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_sends_at_once_never_give_one_code_to_two_customers():
    batch = api.generate_codes(factories.CouponFactory(), 10)
    groups = [factories.CustomerFactory.create_batch(4) for _ in range(4)]
    overlap = groups[0][:2]  # two customers chosen in two sends
    groups[1][:2] = overlap

    results = run_concurrently(
        [lambda group=group: send(batch, group, user=None) for group in groups]
    )

    assert results == ["ok"] * 4
    shares = list(CodeShare.objects.filter(batch=batch))
    codes = [s.code_id for s in shares]
    customers = [s.customer_id for s in shares]
    assert len(codes) == len(set(codes)) == 10  # every code once, the batch used up
    assert len(customers) == len(set(customers))  # nobody twice
