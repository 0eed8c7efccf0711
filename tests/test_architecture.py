"""The shape of the code: imports at module level, the admin only parses and calls services."""

import ast
from pathlib import Path

import pytest

import loyalty_promos

APP = Path(loyalty_promos.__file__).parent

#: (module, function) allowed to import inside its body, and why.
ALLOWED_LOCAL_IMPORTS = {
    # Django loads the app's models after the AppConfig: ready() is where
    # checks and receivers are imported, as Django documents.
    ("apps.py", "ready"),
    # Optional dependencies, imported where they are used so that the app runs
    # without them: XlsxWriter (the ``fastxlsx`` extra) and psycopg 3 (PostgreSQL).
    ("reports/xlsx.py", "write"),
    ("reports/xlsx.py", "fast_writer_installed"),
    ("reports/exporters.py", "copy_available"),
    ("reports/exporters.py", "copy_csv"),
}

#: Models that are ledgers, balances or billing records: written by services only.
LEDGER_MODELS = {
    "Charge",
    "ChargeLine",
    "CreditBalance",
    "CreditEntry",
    "CustomerPackage",
    "GiftCard",
    "GiftCardEntry",
    "PackageUsage",
    "PointsAllocation",
    "PointsBalance",
    "PointsEntry",
    "Redemption",
    "RewardRedemption",
}


def modules(root: Path = APP):
    for path in sorted(root.rglob("*.py")):
        if "migrations" not in path.relative_to(root).parts:
            yield path, ast.parse(path.read_text(), filename=str(path))


def local_imports(tree):
    """(function name, line, imported module) of every import inside a function body."""
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for inner in ast.walk(node):
                if isinstance(inner, ast.Import):
                    yield node.name, inner.lineno, ", ".join(a.name for a in inner.names)
                elif isinstance(inner, ast.ImportFrom):
                    yield node.name, inner.lineno, "." * inner.level + (inner.module or "")


def test_no_module_of_the_app_imports_inside_a_function():
    found = [
        f"{path.relative_to(APP)}:{line} {function}() imports {module}"
        for path, tree in modules()
        for function, line, module in local_imports(tree)
        if (str(path.relative_to(APP)), function) not in ALLOWED_LOCAL_IMPORTS
    ]

    assert found == []


def test_the_import_walk_finds_an_import_inside_a_function():
    tree = ast.parse("def f():\n    if True:\n        from x import y\n")

    assert list(local_imports(tree)) == [("f", 3, "x")]


def admin_writes(tree):
    """What an admin module must leave to services: transactions, ledger writes, bulk updates."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in ("atomic", "select_for_update"):
            yield node.lineno, node.attr
        if (
            isinstance(node, ast.ImportFrom)
            and node.module == "django.db"
            and any(alias.name == "transaction" for alias in node.names)
        ):
            yield node.lineno, "import transaction"
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        method, receiver = node.func.attr, node.func.value
        if (
            method == "update" and node.keywords
        ):  # queryset.update(field=…); dict.update(…) has none
            yield node.lineno, "queryset.update()"
        if method in ("create", "bulk_create", "get_or_create", "update_or_create"):
            manager = receiver.value if isinstance(receiver, ast.Attribute) else None
            if isinstance(manager, ast.Name) and manager.id in LEDGER_MODELS:
                yield node.lineno, f"{manager.id}.objects.{method}()"


def test_admin_modules_hold_no_transaction_and_no_ledger_write():
    found = [
        f"{path.relative_to(APP)}:{line} {what}"
        for path, tree in modules(APP / "admin")
        for line, what in admin_writes(tree)
    ]

    assert found == []


@pytest.mark.parametrize(
    ("source", "found"),
    [
        ("from django.db import transaction\n", [(1, "import transaction")]),
        ("with transaction.atomic():\n    pass\n", [(1, "atomic")]),
        ("PointsEntry.objects.create(points=1)\n", [(1, "PointsEntry.objects.create()")]),
        ("qs.update(is_active=False)\n", [(1, "queryset.update()")]),
        ("context.update(extra)\n", []),
        ("Coupon.objects.create(name='x')\n", []),
    ],
)
def test_the_admin_check_finds_what_it_looks_for(source, found):
    assert list(admin_writes(ast.parse(source))) == found
