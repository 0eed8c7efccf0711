"""What we publish: the wheel carries the app, the sdist the whole source release,
both pass ``twine check``, and the README's links resolve."""

import re
import subprocess
import sys
import tarfile
import tomllib
import zipfile
from pathlib import Path

import pytest

import loyalty_promos

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())


@pytest.fixture(scope="module")
def dist(tmp_path_factory):
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "build", "--sdist", "--wheel", "--no-isolation", "--outdir", out],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    return out


@pytest.mark.slow
def test_the_wheel_ships_every_resource(dist):
    [wheel] = dist.glob("loyalty_promos-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())

    expected = {
        "loyalty_promos/py.typed",
        "loyalty_promos/migrations/0001_initial.py",
        "loyalty_promos/templates/admin/loyalty_promos/app_index.html",
        "loyalty_promos/static/loyalty_promos/admin.css",
        "loyalty_promos/locale/fr/LC_MESSAGES/django.po",
        "loyalty_promos/locale/fr/LC_MESSAGES/django.mo",
        "loyalty_promos/locale/ro/LC_MESSAGES/django.po",
        "loyalty_promos/locale/ro/LC_MESSAGES/django.mo",
        f"loyalty_promos-{loyalty_promos.__version__}.dist-info/licenses/LICENSE",
    }
    assert expected <= names
    assert not any(name.startswith(("tests/", "example_project/")) for name in names)


@pytest.mark.slow
def test_the_sdist_carries_what_its_tests_need(dist):
    [sdist] = dist.glob("loyalty_promos-*.tar.gz")
    with tarfile.open(sdist) as archive:
        names = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}

    expected = {
        "LICENSE",
        "README.md",
        "pyproject.toml",
        "setup.cfg",  # pytest's configuration
        "dev.py",
        "noxfile.py",
        "tests/conftest.py",
        "tests/settings.py",
        "tests/projects/other_host/settings.py",
        "tests/projects/other_host/spa/migrations/0001_initial.py",
        "example_project/settings.py",
        "example_project/salon/migrations/0001_initial.py",
        "docs/conf.py",
        "docs/changelog.rst",
        "loyalty_promos/locale/fr/LC_MESSAGES/django.mo",
    }
    assert expected <= names, expected - names
    assert not [n for n in names if "__pycache__" in n or n.endswith((".pyc", ".sqlite3"))]


@pytest.mark.slow
def test_twine_accepts_both_files(dist):
    files = sorted(str(path) for path in dist.iterdir())
    result = subprocess.run(
        [sys.executable, "-m", "twine", "check", "--strict", *files],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_version_is_declared_once():
    """pyproject.toml holds it; the package and the docs read the installed metadata."""
    assert loyalty_promos.__version__ == PYPROJECT["project"]["version"]
    assert "version" not in PYPROJECT["project"].get("dynamic", [])
    sources = [ROOT / "docs" / "conf.py", *Path(loyalty_promos.__file__).parent.rglob("*.py")]
    written = f'"{PYPROJECT["project"]["version"]}"'
    assert [str(p) for p in sources if written in p.read_text()] == []


def test_the_supported_django_series_are_declared():
    project = PYPROJECT["project"]
    assert "Django>=5.2,<6.2" in project["dependencies"]
    django_classifiers = [
        c for c in project["classifiers"] if c.startswith("Framework :: Django ::")
    ]
    assert django_classifiers == [
        "Framework :: Django :: 5.2",
        "Framework :: Django :: 6.0",
        "Framework :: Django :: 6.1",
    ]


def test_every_relative_link_in_the_readme_exists():
    readme = (ROOT / "README.md").read_text()
    targets = re.findall(r"\]\(([^)#]+)(?:#[^)]*)?\)", readme)
    relative = [t for t in targets if not re.match(r"[a-z]+://", t)]

    assert relative  # the README does link into docs/
    assert [t for t in relative if not (ROOT / t).exists()] == []
