#!/usr/bin/env python3
"""Set up and run loyalty_promos on a fresh machine with nothing but Python 3.11+ and pip.

    python3 dev.py demo     # virtualenv, install, migrate, demo data, run the example site
    python3 dev.py demo --fresh   # the same from an empty database (demo data made again)
    python3 dev.py test     # virtualenv, install, the whole test suite (SQLite, or DATABASE_URL),
                            # then the host contract suite under the other test hosts

and the checks CI runs besides the suite:

    python3 dev.py lint         # ruff lint + format check
    python3 dev.py typecheck    # strict mypy over the public API, services, integration, conf
    python3 dev.py migrations   # makemigrations --check under every test host
    python3 dev.py i18n         # messages up to date, fully translated, compiled
    python3 dev.py docs         # Sphinx, warnings are errors (takes the pictures if missing)
    python3 dev.py screenshots  # the staff guide's pictures, taken again by the browser tests
    python3 dev.py messages     # refresh and compile the .po files after changing strings
    python3 dev.py build        # sdist + wheel into dist/, twine check, list the sdist
    python3 dev.py matrix       # nox: the CI cells of Python x Django x database, and
                                # the wheel in fresh 5.2 / 6.1 projects (args go to nox)

Everything installs into ./.venv; a second run reinstalls only when
pyproject.toml changed. Extra arguments after ``test`` go to pytest.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / "python"
APP = ROOT / "loyalty_promos"
#: The example salon's own pages (its public booking side) are translated too.
SALON = ROOT / "example_project" / "salon"
TRANSLATED = (APP, SALON)
MANAGE = ROOT / "example_project" / "manage.py"
LANGUAGES = ("fr", "ro")
SCREENSHOTS = ROOT / "docs" / "screenshots"
DEMO_ADDRESS = os.environ.get("DEMO_ADDRESS", "127.0.0.1:8000")


def run(*args: object, cwd: Path = ROOT, env: dict | None = None) -> None:
    print("+", " ".join(str(a) for a in args), flush=True)
    result = subprocess.run([str(a) for a in args], cwd=cwd, env={**os.environ, **(env or {})})
    if result.returncode:
        sys.exit(result.returncode)


def ensure_venv(extras: str) -> None:
    """Create .venv and install the package with ``extras`` unless already done."""
    if sys.version_info < (3, 11):  # noqa: UP036 - dev.py may be run by an older python3
        sys.exit("loyalty_promos needs Python 3.11 or later.")
    if not PYTHON.exists():
        run(sys.executable, "-m", "venv", VENV)
        run(PYTHON, "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + extras.encode()).hexdigest()
    stamp = VENV / f".installed-{extras.replace(',', '-')}"
    if stamp.exists() and stamp.read_text() == digest:
        return
    run(PYTHON, "-m", "pip", "install", "--quiet", "-e", f".[{extras}]")
    stamp.write_text(digest)


def manage(*args: object, env: dict | None = None) -> None:
    run(PYTHON, MANAGE, *args, env=env)


def django_admin(*args: object, cwd: Path) -> None:
    env = {"DJANGO_SETTINGS_MODULE": "tests.settings", "PYTHONPATH": str(ROOT)}
    run(PYTHON, "-m", "django", *args, cwd=cwd, env=env)


#: The example site's database when ``DATABASE_URL`` names none (example_project/settings.py).
DEMO_DATABASE = ROOT / "example_project" / "db.sqlite3"
#: The logins ``seed_demo`` creates (tests/test_dev_script.py holds them equal).
DEMO_STAFF_LOGIN = ("admin", "admin")
DEMO_CUSTOMER_LOGINS = (("camille", "demo"), ("ioana", "demo"), ("emma", "demo"))


def demo_plan(args: list[str], environ: dict) -> tuple[bool, list[str], list[str]]:
    """What ``demo`` does: delete the SQLite file?, seed_demo's and runserver's arguments.

    ``--fresh`` starts again: the default SQLite file is deleted (migrations
    then build it anew); with a ``DATABASE_URL`` the demo data is flushed
    and made again instead (another database is never dropped).
    """
    fresh = "--fresh" in args
    rest = [arg for arg in args if arg != "--fresh"]
    own_database = not environ.get("DATABASE_URL")
    return fresh and own_database, ["--flush"] if fresh and not own_database else [], rest


def demo(args: list[str]) -> None:
    delete_database, seed_args, runserver_args = demo_plan(args, dict(os.environ))
    ensure_venv("example")
    if delete_database and DEMO_DATABASE.exists():
        DEMO_DATABASE.unlink()
        print(f"Deleted {DEMO_DATABASE.relative_to(ROOT)}: starting again.", flush=True)
    manage("migrate", "--noinput", "-v", "1")
    manage("seed_demo", *seed_args)
    host, _, port = DEMO_ADDRESS.rpartition(":")
    customers = "   ".join(f"{user} / {password}" for user, password in DEMO_CUSTOMER_LOGINS)
    print(
        f"\n  Example salon running: http://{host}:{port}/admin/   (Ctrl+C to stop)\n"
        f"  Staff:      {' / '.join(DEMO_STAFF_LOGIN)}\n"
        f"  Customers:  {customers}   (log in at http://{host}:{port}/login/ to book)\n"
        "  Start again from scratch: python3 dev.py demo --fresh\n",
        flush=True,
    )
    manage("runserver", DEMO_ADDRESS, *runserver_args)


#: The suite every test host runs, and the hosts besides the example salon
#: (``tests/settings.py``, the default) that run it after the main suite.
HOST_CONTRACT = "tests/test_host_contract.py"
OTHER_TEST_HOSTS = ("tests.projects.studio.settings",)


def host_contract_args(args: list[str]) -> list[str] | None:
    """The pytest arguments of the other hosts' run, or None when ``args`` leave it out.

    Options pass through (``-q``, ``-m "not e2e"``, ``-x`` …). Paths select it
    when they contain the contract suite (``tests``, or nothing at all) or name
    it (``tests/test_host_contract.py::test_x``); any other path skips it.
    """
    paths = [arg for arg in args if (ROOT / arg.split("::")[0]).exists()]
    options = [arg for arg in args if arg not in paths]
    if not paths:
        return [*options, HOST_CONTRACT]
    contract = (ROOT / HOST_CONTRACT).resolve()
    chosen = []
    for arg in paths:
        target = (ROOT / arg.split("::")[0]).resolve()
        if target == contract:
            chosen.append(arg)
        elif target in contract.parents and HOST_CONTRACT not in chosen:
            chosen.append(HOST_CONTRACT)
    return [*options, *chosen] if chosen else None


def test(args: list[str]) -> None:
    """The whole suite under the example salon, then the host contract under every other host.

    Both runs go to the end; the command fails when either failed.
    """
    ensure_venv("test,docs,example")
    failed = subprocess.run([str(PYTHON), "-m", "pytest", *args], cwd=ROOT).returncode
    contract_args = host_contract_args(args)
    for settings in OTHER_TEST_HOSTS if contract_args is not None else ():
        print(f"+ DJANGO_SETTINGS_MODULE={settings} pytest {' '.join(contract_args)}", flush=True)
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": settings}
        code = subprocess.run([str(PYTHON), "-m", "pytest", *contract_args], cwd=ROOT, env=env)
        if code.returncode not in (0, 5):  # 5: every test deselected (-m e2e)
            failed = failed or code.returncode
    if failed:
        sys.exit(failed)


def lint(args: list[str]) -> None:
    ensure_venv("test,docs,example")
    run(BIN / "ruff", "check", ".")
    run(BIN / "ruff", "format", "--check", ".")


def typecheck(args: list[str]) -> None:
    """Strict mypy over the files ``[tool.mypy]`` in pyproject.toml names (args go to mypy)."""
    ensure_venv("test,docs,example")
    run(BIN / "mypy", *args)


def migrations(args: list[str]) -> None:
    ensure_venv("test,docs,example")
    manage("makemigrations", "--check", "--dry-run")
    for settings in ("tests.settings", "tests.projects.other_host.settings", *OTHER_TEST_HOSTS):
        env = {
            "DJANGO_SETTINGS_MODULE": settings,
            "PYTHONPATH": str(ROOT),
            "DATABASE_URL": "sqlite://:memory:",
        }
        run(PYTHON, "-m", "django", "makemigrations", "--check", "--dry-run", env=env)


def messages(args: list[str]) -> None:
    ensure_venv("test,docs,example")
    locales = [arg for lang in LANGUAGES for arg in ("-l", lang)]
    for app in TRANSLATED:
        (app / "locale").mkdir(exist_ok=True)
        django_admin("makemessages", *locales, "--no-location", "--no-obsolete", cwd=app)
        django_admin("compilemessages", cwd=app)


def i18n(args: list[str]) -> None:
    """Fail when a string is not extracted, not translated, or not compiled."""
    messages(args)
    for app in TRANSLATED:
        for lang in LANGUAGES:
            po = app / "locale" / lang / "LC_MESSAGES" / "django.po"
            stats = subprocess.run(
                ["msgfmt", "--statistics", "-o", os.devnull, po], capture_output=True, text=True
            ).stderr.strip()
            print(f"{po.relative_to(ROOT)}: {stats}")
            if "untranslated" in stats or "fuzzy" in stats:
                sys.exit(f"{po} is incomplete: {stats}")
    locales = [app / "locale" for app in TRANSLATED]
    changed = subprocess.run(
        ["git", "status", "--porcelain", "--", *locales],
        capture_output=True,
        text=True,
        cwd=ROOT,
    ).stdout
    if changed:
        run("git", "--no-pager", "diff", "--", *locales)
        sys.exit("Translations are out of date: run `python3 dev.py messages` and commit.")


def screenshots(args: list[str]) -> None:
    """Take the staff guide's pictures again: the browser tests that do each task take them."""
    ensure_venv("test,docs,example")
    shutil.rmtree(SCREENSHOTS, ignore_errors=True)
    run(PYTHON, "-m", "pytest", "-q", "-m", "e2e", "tests/e2e", *args)


def docs(args: list[str]) -> None:
    ensure_venv("test,docs,example")
    if not any(SCREENSHOTS.glob("*.png")):
        screenshots([])  # a fresh clone: the pictures come from the browser tests
    shutil.rmtree(ROOT / "docs" / "_build", ignore_errors=True)
    run(
        PYTHON, "-m", "sphinx", "-q", "-W", "--keep-going", "-b", "html", "docs", "docs/_build/html"
    )


def build(args: list[str]) -> None:
    """The release files, checked as PyPI will (``twine check --strict``)."""
    ensure_venv("test,docs,example")
    dist = ROOT / "dist"
    shutil.rmtree(dist, ignore_errors=True)
    run(PYTHON, "-m", "build", "--outdir", dist)
    run(PYTHON, "-m", "twine", "check", "--strict", *sorted(dist.iterdir()))
    run(PYTHON, "-m", "tarfile", "--list", next(dist.glob("*.tar.gz")))


def matrix(args: list[str]) -> None:
    """``nox`` from .venv: the cells CI runs unless ``args`` name others (``-s …``)."""
    ensure_venv("test,docs,example")
    run(BIN / "nox", *args)


COMMANDS = {
    "demo": demo,
    "test": test,
    "lint": lint,
    "typecheck": typecheck,
    "migrations": migrations,
    "messages": messages,
    "i18n": i18n,
    "docs": docs,
    "screenshots": screenshots,
    "build": build,
    "matrix": matrix,
}

if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        sys.exit(__doc__)
    COMMANDS[sys.argv[1]](sys.argv[2:])
