"""French and Romanian are complete, compiled, and no template carries untranslated text."""

import gettext
import re
import shutil
import subprocess
from pathlib import Path

import pytest

APP = Path(__file__).resolve().parents[1] / "loyalty_promos"
LANGUAGES = ["fr", "ro"]
TEMPLATES = sorted((APP / "templates").rglob("*.html"))

needs_gettext = pytest.mark.skipif(not shutil.which("msgfmt"), reason="needs GNU gettext")


def catalog(language):
    return APP / "locale" / language / "LC_MESSAGES"


@needs_gettext
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_string_is_translated(language):
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", catalog(language) / "django.po"],
        capture_output=True,
        text=True,
        env={"LC_ALL": "C"},
    )

    assert result.returncode == 0, result.stderr
    assert "untranslated" not in result.stderr, result.stderr
    assert "fuzzy" not in result.stderr, result.stderr


@needs_gettext
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_compiled_catalog_matches_its_po_file(language, tmp_path):
    fresh = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "-o", fresh, catalog(language) / "django.po"], check=True)

    with fresh.open("rb") as handle:
        expected = gettext.GNUTranslations(handle)._catalog
    with (catalog(language) / "django.mo").open("rb") as handle:
        shipped = gettext.GNUTranslations(handle)._catalog

    assert shipped == expected, "run `python3 dev.py messages` and commit the .mo files"


def visible_text(source: str) -> list[str]:
    """Words a template shows that are not inside a translation tag or a variable."""
    source = re.sub(r"\{%\s*blocktranslate.*?endblocktranslate\s*%\}", " ", source, flags=re.S)
    source = re.sub(r"\{% block bodyclass %\}.*?\{% endblock %\}", " ", source)  # CSS classes
    source = re.sub(r"\{#.*?#\}|\{%.*?%\}|\{\{.*?\}\}", " ", source, flags=re.S)
    source = re.sub(r"<(script|style)\b.*?</\1>", " ", source, flags=re.S)
    source = re.sub(r"<[^>]*>|&[a-z]+;|&#\d+;", " ", source)
    return re.findall(r"[A-Za-z]{2,}", source)


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: p.name)
def test_templates_show_no_untranslated_words(template):
    assert visible_text(template.read_text()) == []


def test_the_template_check_finds_a_forgotten_word():
    assert visible_text('<p>{% translate "Saved" %} Total {{ amount }}</p>') == ["Total"]
