"""Shared set-up for the benchmarks: a fresh database under the example host's settings.

SQLite by default (a temporary file); set DATABASE_URL for PostgreSQL (a
database ``<name>_bench`` is created and dropped).
"""

import atexit
import os
import sys
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup_django():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "example_project.settings")
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        path = Path(os.environ.get("TMPDIR", "/tmp")) / "loyalty_promos_bench.sqlite3"
        path.unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    import django
    from django.test.utils import setup_databases, teardown_databases

    django.setup()
    config = setup_databases(verbosity=0, interactive=False)
    atexit.register(teardown_databases, config, verbosity=0)
    from django.db import connection

    return connection.vendor


@contextmanager
def timed(results: dict, name: str):
    start = time.perf_counter()
    yield
    results[name] = time.perf_counter() - start


def report(title: str, vendor: str, results: dict, ours: str, baseline: str) -> None:
    print(f"{title} on {vendor}")
    for name, seconds in results.items():
        print(f"  {name:<40} {seconds:8.2f} s")
    print(f"  ratio ours / baseline: {results[ours] / results[baseline]:.2f}")


def page_loader(client):
    """``load(url, params)`` → (seconds, queries) of one warm GET through the test client."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def load(url, params=None):
        client.get(url, params, follow=True)  # warm caches once (and follow a redirect)
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get(url, params, follow=True)
            seconds = time.perf_counter() - start
        assert response.status_code == 200, (url, response.status_code)
        return seconds, len(queries)

    return load
