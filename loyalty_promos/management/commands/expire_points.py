"""Write off what is left of expired points lots. Schedule it daily.

python manage.py expire_points            # runs it here, now
python manage.py expire_points --enqueue  # hands it to the task workers (TASKS)
"""

from django.core.management.base import BaseCommand

from loyalty_promos.services.points import expire_points
from loyalty_promos.tasks import expire_points_task


class Command(BaseCommand):
    help = "Expire what is left of loyalty points lots past their expiry date."

    def add_arguments(self, parser):
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Enqueue the job for the site's task workers (TASKS) instead of running it here.",
        )

    def handle(self, *args, enqueue=False, **options):
        if enqueue:
            result = expire_points_task.enqueue()
            self.stdout.write(f"Enqueued as task {result.id} ({result.status}).")
            return
        written = expire_points()
        self.stdout.write(f"{written} expired lots written off.")
