"""Time the overview and the customer page at scale, against the admin's own lists.

    .venv/bin/python benchmarks/overview.py [ENTRIES] [CHARGES]     # default 1,000,000 / 200,000

Fills a fresh database with ``seed_demo`` then ``seed_scale``, then loads the
app's page (the overview), the page of the customer with the most points
entries, and the points balances searched by a customer's name, through the
test client as a superuser, with their query counts. The baseline is the
admin's own change list of charges.

``seed_scale`` writes every points entry and charge at once, so all of them
fall in this week: the overview is timed on that (its worst case: the open
days hold the whole ledger), then again once the ledger is spread over the
year as a salon writes it (``spread_over_the_year``) and its days summed.
"""

import sys

from _setup import page_loader, setup_django, timed


def spread_over_the_year() -> None:
    """Date the scale charges at their appointments and the scale points entries over the
    last year (one UPDATE each), then sum the closed days again, as the nightly job would
    have summed them one by one."""
    from django.db import connection

    from loyalty_promos.services import rollups

    minutes = 365 * 24 * 60
    if connection.vendor == "postgresql":
        moment = f"now() - (id % {minutes}) * interval '1 minute'"
    else:
        moment = f"strftime('%Y-%m-%d %H:%M:%f', 'now', '-' || (id % {minutes}) || ' minutes')"
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE loyalty_promos_charge SET created_at = starts_at WHERE starts_at < created_at"
        )
        cursor.execute(
            f"UPDATE loyalty_promos_pointsentry SET created_at = {moment} "
            "WHERE description = 'scale'"
        )
        if connection.vendor == "postgresql":
            cursor.execute("VACUUM ANALYZE")  # what autovacuum does after such a load
    rollups.rebuild_points_days()


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
        spread_over_the_year()
        print("  ledger spread over the year, its closed days summed:")
        for label, url, params in pages[:2]:
            seconds, queries = load(url, params)
            print(f"  {label:<40} {seconds * 1000:7.0f} ms  {queries:3d} queries")


if __name__ == "__main__":
    args = [int(a) for a in sys.argv[1:3]]
    main(*(args + [1_000_000, 200_000][len(args) :]))
