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
