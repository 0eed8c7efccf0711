"""``.. error-codes::``: every error class of the app with its codes and messages.

Rendered at build time from :class:`loyalty_promos.exceptions.ErrorCode` and each
class's ``code_messages``, so the reference cannot miss a code or show an old
message. A code that no class has a message for fails the build.
"""

from __future__ import annotations

import inspect

from docutils import nodes
from docutils.parsers.rst import Directive
from docutils.statemachine import StringList
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util.nodes import nested_parse_with_titles


def error_classes() -> list[type]:
    from loyalty_promos import exceptions

    found = [
        cls
        for _name, cls in inspect.getmembers(exceptions, inspect.isclass)
        if issubclass(cls, exceptions.LoyaltyPromosError) and cls.code_messages
    ]
    return sorted(found, key=lambda cls: inspect.getsourcelines(cls)[1])


def _cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def error_codes_rst() -> list[str]:
    from loyalty_promos.exceptions import ErrorCode

    lines: list[str] = []
    described: set[str] = set()
    for cls in error_classes():
        title = f"``{cls.__name__}``"
        lines += [title, "~" * len(title), ""]
        if vars(cls).get("__doc__"):  # its own docstring, not the base's
            lines += [*inspect.cleandoc(cls.__doc__).splitlines(), ""]
        lines += [".. list-table::", "   :header-rows: 1", "   :widths: 25 75", ""]
        lines += ["   * - code", "     - message"]
        for code, message in cls.code_messages.items():
            ErrorCode(code)  # a message for a code the enum does not have fails the build
            described.add(code)
            lines += [f"   * - ``{code}``", f"     - {_cell(message)}"]
        lines.append("")
    missing = sorted(code.value for code in ErrorCode if code.value not in described)
    if missing:
        raise ExtensionError(f"Error codes without a class message: {', '.join(missing)}")
    return lines


class ErrorCodes(Directive):
    has_content = False

    def run(self) -> list[nodes.Node]:
        content = StringList(error_codes_rst(), source="loyalty_promos.exceptions")
        container = nodes.container()
        nested_parse_with_titles(self.state, content, container)
        return list(container.children)


def setup(app: Sphinx) -> dict:
    app.add_directive("error-codes", ErrorCodes)
    return {"version": "1", "parallel_read_safe": True}
