"""Every admin page of the app opens, on admin.site and on a second, differently named site."""

import io
import re
from decimal import Decimal

import pytest
from django.contrib.admin.sites import site as default_site
from django.core.management import call_command
from django.urls import NoReverseMatch, reverse

from loyalty_promos.models import Overview, Report
from loyalty_promos.services.giftcards import issue_gift_card

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    call_command("seed_demo", customers=5, appointments=30, stdout=io.StringIO())


def our_models():
    return sorted(
        (model for model in default_site._registry if model._meta.app_label == "loyalty_promos"),
        key=lambda model: model._meta.model_name,
    )


SITES = {"admin": "/admin/", "otheradmin": "/back-office/"}


@pytest.fixture
def on_other_site(settings):
    settings.ROOT_URLCONF = "tests.admin.other_site"


def pages_of(model, site_name, obj):
    """The standard pages of ``model``'s admin; a page it does not have is left out
    (the reports' admin has only its index)."""
    info = f"admin:{model._meta.app_label}_{model._meta.model_name}"
    pages = {}
    for page, args in [
        ("changelist", []),
        ("add", []),
        ("change", [obj.pk] if obj else None),
        ("delete", [obj.pk] if obj else None),
        ("history", [obj.pk] if obj else None),
    ]:
        if args is None:
            continue
        try:
            pages[page] = reverse(f"{info}_{page}", args=args, current_app=site_name)
        except NoReverseMatch:
            assert model in (Report, Overview), f"{info}_{page} is missing"
    return pages


def allowed(model_admin, page, request, obj):
    check = {
        "changelist": model_admin.has_view_or_change_permission,
        "add": model_admin.has_add_permission,
        "change": model_admin.has_view_or_change_permission,
        "delete": model_admin.has_delete_permission,
        "history": model_admin.has_view_or_change_permission,
    }[page]
    return check(request) if page in ("changelist", "add") else check(request, obj)


@pytest.mark.parametrize("site_name", SITES)
def test_every_page_of_every_model_opens_on_any_site(
    demo, admin_client, superuser, on_other_site, site_name, rf
):
    from tests.admin.other_site import other_site

    site = default_site if site_name == "admin" else other_site
    request = rf.get("/")
    request.user = superuser
    failures = []
    for model in our_models():
        model_admin = site.get_model_admin(model)
        obj = model._default_manager.order_by("pk").first()
        for page, url in pages_of(model, site_name, obj).items():
            assert url.startswith(SITES[site_name])
            response = admin_client.get(url)
            expected = 200 if allowed(model_admin, page, request, obj) else 403
            if response.status_code == 302:  # a one-record list opens its record
                target = response.url
                ok = page == "changelist" and target.startswith(SITES[site_name])
                if not ok:
                    failures.append((model._meta.model_name, page, 302, target))
                continue
            if response.status_code != expected:
                failures.append((model._meta.model_name, page, response.status_code, expected))
                continue
            if expected == 200:
                text = response.text
                assert (
                    str(model._meta.verbose_name_plural).capitalize() in text
                    or str(model._meta.verbose_name).lower() in text.lower()
                )
                if site_name == "otheradmin":
                    stray = set(re.findall(r'(?:href|action)="(/admin/[^"]*)"', text))
                    if stray:
                        failures.append((model._meta.model_name, page, "links", sorted(stray)))
    assert failures == []


def test_an_issued_gift_card_change_page_opens(admin_client):
    card = issue_gift_card(Decimal("50.00"), note="Birthday")

    response = admin_client.get(reverse("admin:loyalty_promos_giftcard_change", args=[card.pk]))

    assert response.status_code == 200
    assert card.code in response.text
    assert "Birthday" in response.text


def test_the_host_columns_link_to_the_site_they_are_shown_on(demo, admin_client, on_other_site):
    from example_project.salon.models import Appointment, Customer

    for site_name, prefix in SITES.items():
        for model, column in ((Customer, "/customer/"), (Appointment, "/checkout/")):
            url = reverse(f"{site_name}:salon_{model._meta.model_name}_changelist")

            links = re.findall(r'href="([^"]*)"', admin_client.get(url).text)

            ours = [link for link in links if "loyalty_promos" in link and column in link]
            assert ours, (site_name, model)
            assert all(link.startswith(prefix) for link in ours), (site_name, ours[:3])
