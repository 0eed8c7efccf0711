"""The share page: one code for everyone, or each customer their own code from a batch."""

from decimal import Decimal

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from loyalty_promos import api
from loyalty_promos.models import CodeShare
from loyalty_promos.services import sharing
from tests import factories
from tests.utils import redirected

pytestmark = pytest.mark.django_db


def share_url(coupon):
    return reverse("admin:loyalty_promos_coupon_share", args=[coupon.pk])


def default_message():
    # As a browser posts a textarea: with CRLF line ends.
    return {
        "subject": str(sharing.DEFAULT_SUBJECT),
        "body": str(sharing.DEFAULT_BODY).replace("\n", "\r\n"),
    }


@pytest.fixture
def flyers():
    coupon = factories.CouponFactory(
        name="Flyers", discount_value=Decimal("15"), max_uses_per_customer=1
    )
    return api.generate_codes(coupon, 3, length=8, prefix="FL", label="Flyers printemps")


def test_a_batch_gives_each_customer_their_own_code(
    admin_client, flyers, django_capture_on_commit_callbacks
):
    customers = factories.CustomerFactory.create_batch(4)
    page = admin_client.get(share_url(flyers.coupon))
    choices = [str(label) for _, label in page.context["form"].fields["batch"].choices]
    assert choices == ["“Flyers printemps”: a code of their own for each (3 unused codes left)"]

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            share_url(flyers.coupon),
            {"batch": flyers.pk, "customers": [c.pk for c in customers], **default_message()},
        )

    page = redirected(
        admin_client,
        response,
        reverse("admin:loyalty_promos_coupon_change", args=[flyers.coupon.pk]),
    )
    assert (
        "3 customers got a code of their own (3 emailed). The batch ran out of unused codes: "
        "1 customer got none." in page.text
    )
    assert len({m.subject for m in mail.outbox}) == 3
    assert "Conditions: once per customer." in mail.outbox[0].body
    assert CodeShare.objects.filter(batch=flyers).count() == 3


def test_a_promo_code_with_a_hand_made_code_offers_it_to_everyone(admin_client, flyers):
    factories.CouponCodeFactory(coupon=flyers.coupon, code="FLYERS")

    page = admin_client.get(share_url(flyers.coupon))

    choices = [str(label) for _, label in page.context["form"].fields["batch"].choices]
    assert choices[0] == "The same code for everyone: FLYERS"
    assert page.context["title"] == "Send the code FLYERS to customers"


def test_an_edited_message_is_sent_as_written(
    admin_client, flyers, django_capture_on_commit_callbacks
):
    customer = factories.CustomerFactory(language="fr")

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            share_url(flyers.coupon),
            {
                "batch": flyers.pk,
                "customers": [customer.pk],
                "subject": "Your code",
                "body": "{{ code }} — {{ conditions }}",
            },
        )

    [email] = mail.outbox
    assert email.subject == "Your code"
    assert email.body.endswith(" — once per customer")


def test_from_the_customer_list_a_batch_of_another_promo_code_is_refused(admin_client, flyers):
    other = factories.CouponFactory(code="OTHER")
    customer = factories.CustomerFactory()

    response = admin_client.post(
        reverse("admin:loyalty_promos_coupon_share_customers"),
        {"coupon": other.pk, "batch": flyers.pk, "customers": [customer.pk], **default_message()},
    )

    assert response.context["form"].errors == {
        "batch": ["This batch belongs to another promo code."]
    }


def test_the_share_page_reads_batches_in_constant_queries(admin_client):
    def batches(count):
        for n in range(count):
            api.generate_codes(factories.CouponFactory(name=f"Promo {count}-{n}"), 2)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert (
                admin_client.get(reverse("admin:loyalty_promos_coupon_share_customers")).status_code
                == 200
            )
        return len(captured)

    batches(2)
    small = queries()
    batches(20)
    assert queries() == small
