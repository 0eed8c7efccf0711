"""Award the points of paid bookings whose moment has come. Schedule it (e.g. every 15 minutes).

python manage.py award_due_points            # runs it here, now
python manage.py award_due_points --enqueue  # hands it to the task workers (TASKS)
"""

from django.core.management.base import BaseCommand

from loyalty_promos.services.points import award_due_points
from loyalty_promos.tasks import award_due_points_task


class Command(BaseCommand):
    help = "Award loyalty points for paid bookings that are due (see the programme settings)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Enqueue the job for the site's task workers (TASKS) instead of running it here.",
        )

    def handle(self, *args, enqueue=False, **options):
        if enqueue:
            result = award_due_points_task.enqueue()
            self.stdout.write(f"Enqueued as task {result.id} ({result.status}).")
            return
        made = award_due_points()
        self.stdout.write(f"{made} points entries awarded.")
