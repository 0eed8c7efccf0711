"""Delete finished background exports older than EXPORT_KEEP_HOURS. Schedule it daily.

python manage.py purge_exports            # runs it here, now
python manage.py purge_exports --enqueue  # hands it to the task workers (TASKS)
"""

from django.core.management.base import BaseCommand

from loyalty_promos.reports.tasks import purge_old_exports
from loyalty_promos.tasks import purge_exports_task


class Command(BaseCommand):
    help = "Delete background exports (and their files) older than EXPORT_KEEP_HOURS."

    def add_arguments(self, parser):
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Enqueue the job for the site's task workers (TASKS) instead of running it here.",
        )

    def handle(self, *args, enqueue=False, **options):
        if enqueue:
            result = purge_exports_task.enqueue()
            self.stdout.write(f"Enqueued as task {result.id} ({result.status}).")
            return
        self.stdout.write(f"{purge_old_exports()} old exports deleted.")
