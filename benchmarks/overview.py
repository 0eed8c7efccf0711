"""Time the overview and the customer page at scale, against the admin's own lists.

    .venv/bin/python benchmarks/overview.py [ENTRIES] [CHARGES]     # default 1,000,000 / 200,000

Fills a fresh database with ``seed_demo`` then ``seed_scale``, then loads the
app's page (the overview), the page of the customer with the most points
entries, and the points balances searched by a customer's name, through the
test client as a superuser, with their query counts. The baseline is the
admin's own change list of charges.
"""

import sys

from _setup import page_loader, setup_django, timed


def main(entries: int, charges: int) -> None:
    vendor = setup_django()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import override_settings
    from django.urls import reverse

    from loyalty_promos.models import PointsEntry

    results = {}
    with timed(results, "fill"):
        call_command("seed_demo", customers=300, appointments=3000, verbosity=0)
        call_command("seed_scale", entries=entries, charges=charges, verbosity=0)
    print(f"Overview and customer page on {vendor}: {entries:,} points entries, "
          f"{charges:,} charges (filled in {results['fill']:.0f} s)")  # fmt: skip
    busiest = (
        PointsEntry.objects.values("customer")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .values_list("customer", "n")
        .first()
    )
    client = Client()
    client.force_login(get_user_model().objects.get(username="admin"))
    load = page_loader(client)
    with override_settings(DEBUG=False, ALLOWED_HOSTS=["testserver"]):
        pages = [
            ("admin list of charges (baseline)", reverse("admin:loyalty_promos_charge_changelist"),
             None),
            ("overview (the app's page)", reverse("admin:app_list", args=["loyalty_promos"]),
             None),
            (f"customer page ({busiest[1]:,} entries)",
             reverse("admin:loyalty_promos_customer", args=[busiest[0]]), None),
            ("points balances, searched", reverse("admin:loyalty_promos_pointsbalance_changelist"),
             {"q": "Dupont"}),
        ]  # fmt: skip
        for label, url, params in pages:
            seconds, queries = load(url, params)
            print(f"  {label:<40} {seconds * 1000:7.0f} ms  {queries:3d} queries")


if __name__ == "__main__":
    args = [int(a) for a in sys.argv[1:3]]
    main(*(args + [1_000_000, 200_000][len(args) :]))
