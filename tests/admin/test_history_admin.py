"""Reverting a history version is a change: it needs the change permission of the object.

Every model with history that the admin registers is covered: a new one fails
``test_every_history_admin_has_a_case`` until it gets a case below.
"""

from decimal import Decimal

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.forms import CheckboxInput, MultiWidget
from django.test import RequestFactory
from django.urls import reverse

from loyalty_promos.admin.mixins import HistoryAdmin
from loyalty_promos.models import LoyaltyProgram
from tests import factories

pytestmark = pytest.mark.django_db


def history_models():
    return sorted(
        (
            model
            for model in admin.site._registry
            if getattr(model._meta, "simple_history_manager_attribute", None)
        ),
        key=lambda model: model._meta.label,
    )


#: model name → (make the object, the field a forger changes, the forged value).
CASES = {
    "coupon": (
        lambda: factories.CouponFactory(discount_value=Decimal("5")),
        "discount_value",
        "50",  # 100 % would ask to confirm first (guard rails)
    ),
    "customerdiscount": (
        lambda: factories.CustomerDiscountFactory(percent=Decimal("5")),
        "percent",
        "50",
    ),
    "creditpack": (
        lambda: factories.CreditPackFactory(value=Decimal("50"), price=Decimal("45")),
        "price",
        "1",
    ),
    "earningrule": (lambda: factories.EarningRuleFactory(points=10), "points", "100000"),
    "loyaltyprogram": (
        lambda: LoyaltyProgram.objects.create(pk=1, is_enabled=True),
        "award_delay_hours",
        "0",
    ),
    "packageplan": (lambda: factories.PackagePlanFactory(price=Decimal("200")), "price", "1"),
    "pricingrule": (lambda: factories.PricingRuleFactory(value=Decimal("-10")), "value", "-50"),
    "reward": (lambda: factories.RewardFactory(points_cost=5000), "points_cost", "1"),
}


def form_data(form) -> dict:
    """What a browser posts for ``form`` as it is shown (unbound, from its instance)."""
    data = {}
    for bound in form:
        value, widget = bound.value(), bound.field.widget
        if isinstance(widget, MultiWidget):
            parts = widget.decompress(value)
            for index, (part, sub) in enumerate(zip(parts, widget.widgets, strict=True)):
                data[f"{bound.html_name}_{index}"] = sub.format_value(part) or ""
        elif isinstance(widget, CheckboxInput):
            if value:
                data[bound.html_name] = "on"
        elif isinstance(value, list | tuple):
            data[bound.html_name] = [str(item) for item in value]
        elif value is not None:
            data[bound.html_name] = widget.format_value(value) or ""
    return data


def user_with(*codenames):
    user = factories.StaffUserFactory()
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label="loyalty_promos", codename__in=codenames)
    )
    return user


def first_version(model):
    """An object saved twice (two versions); returns it and its first version's URL."""
    make = CASES[model._meta.model_name][0]
    obj = make()
    obj.save()  # the second version
    version = obj.history.earliest()
    url = reverse(
        f"admin:loyalty_promos_{model._meta.model_name}_simple_history",
        args=[obj.pk, version.history_id],
    )
    return obj, version, url


def forged_post(model, version, superuser):
    """The version's own form data, with the forger's value in one field."""
    model_admin = admin.site._registry[model]
    request = RequestFactory().get("/")
    request.user = superuser
    obj = version.instance
    form = model_admin.get_form(request, obj, change=True)(instance=obj)
    _make, field, forged = CASES[model._meta.model_name]
    return {**form_data(form), field: forged, "_save": "Revert"}


def test_every_history_admin_has_a_case():
    names = [model._meta.model_name for model in history_models()]

    assert sorted(names) == sorted(CASES)
    for model in history_models():
        assert isinstance(admin.site._registry[model], HistoryAdmin), model


@pytest.mark.parametrize("model", history_models(), ids=lambda model: model._meta.model_name)
def test_a_view_only_user_cannot_save_a_past_version(client, superuser, model):
    name = model._meta.model_name
    obj, version, url = first_version(model)
    field = CASES[name][1]
    before = getattr(model.objects.get(pk=obj.pk), field)
    versions = obj.history.count()
    client.force_login(user_with(f"view_{name}"))

    response = client.post(url, forged_post(model, version, superuser))

    assert response.status_code == 403
    assert getattr(model.objects.get(pk=obj.pk), field) == before
    assert obj.history.count() == versions


@pytest.mark.parametrize("model", history_models(), ids=lambda model: model._meta.model_name)
def test_a_view_only_user_sees_a_past_version_read_only(client, model):
    name = model._meta.model_name
    obj, _version, url = first_version(model)
    client.force_login(user_with(f"view_{name}"))

    history = client.get(
        reverse(f"admin:loyalty_promos_{name}_history", args=[obj.pk]),
    )
    response = client.get(url)

    assert history.status_code == 200
    assert response.status_code == 200
    assert response.context["revert_disabled"] is True
    assert 'value="Revert"' not in response.text
    assert f'name="{CASES[name][1]}"' not in response.text
    assert CASES[name][1] in response.context["adminform"].readonly_fields


@pytest.mark.parametrize("model", history_models(), ids=lambda model: model._meta.model_name)
def test_a_user_who_may_change_the_object_can_revert(client, superuser, model):
    name = model._meta.model_name
    obj, version, url = first_version(model)
    field = CASES[name][1]
    client.force_login(user_with(f"view_{name}", f"change_{name}"))

    page = client.get(url)
    response = client.post(url, forged_post(model, version, superuser))

    assert 'value="Revert"' in page.text
    assert response.status_code == 302
    forged = model._meta.get_field(field).to_python(CASES[name][2])
    assert getattr(model.objects.get(pk=obj.pk), field) == forged


def test_revert_disabled_by_setting_refuses_even_a_superuser(admin_client, superuser, settings):
    settings.SIMPLE_HISTORY_REVERT_DISABLED = True
    model = type(factories.RewardFactory.build())
    obj, version, url = first_version(model)

    response = admin_client.post(url, forged_post(model, version, superuser))

    assert response.status_code == 403
    assert model.objects.get(pk=obj.pk).points_cost == 5000


def test_history_permissions_when_enforced_need_the_object_change_permission_too(
    client, superuser, settings
):
    settings.SIMPLE_HISTORY_ENFORCE_HISTORY_MODEL_PERMISSIONS = True
    model = type(factories.RewardFactory.build())
    obj, version, url = first_version(model)
    client.force_login(user_with("view_reward", "view_historicalreward", "change_historicalreward"))

    response = client.post(url, forged_post(model, version, superuser))

    assert response.status_code == 403
    assert model.objects.get(pk=obj.pk).points_cost == 5000
