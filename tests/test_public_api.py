"""The contract with host developers: ``loyalty_promos.api`` and its reference pages."""

from __future__ import annotations

import inspect
import re
import sys
from pathlib import Path

import pytest
from django.dispatch import Signal

from loyalty_promos import api, signals
from loyalty_promos.exceptions import ErrorCode

DOCS = Path(__file__).resolve().parent.parent / "docs"
REFERENCE = DOCS / "reference"
INTERNALS = {"redeem", "record_use", "release_booking", "lock_for_reprice", "reprice", "take"}


def _reference_text() -> str:
    return "\n".join(page.read_text() for page in sorted(REFERENCE.glob("*.rst")))


def test_api_exports_what_hosts_call_and_no_internals():
    assert {
        "remove_credit",
        "sell_credit_pack",
        "issue_gift_card",
        "anonymise_customer",
        "cancel_booking",
        "quote",
        "checkout",
    } <= set(api.__all__)
    assert not INTERNALS & set(api.__all__)
    for name in api.__all__:
        assert getattr(api, name) is not None


def test_every_api_function_is_typed_in_full():
    for name in api.__all__:
        obj = getattr(api, name)
        if inspect.isclass(obj):
            continue
        signature = inspect.signature(obj)
        untyped = [
            p.name for p in signature.parameters.values() if p.annotation is inspect.Parameter.empty
        ]
        assert untyped == [], f"api.{name}: parameters without a type: {untyped}"
        assert signature.return_annotation is not inspect.Signature.empty, f"api.{name}"
        assert inspect.getdoc(obj), f"api.{name} has no docstring"


def test_reference_documents_every_api_name_and_no_service_internals():
    text = _reference_text()
    missing = [name for name in api.__all__ if f"loyalty_promos.api.{name}\n" not in text]
    assert missing == []
    directives = re.findall(r"^\.\. auto\w+:: (\S+)", text, flags=re.MULTILINE)
    assert [target for target in directives if ".services" in target] == []


def test_signals_page_lists_every_signal_with_its_arguments():
    page = (REFERENCE / "signals.rst").read_text()
    names = [name for name, value in vars(signals).items() if isinstance(value, Signal)]
    assert len(names) == 12
    for name in names:
        assert f".. autodata:: loyalty_promos.signals.{name}\n" in page, name
        assert f"   * - ``{name}``\n" in page, f"{name} is missing from the table of arguments"


def test_errors_page_renders_every_code_with_its_class_and_message():
    pytest.importorskip("sphinx")  # the docs extra (the README's command installs it)
    sys.path.insert(0, str(DOCS / "_ext"))
    try:
        from error_codes import error_codes_rst
    finally:
        sys.path.remove(str(DOCS / "_ext"))
    rendered = "\n".join(error_codes_rst())
    for code in ErrorCode:
        assert f"   * - ``{code.value}``\n" in rendered + "\n", code
    assert "``CouponError``" in rendered
    assert "This code has expired." in rendered
    assert "At most %(max)d points can be moved at once." in rendered
    assert ".. error-codes::" in (REFERENCE / "errors.rst").read_text()
