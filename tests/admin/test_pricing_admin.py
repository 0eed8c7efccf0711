import pytest
from django.urls import reverse

from loyalty_promos.models import PricingRule
from tests import factories

pytestmark = pytest.mark.django_db


def test_staff_create_a_weekend_price_for_a_room(admin_client):
    room = factories.ServiceFactory(name="Room 1")

    response = admin_client.post(
        reverse("admin:loyalty_promos_pricingrule_add"),
        {
            "name": "Room 1 weekend",
            "is_active": "on",
            "priority": "10",
            "kind": "set_price",
            "value": "100",
            "per_hour": "on",
            "stacking": "exclusive",
            "services": [room.pk],
            "weekdays": ["5", "6"],
        },
    )

    assert response.status_code == 302
    rule = PricingRule.objects.get()
    assert (rule.weekdays, rule.per_hour, list(rule.services.all())) == ([5, 6], True, [room])
    listing = admin_client.get(reverse("admin:loyalty_promos_pricingrule_changelist"))
    assert "Sat–Sun · Room 1 · 100.00 per hour" in listing.text
    assert rule.history.get().history_user.username == "admin"


def test_staff_put_a_weekend_percentage_on_top_and_cannot_stack_a_set_price(admin_client):
    url = reverse("admin:loyalty_promos_pricingrule_add")
    data = {"name": "Weekend", "is_active": "on", "priority": "0", "kind": "percent",
            "value": "-10", "stacking": "stack", "weekdays": ["5", "6"]}  # fmt: skip

    refused = admin_client.post(url, {**data, "kind": "set_price", "value": "50"})
    response = admin_client.post(url, data)

    assert refused.status_code == 200
    assert refused.context["adminform"].form.errors == {
        "stacking": [
            "A set price replaces the price, so it applies alone; use a percentage or an "
            "amount on top."
        ]
    }
    assert response.status_code == 302
    assert PricingRule.objects.get().stacking == PricingRule.Stacking.STACK
