"""Browser tests: the real admin, served by pytest-django's live server, in headless Chromium.

Playwright drives Debian's ``chromium`` (browser downloads are impossible
here), found on PATH or through ``CHROMIUM_PATH``. Without a browser the
tests are skipped locally and fail in CI (``CI=true``), so CI cannot pass
by accident.
"""

import os
import re
import shutil
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; Django's ORM calls
# from fixtures are still synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
#: Staff guide pictures, taken by the tests doing each task (``python3 dev.py screenshots``).
SCREENSHOTS = ROOT / "docs" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str | None:
    candidates = [os.environ.get("CHROMIUM_PATH"), "chromium", "chromium-browser"]
    return next((shutil.which(c) for c in candidates if c and shutil.which(c)), None)


def pytest_collection_modifyitems(config, items):
    if chromium_path() or os.environ.get("CI") == "true":
        return
    skip = pytest.mark.skip(reason="no Chromium on PATH (apt-get install chromium)")
    for item in items:
        if "e2e" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    path = chromium_path()
    if path is None:
        pytest.fail("CI needs Chromium for the e2e tests: apt-get install chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser, request):
    """Open pages in the given admin language; each is screenshotted when the test ends."""
    contexts = []

    def open_page(language: str = "en"):
        context = browser.new_context(
            viewport={"width": 1280, "height": 900},
            locale=language,
            extra_http_headers={"Accept-Language": language},
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        return page

    yield open_page
    ARTIFACTS.mkdir(exist_ok=True)
    for n, context in enumerate(contexts):
        for page in context.pages:
            name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.name)
            page.screenshot(path=ARTIFACTS / f"{name}-{n}.png", full_page=True)
        context.close()


@pytest.fixture
def admin_page(new_page, live_server, superuser):
    """A page logged in to the admin through the real login form: admin_page("fr")."""

    def login(language: str = "en"):
        page = new_page(language)
        page.goto(f"{live_server.url}/admin/login/")
        page.fill("#id_username", superuser.username)
        page.fill("#id_password", "secret")
        page.click("input[type=submit]")
        page.wait_for_url(f"{live_server.url}/admin/")
        return page

    return login


@pytest.fixture
def shot():
    """Save what the page shows now as a staff guide picture: ``shot(page, "coupon-add")``.

    Only the main area is kept (no empty margins), at the 1280px width of the tests.
    """

    def take(page, name: str, *, element: str | None = None):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        target = page.locator(element) if element else page
        target.screenshot(path=SCREENSHOTS / f"{name}.png", animations="disabled")

    return take


def pick(page, field_id: str, text: str) -> None:
    """Choose ``text`` in the admin's search-as-you-type box (select2) of ``field_id``."""
    page.locator(f"#{field_id} + .select2").click()
    page.keyboard.type(text)  # into the search box select2 has focused, as a person would
    page.locator(".select2-results__option", has_text=text).first.click()


def run_action(page, label: str) -> None:
    """Choose ``label`` in a list's Action menu and press Go, on the rows ticked."""
    page.get_by_label("Action:").select_option(label=label)
    page.get_by_role("button", name="Go").click()


def download(page, click) -> Path:
    """Click what starts a download; return the file, saved under the name the site gave it."""
    with page.expect_download() as info:
        click()
    target = ARTIFACTS / "downloads" / info.value.suggested_filename
    info.value.save_as(target)
    return target
