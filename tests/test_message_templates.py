"""Staff-written messages: checked when saved, and never able to block money when sent."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from loyalty_promos import api
from loyalty_promos.models import Charge, LoyaltyProgram, PointsEntry
from loyalty_promos.services import sharing
from loyalty_promos.templating import ALLOWED_TAGS, refused_tags, render, validate_message
from tests import factories
from tests.conftest import NOW

pytestmark = pytest.mark.django_db
LOGGED = "Points notification to customer"


def python_says(expression):
    try:
        expression()
    except ZeroDivisionError as error:
        return str(error)


#: Python's own words for ``25 % 0`` (they differ between versions).
MODULO_BY_ZERO = python_says(lambda: 25 % 0)

#: Mistakes staff (or code, or an older version) could leave in a stored message.
BROKEN = {
    "missing include": '{% include "loyalty_promos/missing.txt" %}',
    "missing library": "{% load no_such_library %}{{ points }}",
    "unknown tag": "{% bogus %}",
    "unknown filter": "{{ points|no_such_filter }}",
    "unclosed tag": "{% if points %}you earned {{ points }}",
    "failing filter": "{{ points|divisibleby:0 }}",
}


@pytest.fixture
def program(db):
    program = LoyaltyProgram.get()
    program.is_enabled = True
    program.award_moment = LoyaltyProgram.AwardMoment.AT_PAYMENT
    program.save()
    factories.EarningRuleFactory(points=10)
    return program


def break_messages(text):
    """Store ``text`` in every message as code would: no form, no clean()."""
    LoyaltyProgram.objects.filter(pk=1).update(
        award_subject=text, award_body=text, manual_subject=text, manual_body=text
    )


def booking_for(customer, price="45.00"):
    return factories.AppointmentFactory(
        customer=customer,
        service=factories.ServiceFactory(price=Decimal(price)),
        start=NOW + datetime.timedelta(days=2),
    )


# A message that fails when sent is logged; the money goes through -----------------------


@pytest.mark.parametrize("text", BROKEN.values(), ids=BROKEN.keys())
def test_pay_succeeds_with_a_broken_award_message(
    program, customer, text, django_capture_on_commit_callbacks, caplog
):
    break_messages(text)
    charge = api.checkout(booking_for(customer))

    with django_capture_on_commit_callbacks(execute=True):
        api.pay(charge, method="card")

    charge.refresh_from_db()
    assert charge.status == Charge.Status.PAID
    assert api.points_balance(customer) == 10
    assert LOGGED in caplog.text
    assert mail.outbox == []


@pytest.mark.parametrize("text", BROKEN.values(), ids=BROKEN.keys())
def test_a_free_checkout_succeeds_with_a_broken_award_message(
    program, customer, text, django_capture_on_commit_callbacks, caplog
):
    break_messages(text)
    factories.CouponFactory(code="FREE", discount_value=Decimal("100"))

    with django_capture_on_commit_callbacks(execute=True):
        charge = api.checkout(booking_for(customer), code="FREE")

    assert (charge.status, charge.amount_due) == (Charge.Status.PAID, Decimal("0.00"))
    assert api.points_balance(customer) == 10
    assert LOGGED in caplog.text


@pytest.mark.parametrize("text", BROKEN.values(), ids=BROKEN.keys())
def test_the_award_job_succeeds_with_a_broken_award_message(
    program, customer, text, django_capture_on_commit_callbacks, caplog
):
    program.award_moment = LoyaltyProgram.AwardMoment.AFTER_APPOINTMENT
    program.save()
    break_messages(text)
    for _index in range(2):  # the job goes on to the next customer too
        api.pay(api.checkout(booking_for(factories.CustomerFactory())), method="card")

    with django_capture_on_commit_callbacks(execute=True):
        made = api.award_due_points(NOW + datetime.timedelta(days=3))

    assert made == 2
    assert PointsEntry.objects.filter(kind=PointsEntry.Kind.EARN).count() == 2
    assert caplog.text.count(LOGGED) == 2


@pytest.mark.parametrize("text", BROKEN.values(), ids=BROKEN.keys())
def test_adjust_points_succeeds_with_a_broken_manual_message(
    program, customer, text, django_capture_on_commit_callbacks, caplog
):
    break_messages(text)

    with django_capture_on_commit_callbacks(execute=True):
        entry = api.adjust_points(customer, 25, "Parrainage")

    assert (entry.kind, entry.points) == (PointsEntry.Kind.ADJUST, 25)
    assert api.points_balance(customer) == 25
    assert LOGGED in caplog.text


def test_the_add_points_page_succeeds_with_a_broken_manual_message(
    program, customer, admin_client, django_capture_on_commit_callbacks, caplog
):
    break_messages(BROKEN["missing include"])

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:loyalty_promos_points_add"),
            {"customer": customer.pk, "points": "30", "description": "Parrainage"},
        )

    assert response.status_code == 302
    assert api.points_balance(customer) == 30
    assert LOGGED in caplog.text


def test_the_programme_page_shows_a_stored_mistake_in_its_preview(program, admin_client):
    break_messages(BROKEN["failing filter"])

    response = admin_client.get(
        reverse("admin:loyalty_promos_loyaltyprogram_change", args=[program.pk])
    )

    assert response.status_code == 200
    assert f"This message has a mistake: {MODULO_BY_ZERO}" in response.text


def test_a_good_message_is_still_sent_after_commit(
    program, customer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        api.adjust_points(customer, 25, "Parrainage")

    assert len(callbacks) == 1
    [email] = mail.outbox
    assert email.subject == "Your points balance was updated"
    assert "Your balance is now 25 points." in email.body


# Messages are checked when they are saved ------------------------------------------------


def programme_form(program, **changes):
    data = {
        "is_enabled": "on",
        "validity_count": "",
        "validity_unit": "",
        "award_moment": program.award_moment,
        "award_delay_hours": "3",
        "award_subject": program.award_subject,
        "award_body": program.award_body,
        "manual_subject": program.manual_subject,
        "manual_body": program.manual_body,
    }
    return {**data, **changes}


@pytest.mark.parametrize(
    ("text", "error"),
    [
        (
            BROKEN["missing include"],
            "“Automatic award: message” uses a tag that messages cannot use: include. "
            "Messages may use the variables, Django&#x27;s filters and these tags: "
            + ", ".join(ALLOWED_TAGS)
            + ".",
        ),
        (
            BROKEN["missing library"],
            "“Automatic award: message” uses a tag that messages cannot use: load.",
        ),
        (
            BROKEN["unknown tag"],
            "“Automatic award: message” uses a tag that messages cannot use: bogus.",
        ),
        (
            BROKEN["unknown filter"],
            "“Automatic award: message” has a mistake: Invalid filter: &#x27;no_such_filter&#x27;",
        ),
        (
            BROKEN["unclosed tag"],
            "“Automatic award: message” has a mistake: Unclosed tag on line 1: &#x27;if&#x27;.",
        ),
        (
            BROKEN["failing filter"],
            "“Automatic award: message” cannot be written with sample values: " + MODULO_BY_ZERO,
        ),
    ],
    ids=BROKEN.keys(),
)
def test_the_programme_form_refuses_a_broken_message(program, admin_client, text, error):
    url = reverse("admin:loyalty_promos_loyaltyprogram_change", args=[program.pk])

    response = admin_client.post(url, programme_form(program, award_body=text))

    assert response.status_code == 200
    assert error in response.text
    assert list(response.context["adminform"].form.errors) == ["award_body"]
    program.refresh_from_db()
    assert program.award_body == LoyaltyProgram._meta.get_field("award_body").default


def test_the_programme_form_accepts_a_message_with_allowed_tags(program, admin_client):
    url = reverse("admin:loyalty_promos_loyaltyprogram_change", args=[program.pk])
    body = "{% if balance > 100 %}Bravo{% else %}Merci{% endif %} {{ customer_name|upper }}"

    response = admin_client.post(url, programme_form(program, manual_subject=body))

    assert response.status_code == 302
    program.refresh_from_db()
    assert program.manual_subject == body


def test_the_model_names_every_broken_field():
    program = LoyaltyProgram(pk=1, award_subject="{% bogus %}", manual_body="{{ x|nope }}")

    with pytest.raises(ValidationError) as error:
        program.clean()

    assert sorted(error.value.message_dict) == ["award_subject", "manual_body"]
    assert error.value.error_dict["award_subject"][0].code == "template_tag"
    assert error.value.error_dict["manual_body"][0].code == "template"


def test_the_share_form_refuses_an_include(admin_client):
    coupon = factories.CouponFactory(code="SHARE")
    customer = factories.CustomerFactory()

    response = admin_client.post(
        reverse("admin:loyalty_promos_coupon_share", args=[coupon.pk]),
        {"customers": [customer.pk], "subject": "Hi", "body": '{% include "secret.txt" %}'},
    )

    assert response.status_code == 200
    assert "“Message” uses a tag that messages cannot use: include." in response.text
    assert mail.outbox == []


def test_share_code_refuses_a_template_passed_by_code():
    code = factories.CouponCodeFactory(code="CODE1")

    with pytest.raises(ValidationError) as error:
        sharing.share_code(code, [], subject="{% load i18n %}", body="Hi")

    assert error.value.code == "template_tag"
    assert error.value.messages == [
        "“Subject” uses a tag that messages cannot use: load. Messages may use the variables, "
        "Django's filters and these tags: " + ", ".join(ALLOWED_TAGS) + "."
    ]


# The message engine -----------------------------------------------------------------------


def test_the_engine_knows_only_the_allowed_tags():
    assert refused_tags("{% if a %}{% include 'x' %}{% else %}{% url 'y' %}{% endif %}") == [
        "include",
        "url",
    ]
    assert refused_tags("{% verbatim %}{% include 'x' %}{% endverbatim %}") == []
    assert render("{% for n in items %}{{ n }}{% empty %}-{% endfor %}", {"items": [1, 2]}) == "12"
    assert render("{{ name|default:'vous' }} & co", {}) == "vous & co"  # plain text, no escaping


def test_validate_message_returns_the_text():
    text = "Hello {{ customer_name }}"

    assert validate_message(text, label="Body", sample={"customer_name": "Ana"}) == text
