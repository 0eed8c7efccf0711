"""What the periodic jobs' commands share: run here, now, or ``--enqueue`` for the workers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.management.base import BaseCommand


class JobCommand(BaseCommand):
    """A command that runs one periodic job, or hands it to the site's task workers.

    Subclasses set ``task`` (the Tasks API task), ``run`` (the service) and
    ``done`` (what to print, with ``{count}`` for what ``run`` returned).
    """

    task: Any
    run: Callable[[], int]
    done: str

    def add_arguments(self, parser):
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Enqueue the job for the site's task workers (TASKS) instead of running it here.",
        )

    def handle(self, *args, enqueue=False, **options):
        if enqueue:
            result = self.task.enqueue()
            self.stdout.write(f"Enqueued as task {result.id} ({result.status}).")
            return
        self.stdout.write(self.done.format(count=self.run()))
