"""Time every report page at scale, against Django's own admin list of the same rows.

    .venv/bin/python benchmarks/reports.py [ENTRIES] [CHARGES]     # default 1,000,000 / 200,000

Fills a fresh database with ``seed_demo`` then ``seed_scale``, then loads each
report page (first page, no filter, and a filtered one) through the test
client as a superuser, with its query count. The baseline is the admin's own
change list of charges or points entries: what staff already wait for.
"""

import sys

from _setup import page_loader, setup_django, timed


def main(entries: int, charges: int) -> None:
    vendor = setup_django()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import override_settings
    from django.urls import reverse

    results = {}
    with timed(results, "fill"):
        call_command("seed_demo", customers=300, appointments=3000, verbosity=0)
        call_command("seed_scale", entries=entries, charges=charges, verbosity=0)
    print(f"Report pages on {vendor}: {entries:,} points entries, {charges:,} charges "
          f"(filled in {results['fill']:.0f} s)")  # fmt: skip
    client = Client()
    client.force_login(get_user_model().objects.get(username="admin"))

    load = page_loader(client)

    with override_settings(DEBUG=False, ALLOWED_HOSTS=["testserver"]):
        baselines = {
            "charges": load(reverse("admin:loyalty_promos_charge_changelist")),
            "points": load(reverse("admin:loyalty_promos_pointsentry_changelist")),
        }
        pages = [
            ("billing", {}, "charges"),
            ("billing", {"type": "coupon", "status": "paid"}, "charges"),
            ("points", {}, "points"),
            ("points", {"kind": "earn"}, "points"),
            ("coupons", {}, "charges"),
            ("packages", {}, "charges"),
            ("balances", {}, "points"),
        ]
        for name, (seconds, queries) in baselines.items():
            print(f"  admin list of {name:<22} {seconds * 1000:7.0f} ms  {queries:3d} queries")
        for code, params, baseline in pages:
            seconds, queries = load(reverse("admin:loyalty_promos_report", args=[code]), params)
            label = f"{code} {params or ''}".strip()
            ratio = seconds / baselines[baseline][0]
            print(f"  report {label:<29} {seconds * 1000:7.0f} ms  {queries:3d} queries  "
                  f"x{ratio:.2f} of the admin list of {baseline}")  # fmt: skip


if __name__ == "__main__":
    args = [int(a) for a in sys.argv[1:3]]
    main(*(args + [1_000_000, 200_000][len(args) :]))
