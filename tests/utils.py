"""Helpers shared by tests."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_django(settings_module: str, *args: str, **env: str) -> subprocess.CompletedProcess:
    """Run ``django-admin ARGS`` in a fresh process under another settings module."""
    return subprocess.run(
        [sys.executable, "-m", "django", *args],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": settings_module, **env},
        capture_output=True,
        text=True,
        timeout=300,
    )


def run_concurrently(attempts):
    """Call every function at once, each in its own thread and database connection.

    Returns, in order, "ok" or the ``code`` of the LoyaltyPromosError it raised.
    """
    import threading
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connection

    from loyalty_promos.exceptions import LoyaltyPromosError

    barrier = threading.Barrier(len(attempts))

    def attempt(function):
        try:
            barrier.wait()
            function()
            return "ok"
        except LoyaltyPromosError as error:
            return error.code
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(attempts)) as pool:
        return list(pool.map(attempt, attempts))


def assert_ledgers_clean():
    """Every cached balance equals its ledger (what ``manage.py check_balances`` proves)."""
    from loyalty_promos.services.audit import find_mismatches

    mismatches = find_mismatches()
    assert mismatches == [], "\n".join(str(m) for m in mismatches)
