"""Award the points of paid bookings whose moment has come. Schedule it (e.g. every 15 minutes).

python manage.py award_due_points
"""

from django.core.management.base import BaseCommand

from loyalty_promos.services.points import award_due_points


class Command(BaseCommand):
    help = "Award loyalty points for paid bookings that are due (see the programme settings)."

    def handle(self, *args, **options):
        made = award_due_points()
        self.stdout.write(f"{made} points entries awarded.")
