"""Write off what is left of expired points lots. Schedule it daily.

python manage.py expire_points
"""

from django.core.management.base import BaseCommand

from loyalty_promos.services.points import expire_points


class Command(BaseCommand):
    help = "Expire what is left of loyalty points lots past their expiry date."

    def handle(self, *args, **options):
        written = expire_points()
        self.stdout.write(f"{written} expired lots written off.")
