"""Award the points of paid bookings whose moment has come. Schedule it (e.g. every 15 minutes).

python manage.py award_due_points            # runs it here, now
python manage.py award_due_points --enqueue  # hands it to the task workers (TASKS)
"""

from loyalty_promos.management.base import JobCommand
from loyalty_promos.services.points import award_due_points
from loyalty_promos.tasks import award_due_points_task


class Command(JobCommand):
    help = "Award loyalty points for paid bookings that are due (see the programme settings)."
    task = award_due_points_task
    run = staticmethod(award_due_points)
    done = "{count} points entries awarded."
