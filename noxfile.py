"""The supported matrix, and the package checks, as nox sessions.

    nox                      # what CI runs: the cells tagged "ci" (newest Python+Django on PG)
    nox -l                   # every session and cell
    nox -s "tests(py3.12, django6.0, postgres)"          # one cell
    nox -s "tests(py3.13, django6.1, sqlite)" -- -x tests/test_codes.py   # args go to pytest
    nox -s package           # build, twine check, sdist tests, the wheel in fresh projects
    nox -s lint migrations   # (docs and translations: python3 dev.py docs / i18n)

Each cell is Python × Django × database. Django 6 needs Python 3.12 or later,
so 5.2 runs on 3.11–3.13 and 6.0 / 6.1 on 3.12–3.13. The interpreters come
from the machine (``pyenv install 3.12 3.13`` on a fresh one); a missing one is
an error, never a silent skip. Everything installs from PyPI with pip into
``.nox/`` (reused between runs). PostgreSQL cells use ``POSTGRES_URL``
(default ``postgres://postgres@127.0.0.1:5432/loyalty_promos``) with the cell's
name appended to the database name, so cells never share a test database.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tarfile
import tempfile
import textwrap
from pathlib import Path

import nox

ROOT = Path(__file__).resolve().parent
nox.options.default_venv_backend = "venv"
nox.options.reuse_existing_virtualenvs = True
nox.options.error_on_missing_interpreters = True
nox.options.tags = ["ci"]

#: Django series -> pip requirement, and the Pythons each series supports.
DJANGO = {
    "5.2": ("Django>=5.2,<6.0", ("3.11", "3.12", "3.13")),
    "6.0": ("Django>=6.0,<6.1", ("3.12", "3.13")),
    "6.1": ("Django>=6.1,<6.2", ("3.12", "3.13")),
}
DATABASES = ("sqlite", "postgres")
#: The cell CI runs beside the README's command, which already covers the oldest Python
#: and Django (3.11, 5.2) on both databases: the newest Python and Django on PostgreSQL.
#: Every other cell runs on demand (``nox -s "tests(py3.12, django6.0, sqlite)"``).
CI_CELLS = {("3.13", "6.1", "postgres")}
#: Fresh-project checks of the built wheel: the oldest and the newest Django.
PACKAGE_CELLS = (("3.11", "5.2"), ("3.13", "6.1"))


def _find_pyenv_interpreters() -> None:
    """Put pyenv's Pythons on PATH when its shims do not select them.

    A machine with ``pyenv install 3.12 3.13`` but ``pyenv global 3.11`` has
    ``python3.12`` shims that refuse to run; nox would report the interpreter
    missing. The newest installed patch release of each series is used.
    """
    root = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv"))
    for series in sorted({p for _, pythons in DJANGO.values() for p in pythons}):
        command = shutil.which(f"python{series}")
        if command and subprocess.run([command, "-c", ""], capture_output=True).returncode == 0:
            continue
        found = sorted(
            root.glob(f"versions/{series}.*/bin/python{series}"),
            key=lambda p: [int(n) for n in p.parent.parent.name.split(".") if n.isdigit()],
        )
        if found:
            os.environ["PATH"] = f"{found[-1].parent}{os.pathsep}{os.environ['PATH']}"


_find_pyenv_interpreters()
POSTGRES_URL = os.environ.get("POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/loyalty_promos")


def _cells():
    for django, (_, pythons) in DJANGO.items():
        for python in pythons:
            for db in DATABASES:
                tags = ["ci"] if (python, django, db) in CI_CELLS else []
                yield nox.param(
                    python, django, db, id=f"py{python}, django{django}, {db}", tags=tags
                )


def _tmp(session: nox.Session) -> Path:
    """The session's scratch folder, absolute (sessions change directory)."""
    return Path(session.create_tmp()).resolve()


def _database_url(session: nox.Session, python: str, django: str, db: str) -> str:
    if db == "sqlite":
        return f"sqlite:///{_tmp(session) / 'db.sqlite3'}"
    suffix = f"_py{python}_dj{django}".replace(".", "")
    return POSTGRES_URL + suffix


@nox.session
@nox.parametrize("python,django,db", list(_cells()))
def tests(session: nox.Session, django: str, db: str) -> None:
    """The suite (browser tests excluded unless pytest args say otherwise) in one cell."""
    session.install("-e", ".[test]", DJANGO[django][0])
    session.run("python", "-c", "import sys, django; print(sys.version, django.__version__)")
    env = {"DATABASE_URL": _database_url(session, session.python, django, db)}
    args = session.posargs or ["-q", "-m", "not e2e", "-p", "no:cacheprovider"]
    session.run("python", "-m", "pytest", *args, env=env)


def _build(session: nox.Session) -> tuple[Path, Path]:
    out = _tmp(session) / "dist"
    for old in out.glob("*"):
        old.unlink()
    session.run("python", "-m", "build", "--outdir", str(out), str(ROOT))
    session.run("python", "-m", "twine", "check", "--strict", *map(str, sorted(out.glob("*"))))
    [wheel] = out.glob("*.whl")
    [sdist] = out.glob("*.tar.gz")
    return wheel, sdist


FRESH_SETTINGS = textwrap.dedent(
    """

    # --- added by noxfile.py: the README's quick start, nothing more
    INSTALLED_APPS += [
        "simple_history", "import_export", "django_filters", "salon", "loyalty_promos",
    ]
    LOYALTY_PROMOS_SERVICE_MODEL = "salon.Service"
    LOYALTY_PROMOS_STAFF_MODEL = "salon.StaffMember"
    LOYALTY_PROMOS_BOOKING_MODEL = "salon.Appointment"
    LOYALTY_PROMOS = {"CURRENCY": "EUR"}
    """
)
#: The host's own booking models, with the conventional field names (no adapter needed).
FRESH_MODELS = textwrap.dedent(
    """
    from django.conf import settings
    from django.db import models


    class Service(models.Model):
        name = models.CharField(max_length=100)
        price = models.DecimalField(max_digits=8, decimal_places=2)


    class StaffMember(models.Model):
        name = models.CharField(max_length=100)


    class Appointment(models.Model):
        customer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
        service = models.ForeignKey(Service, on_delete=models.PROTECT)
        staff = models.ForeignKey(StaffMember, on_delete=models.PROTECT)
        start = models.DateTimeField()
        end = models.DateTimeField()
    """
)


@nox.session
@nox.parametrize(
    "python,django",
    [nox.param(p, d, id=f"py{p}, django{d}", tags=["ci"]) for p, d in PACKAGE_CELLS],
)
def package(session: nox.Session, django: str) -> None:
    """Build, ``twine check``, run tests from the sdist, install the wheel into a fresh project.

    The fresh project is ``django-admin startproject`` of the cell's Django, a
    ``salon`` app with the three booking models, and the README's settings;
    ``check``, ``makemigrations --check`` and ``migrate`` must be clean
    (deprecation warnings are errors).
    """
    session.install("build", "twine")
    wheel, sdist = _build(session)
    session.install(f"{wheel}[test]", DJANGO[django][0])

    work = Path(tempfile.mkdtemp(prefix="lp-fresh-", dir=_tmp(session)))
    # The sdist carries the tests and both test hosts: run the quick ones from it.
    with tarfile.open(sdist) as archive:
        archive.extractall(work, filter="data")
    [source] = work.glob("loyalty_promos-*")
    session.chdir(source)
    session.run(
        "python",
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:cacheprovider",
        "tests/test_conf.py",
        "tests/test_checks.py",
        "tests/test_migrations.py",
        env={"DATABASE_URL": f"sqlite:///{work / 'sdist.sqlite3'}"},
    )

    session.chdir(work)
    session.run("django-admin", "startproject", "freshsite")
    site = work / "freshsite"
    settings = site / "freshsite" / "settings.py"
    session.chdir(site)
    session.run("python", "manage.py", "startapp", "salon")
    (site / "salon" / "models.py").write_text(FRESH_MODELS)
    settings.write_text(settings.read_text() + FRESH_SETTINGS)
    # Deprecations are errors here too: a fresh project of this Django must not see any.
    env = {"PYTHONWARNINGS": "error::DeprecationWarning,error::PendingDeprecationWarning"}
    session.run("python", "manage.py", "makemigrations", "salon", env=env)
    session.run("python", "manage.py", "check", "--fail-level", "WARNING", env=env)
    # Our shipped migrations match our models under this Django and this host.
    session.run("python", "manage.py", "makemigrations", "--check", "--dry-run", env=env)
    session.run("python", "manage.py", "migrate", "--noinput", env=env)


@nox.session(python="3.11")
def lint(session: nox.Session) -> None:
    session.install("-e", ".[test]")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session
@nox.parametrize(
    "python,django",
    [
        nox.param(pythons[-1], django, id=f"django{django}")
        for django, (_, pythons) in DJANGO.items()
    ],
)
def migrations(session: nox.Session, django: str) -> None:
    """``makemigrations --check`` under both test hosts, on each Django series."""
    session.install("-e", ".[test]", DJANGO[django][0])
    for settings in ("tests.settings", "tests.projects.other_host.settings"):
        env = {
            "DJANGO_SETTINGS_MODULE": settings,
            "PYTHONPATH": str(ROOT),
            "DATABASE_URL": "sqlite://:memory:",
        }
        session.run("python", "-m", "django", "makemigrations", "--check", "--dry-run", env=env)
