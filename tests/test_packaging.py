"""The wheel carries everything a host needs: templates, static, translations, migrations."""

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_the_wheel_ships_every_resource(tmp_path):
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", tmp_path],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    [wheel] = tmp_path.glob("loyalty_promos-*.whl")
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
    }
    assert expected <= names
    assert not any(name.startswith(("tests/", "example_project/")) for name in names)
