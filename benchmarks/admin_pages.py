"""Time every page of the app on the demo salon, against the admin's own list of appointments.

    .venv/bin/python benchmarks/admin_pages.py      # DATABASE_URL=postgres://… for PostgreSQL

Fills a fresh database with ``seed_demo`` (what ``python3 dev.py demo``
shows), then loads each page of the app (its own pages, its reports and the
list of every model it registers) as the demo superuser, warm, through the
test client. The baseline is the host's appointment list in the same admin:
a page staff already open all day. The target is under one second each.
"""

import sys

from _setup import ROOT, page_loader, setup_django

LIMIT_SECONDS = 1.0


def main() -> int:
    vendor = setup_django()
    sys.path.insert(0, str(ROOT))
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import override_settings
    from django.urls import reverse

    from tests.pages import changelists, staff_pages

    call_command("seed_demo", verbosity=0)
    client = Client()
    client.force_login(get_user_model().objects.get(username="admin"))
    load = page_loader(client)
    with override_settings(DEBUG=False, ALLOWED_HOSTS=["testserver"]):
        base, base_queries = load(reverse("admin:salon_appointment_changelist"))
        print(f"Admin pages on the demo salon ({vendor})")
        print(f"  baseline: appointment list {base * 1000:7.0f} ms  {base_queries:3d} queries")
        slowest = 0.0
        for name, url in staff_pages() + changelists():
            seconds, queries = load(url)
            slowest = max(slowest, seconds)
            print(f"  {name:<30} {seconds * 1000:7.0f} ms  {queries:3d} queries  "
                  f"x{seconds / base:.2f}")  # fmt: skip
    print(f"  slowest page: {slowest * 1000:.0f} ms (limit {LIMIT_SECONDS * 1000:.0f} ms)")
    return 0 if slowest < LIMIT_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
