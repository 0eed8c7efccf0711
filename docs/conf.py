"""Sphinx configuration. Build: ``python3 dev.py docs`` (warnings are errors)."""

import os
import sys
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "docs" / "_ext"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
os.environ.setdefault("DATABASE_URL", "sqlite://:memory:")
django.setup()

from loyalty_promos import __version__  # noqa: E402

project = "loyalty_promos"
author = "loyalty_promos maintainers"
copyright = "2026, loyalty_promos maintainers"
release = __version__
version = ".".join(release.split(".")[:2])

extensions = [
    "error_codes",  # docs/_ext: the table of error codes, from loyalty_promos.exceptions
    "sphinx.ext.autodoc",
    "sphinx.ext.intersphinx",
    "sphinx.ext.viewcode",
    "myst_parser",  # performance.md is Markdown, as the benchmarks print it
]
autodoc_member_order = "bysource"
autodoc_typehints = "description"
intersphinx_mapping = {}
html_theme = "sphinx_rtd_theme"
html_static_path = ["_static"]
html_title = f"loyalty_promos {release}"
exclude_patterns = ["_build"]
nitpicky = False
