"""Messages written by staff: Django templates on a restricted engine.

Staff write the messages customers receive (the points notifications of the
loyalty programme, "email a code") as Django templates with a few variables.
They run on an engine of their own that knows only the tags in
``ALLOWED_TAGS`` and Django's built-in filters: no ``{% include %}``,
``{% extends %}``, ``{% load %}``, ``{% url %}``, ``{% debug %}`` or
``{% csrf_token %}``. A message cannot read other templates, files, URLs or
the host's tag libraries, so what is checked when it is saved is all it can
do. Plain text: nothing is HTML-escaped.

``validate_message`` is the check made when a message is saved (a form or a
model ``clean()``): it compiles the text and writes it once with sample values,
and names the field in its error. What still fails when a message is sent
(a message stored by code, a filter that fails on real values) is the
sender's to log: see ``services/notifications.py``.
"""

from __future__ import annotations

import functools

from django.core.exceptions import ValidationError
from django.template import (
    Context,
    Engine,
    Library,
    Template,
    TemplateSyntaxError,
    defaultfilters,
    defaulttags,
)
from django.template.base import Lexer, TokenType
from django.utils.text import capfirst
from django.utils.translation import gettext as _

#: The tags a message may use; everything else is refused when it is saved.
ALLOWED_TAGS = (
    "comment",
    "cycle",
    "filter",
    "firstof",
    "for",
    "if",
    "ifchanged",
    "now",
    "spaceless",
    "templatetag",
    "verbatim",
    "widthratio",
    "with",
)
#: Words that close or split an allowed tag ({% else %}, {% endif %} …).
_INNER_WORDS = {"else", "elif", "empty"}

tags = Library()
for _name in ALLOWED_TAGS:
    tags.tag(_name, defaulttags.register.tags[_name])


class MessageEngine(Engine):
    """An engine whose only built-ins are ``ALLOWED_TAGS`` and the default filters."""

    def get_template_builtins(self, builtins):
        return [tags, defaultfilters.register]


engine = MessageEngine(autoescape=False)


@functools.lru_cache(maxsize=64)
def _compiled(text: str) -> Template:
    """``text`` compiled once: the award job writes one message per lot from the same two
    texts (compiling them was a third of its time). Templates render safely from threads."""
    return engine.from_string(text)


def render(text: str, context: dict) -> str:
    """``text`` written with ``context``; surrounding blank space removed."""
    return _compiled(str(text)).render(Context(context)).strip()


def refused_tags(text: str) -> list[str]:
    """The tags in ``text`` that messages may not use, in order of appearance."""
    refused = []
    for token in Lexer(str(text)).tokenize():
        if token.token_type != TokenType.BLOCK or not token.contents:
            continue
        name = token.contents.split()[0]
        if name in ALLOWED_TAGS or name in _INNER_WORDS or name.startswith("end"):
            continue
        if name not in refused:
            refused.append(name)
    return refused


def validate_message(text: str, *, label, sample: dict) -> str:
    """Compile ``text`` and write it with ``sample``; a ValidationError names ``label``."""
    field = capfirst(str(label))
    refused = refused_tags(text)
    if refused:
        raise ValidationError(
            _(
                "“%(field)s” uses a tag that messages cannot use: %(tags)s. "
                "Messages may use the variables, Django's filters and these tags: "
                "%(allowed)s."
            )
            % {"field": field, "tags": ", ".join(refused), "allowed": ", ".join(ALLOWED_TAGS)},
            code="template_tag",
        )
    try:
        template = engine.from_string(str(text))
    except TemplateSyntaxError as error:
        raise ValidationError(
            _("“%(field)s” has a mistake: %(error)s") % {"field": field, "error": error},
            code="template",
        ) from error
    try:
        template.render(Context(sample))
    except Exception as error:  # any failure of a filter on the sample values
        raise ValidationError(
            _("“%(field)s” cannot be written with sample values: %(error)s")
            % {"field": field, "error": str(error) or type(error).__name__},
            code="template_render",
        ) from error
    return text
