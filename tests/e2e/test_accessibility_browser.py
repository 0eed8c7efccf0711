"""Every page of the app: labelled inputs, keyboard reachable, usable at 1280px and on a phone."""

from decimal import Decimal

import pytest

from loyalty_promos import api
from loyalty_promos.models import ExportJob
from tests import factories
from tests.pages import FORM_PAGES, changelists, staff_pages

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

UNLABELLED = """() => [...document.querySelectorAll(
    '#content-main input, #content-main select, #content-main textarea')]
  .filter(el => !['hidden', 'submit', 'button', 'reset'].includes(el.type))
  .filter(el => !el.classList.contains('select2-search__field'))
  .filter(el => !(el.labels && el.labels.length) && !el.getAttribute('aria-label')
                && !el.getAttribute('aria-labelledby') && !el.title)
  .map(el => el.name || el.id || el.outerHTML.slice(0, 80))"""

FORM_ROWS = """() => [...document.querySelectorAll('#content-main form .form-row')]
  .filter(row => row.offsetParent !== null)
  .map(row => [...row.classList].find(c => c.startsWith('field-')))"""

FOCUSED = """() => {
  const el = document.activeElement;
  const row = el.closest('.form-row');
  if (row) return [...row.classList].find(c => c.startsWith('field-'));
  if (el.closest('.submit-row') && el.classList.contains('default')) return 'submit';
  return null;
}"""

OVERFLOW = "() => document.documentElement.scrollWidth - window.innerWidth"


@pytest.fixture
def pages(db, booking, customer, superuser):
    """Something on every page: a booking to check out, a pending charge, codes, rewards."""
    api.checkout(factories.AppointmentFactory(customer=customer))
    factories.CouponFactory(name="Printemps", code="PRINTEMPS")
    factories.PackagePlanFactory(name="5 coupes")
    factories.CreditPackFactory()
    factories.RewardFactory(name="10 € offerts")
    api.adjust_points(customer, 150, "Bienvenue")
    api.add_credit(customer, Decimal("30"), "Top-up")
    ExportJob.objects.create(
        user=superuser, report="billing", format="xlsx", rows_total=10, rows_done=4
    )
    return staff_pages() + changelists()


def test_every_input_has_a_label_and_every_form_is_reachable_by_keyboard(
    admin_page, live_server, pages
):
    page = admin_page()
    problems = {}
    for name, path in pages:
        page.goto(live_server.url + path)
        unlabelled = page.evaluate(UNLABELLED)
        if unlabelled:
            problems[f"{name}: no label"] = unlabelled
        if name not in FORM_PAGES:
            continue
        rows = set(page.evaluate(FORM_ROWS)) | {"submit"}
        reached = set()
        page.locator("body").focus()
        for _ in range(120):
            page.keyboard.press("Tab")
            reached.add(page.evaluate(FOCUSED))
            if rows <= reached:
                break
        if rows - reached:
            problems[f"{name}: not reached by Tab"] = sorted(rows - reached)

    assert problems == {}
    assert {name for name, _ in pages} >= FORM_PAGES  # every form page was visited


@pytest.mark.parametrize("width", [1280, 390], ids=["desktop", "phone"])
def test_no_page_scrolls_sideways(admin_page, live_server, pages, width, shot):
    page = admin_page()
    page.set_viewport_size({"width": width, "height": 900})
    wide = {}
    for name, path in pages:
        page.goto(live_server.url + path)
        overflow = page.evaluate(OVERFLOW)
        if overflow > 0:
            wide[name] = overflow
        if width < 1280 and name == "checkout":
            shot(page, "checkout-phone")

    assert wide == {}
