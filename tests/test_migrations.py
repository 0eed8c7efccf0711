"""Our shipped migrations follow the host's settings and never name a host model."""

import ast
import sqlite3
from pathlib import Path

import pytest
from django.core.management import call_command

import loyalty_promos
from tests.utils import run_django

MIGRATIONS = Path(loyalty_promos.__file__).parent / "migrations"
HOST_MODEL_SETTINGS = {
    "AUTH_USER_MODEL",
    "LOYALTY_PROMOS_CUSTOMER_MODEL",
    "LOYALTY_PROMOS_SERVICE_MODEL",
    "LOYALTY_PROMOS_STAFF_MODEL",
    "LOYALTY_PROMOS_BOOKING_MODEL",
}


def relation_targets(path: Path):
    """Every `to=` and swappable dependency in a migration file, as AST nodes."""
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Call):
            for keyword in node.keywords:
                if keyword.arg == "to":
                    yield keyword.value
            if getattr(node.func, "attr", "") == "swappable_dependency":
                yield node.args[0]


def migration_files():
    return sorted(p for p in MIGRATIONS.glob("0*.py"))


def test_there_are_migrations_to_scan():
    assert migration_files()[0].name == "0001_initial.py"


@pytest.mark.parametrize("path", migration_files(), ids=lambda p: p.name)
def test_relations_point_at_settings_or_our_own_models(path):
    for target in relation_targets(path):
        if isinstance(target, ast.Constant):
            assert target.value.lower().startswith("loyalty_promos."), (
                f"{path.name} names a literal model {target.value!r}"
            )
        else:
            assert isinstance(target, ast.Attribute), ast.dump(target)
            assert target.value.id == "settings"
            assert target.attr in HOST_MODEL_SETTINGS


@pytest.mark.parametrize("path", migration_files(), ids=lambda p: p.name)
def test_no_host_label_appears_anywhere(path):
    text = path.read_text().lower()
    for label in ("salon.", "spa.", "auth.user"):
        assert label not in text


@pytest.mark.django_db
def test_migrations_are_up_to_date_for_the_example_host():
    call_command("makemigrations", "loyalty_promos", check=True, dry_run=True, verbosity=0)


def run_other_host(*args: str, database: str = "sqlite:///:memory:"):
    return run_django("tests.projects.other_host.settings", *args, OTHER_HOST_DATABASE_URL=database)


@pytest.mark.slow
def test_migrations_are_up_to_date_for_a_differently_configured_host():
    """Pitfalls 2, 4 and 6: other model names, DEFAULT_AUTO_FIELD, SIMPLE_HISTORY_* all set."""
    result = run_other_host("makemigrations", "loyalty_promos", "--check", "--dry-run")

    assert result.returncode == 0, result.stdout + result.stderr
    assert "No changes detected" in result.stdout


@pytest.mark.slow
def test_the_other_host_migrates_with_our_pinned_schema(tmp_path):
    database = tmp_path / "other_host.sqlite3"

    result = run_other_host("migrate", "--noinput", database=f"sqlite:///{database}")

    assert result.returncode == 0, result.stdout + result.stderr
    with sqlite3.connect(database) as db:
        columns = {
            row[1]: row[2].lower()
            for row in db.execute("PRAGMA table_info(loyalty_promos_historicalcustomerdiscount)")
        }
        charge_fks = {
            row[3]: row[2] for row in db.execute("PRAGMA foreign_key_list(loyalty_promos_charge)")
        }
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
    # Not UUID, not text, despite SIMPLE_HISTORY_HISTORY_ID_USE_UUID / ..._USE_TEXT_FIELD.
    assert columns["history_id"] == "integer"
    assert columns["history_change_reason"] == "varchar(100)"
    # The host's tables, not our placeholders.
    host_fks = {"booking_id", "customer_id", "service_id", "staff_id", "created_by_id"}
    assert {k: v for k, v in charge_fks.items() if k in host_fks} == {
        "booking_id": "spa_reservation",
        "customer_id": "auth_user",
        "service_id": "spa_treatment",
        "staff_id": "spa_therapist",
        "created_by_id": "auth_user",
    }
    assert "loyalty_promos_booking" not in tables
    assert "loyalty_promos_customer" not in tables


def test_every_relation_to_a_host_model_names_its_reverse_accessor():
    """Pitfall 5: without an explicit related_name two apps clash on reverse accessors."""
    from django.apps import apps

    from loyalty_promos import integration

    host_models = {
        integration.get_customer_model(),
        integration.get_service_model(),
        integration.get_staff_model(),
        integration.get_booking_model(),
    }
    relations = [
        field
        for model in apps.get_app_config("loyalty_promos").get_models()
        for field in model._meta.get_fields(include_hidden=True)
        if field.is_relation and field.concrete and field.related_model in host_models
    ]

    assert relations, "expected relations to host models"
    for field in relations:
        related_name = field.remote_field.related_name
        assert related_name.endswith("+") or related_name.startswith("loyalty_promos"), (
            f"{field.model.__name__}.{field.name}: related_name={related_name!r}"
        )
