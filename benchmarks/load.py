"""Concurrent checkouts on one limited promo code, over HTTP, against gunicorn on PostgreSQL.

    pip install -e ".[bench]"
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/loyalty_promos \\
        .venv/bin/python benchmarks/load.py [--checkouts 200] [--limit 50] \\
        [--clients 16] [--workers 4]

The example site runs under gunicorn (``--workers`` processes, each its own
database connection) on a fresh test database. ``--checkouts`` appointments,
each of its own customer, are checked out by ``--clients`` concurrent HTTP
clients through the admin's checkout page (a logged-in session, a POST with
the code and a payment method), all with the same code whose promo allows
``--limit`` uses. It prints the throughput, the p50/p95 latency and how many
checkouts got the code — which must be exactly the limit (exit status 1
otherwise). Everything stays on 127.0.0.1; every loop is bounded.
"""

from __future__ import annotations

import argparse
import datetime
import http.cookiejar
import os
import re
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

from _setup import ROOT, setup_django

HOST = "127.0.0.1"
CODE = "LOAD"
USERNAME, PASSWORD = "loadtest", "loadtest-password"
REQUEST_TIMEOUT = 60  # seconds for one request
START_TIMEOUT = 60  # seconds for gunicorn to answer


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def database_url(db: dict) -> str:
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or HOST}:{db['PORT'] or 5432}/{db['NAME']}"


def seed(checkouts: int, limit: int) -> list[int]:
    from django.contrib.auth.models import User
    from django.utils import timezone

    from example_project.salon.models import Appointment, Customer, Service, Staff
    from loyalty_promos import api

    User.objects.create_superuser(USERNAME, "load@example.invalid", PASSWORD)
    service = Service.objects.create(name="Coupe", price=Decimal("45"))
    staff = Staff.objects.create(name="Inès")
    customers = Customer.objects.bulk_create(
        Customer(first_name=f"C{n}", last_name="Load") for n in range(checkouts)
    )
    start = timezone.now() + datetime.timedelta(days=1)
    bookings = Appointment.objects.bulk_create(
        Appointment(customer=c, service=service, staff=staff, start=start,
                    end=start + datetime.timedelta(hours=1))
        for c in customers
    )  # fmt: skip
    api.create_coupon(
        name="Load", code=CODE, discount_value=Decimal("10"), max_uses=limit,
        max_uses_per_customer=None,
    )  # fmt: skip
    return [b.pk for b in bookings]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a 302 is the answer we count, not a page to follow


def logged_in(base: str) -> tuple[urllib.request.OpenerDirector, str]:
    """An HTTP client with its own admin session; returns it and its CSRF token."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect)
    page = opener.open(f"{base}/admin/login/", timeout=REQUEST_TIMEOUT).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    form = {"csrfmiddlewaretoken": token, "username": USERNAME, "password": PASSWORD}
    try:
        opener.open(
            f"{base}/admin/login/?next=/admin/",
            urllib.parse.urlencode(form).encode(),
            timeout=REQUEST_TIMEOUT,
        )
    except urllib.error.HTTPError as answer:
        assert answer.code == 302, f"login failed: {answer.code}"
    csrf = next(c.value for c in jar if c.name == "csrftoken")
    return opener, csrf


def checkout(opener, csrf: str, base: str, booking_id: int) -> tuple[str, float]:
    """POST one checkout with the code; (outcome, seconds)."""
    body = {"csrfmiddlewaretoken": csrf, "code": CODE, "method": "card"}
    url = f"{base}/admin/loyalty_promos/charge/checkout/{booking_id}/"
    start = time.perf_counter()
    try:
        response = opener.open(url, urllib.parse.urlencode(body).encode(), timeout=REQUEST_TIMEOUT)
        status = response.status
        response.read()
    except urllib.error.HTTPError as answer:
        status = answer.code
    seconds = time.perf_counter() - start
    return {302: "checked out", 200: "refused"}.get(status, f"HTTP {status}"), seconds


def wait_until_up(base: str, server: subprocess.Popen) -> None:
    deadline = time.perf_counter() + START_TIMEOUT
    while time.perf_counter() < deadline:
        if server.poll() is not None:
            sys.exit("gunicorn exited; see its output above")
        try:
            urllib.request.urlopen(f"{base}/admin/login/", timeout=2).read()
            return
        except OSError:
            time.sleep(0.3)
    sys.exit(f"gunicorn did not answer within {START_TIMEOUT} s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--checkouts", type=int, default=200)
    parser.add_argument("--limit", type=int, default=50)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("Set DATABASE_URL=postgres://… : this benchmark runs gunicorn on PostgreSQL.")

    setup_django()  # a fresh test database, dropped at exit
    from django.db import connection

    from loyalty_promos.models import Charge

    bookings = seed(args.checkouts, args.limit)
    connection.close()  # gunicorn's workers are the only clients from here on
    port = free_port()
    base = f"http://{HOST}:{port}"
    env = {
        **os.environ,
        "DATABASE_URL": database_url(connection.settings_dict),
        "DJANGO_SETTINGS_MODULE": "example_project.settings",
        "DJANGO_DEBUG": "0",
        "PYTHONPATH": str(ROOT),
    }
    command = [sys.executable, "-m", "gunicorn", "example_project.wsgi:application"]
    command += ["--bind", f"{HOST}:{port}", "--workers", str(args.workers)]
    command += ["--log-level", "warning", "--timeout", str(REQUEST_TIMEOUT)]
    server = subprocess.Popen(command, cwd=ROOT, env=env)
    try:
        wait_until_up(base, server)
        clients = [logged_in(base) for _ in range(args.clients)]
        jobs = [(clients[n % args.clients], booking) for n, booking in enumerate(bookings)]
        start = time.perf_counter()
        with ThreadPoolExecutor(max_workers=args.clients) as pool:
            results = list(pool.map(lambda job: checkout(*job[0], base, job[1]), jobs))
        elapsed = time.perf_counter() - start
    finally:
        server.terminate()
        server.wait(timeout=30)

    outcomes = [outcome for outcome, _ in results]
    latencies = sorted(seconds for _, seconds in results)
    with_code = Charge.objects.filter(discount_code=CODE).count()
    print(
        f"{len(results)} checkouts over HTTP, {args.clients} clients, "
        f"gunicorn x {args.workers} workers, PostgreSQL, one code limited to {args.limit}"
    )
    print(f"  throughput        {len(results) / elapsed:8.1f} checkouts/s ({elapsed:.2f} s)")
    print(f"  latency p50       {statistics.median(latencies) * 1000:8.0f} ms")
    print(f"  latency p95       {latencies[int(len(latencies) * 0.95) - 1] * 1000:8.0f} ms")
    for outcome in sorted(set(outcomes)):
        print(f"  {outcome:<17} {outcomes.count(outcome):8d}")
    print(f"  charges with code {with_code:8d}  (limit {args.limit})")
    succeeded = outcomes.count("checked out")
    print(f"  succeeded         {succeeded:8d}  (must equal the limit)")
    ok = succeeded == with_code == args.limit and len(outcomes) == args.checkouts
    print("  OK: exactly the limit got the code" if ok else "  FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
