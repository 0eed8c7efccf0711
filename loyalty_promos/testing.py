"""Helpers for host test suites (no factory_boy needed).

from loyalty_promos.testing import assert_integration_ok, override_adapter

def test_loyalty_promos_is_wired(db):
    assert_integration_ok()          # settings, adapter and migration order

def test_with_another_adapter():
    with override_adapter("myapp.tests.FakeAdapter"):
        ...
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from django.conf import settings
from django.test.utils import override_settings

from loyalty_promos import checks


def assert_integration_ok() -> None:
    """Raise AssertionError listing every loyalty_promos system check that fails."""
    problems = [
        *checks.check_host_models(),
        *checks.check_options(),
        *checks.check_adapter(),
        *checks.check_adapter_lookups(),
        *checks.check_migration_order(databases=["default"]),
    ]
    if problems:
        raise AssertionError(
            "loyalty_promos is misconfigured:\n"
            + "\n".join(f"  {p.id}: {p.msg} HINT: {p.hint}" for p in problems)
        )


@contextlib.contextmanager
def override_adapter(path: str) -> Iterator[None]:
    """Use the adapter class at ``path`` inside the block (the adapter cache is reset)."""
    options = {**getattr(settings, "LOYALTY_PROMOS", {}), "BOOKING_ADAPTER": path}
    with override_settings(LOYALTY_PROMOS=options):
        yield
