"""Verify that every cached balance equals its ledger; exit 1 and list the differences if not.

python manage.py check_balances
"""

from django.core.management.base import BaseCommand, CommandError

from loyalty_promos.services.audit import find_mismatches


class Command(BaseCommand):
    help = (
        "Check that every cached balance (credits, gift cards, points, packages) equals the "
        "sum of its ledger, that no void charge keeps earned points and that no promo code "
        "is used beyond its limit."
    )

    def handle(self, *args, **options):
        mismatches = find_mismatches()
        for mismatch in mismatches:
            self.stderr.write(str(mismatch))
        if mismatches:
            raise CommandError(f"{len(mismatches)} balance(s) differ from their ledger.")
        self.stdout.write(self.style.SUCCESS("Every balance equals its ledger."))
