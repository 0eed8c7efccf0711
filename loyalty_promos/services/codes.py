"""Creating codes: by hand, generated in bulk, or from a pasted list.

Generated codes use ``secrets`` (the operating system's cryptographic
randomness) over an alphabet without look-alikes — no 0/O, no 1/I/L — and
never contain a word of a small ban list. Uniqueness is guaranteed against
every existing code: candidates are drawn in chunks, the ones already taken
(or drawn twice) are dropped, and more are drawn until there are enough.

Collision maths: with the 31-letter alphabet and length L there are 31**L
possible codes. Drawing n codes when N already exist, a candidate collides
with probability about N/31**L. For L = 10 (8.2e14 values) even 10 million
existing codes give a collision rate of 1.2e-8 per candidate, so retries are
rare and cost one more chunk; the generator refuses a request that would fill
more than half of the space (length too short for the count).
"""

from __future__ import annotations

import functools
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.db.models.functions import Length
from django.utils.translation import gettext as _

from loyalty_promos.exceptions import CodeError, ConfigError
from loyalty_promos.integration import User
from loyalty_promos.models import CodeBatch, Coupon, CouponCode, normalize_code
from loyalty_promos.models.coupons import CODE_MAX_LENGTH, display_code, validate_code
from loyalty_promos.validators import validate_use_limit

#: No 0/O, no 1/I/L: codes are read aloud and typed from paper.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
#: Words a random code must never contain (English, French, Romanian).
BANNED_WORDS = (
    "ANAL", "ANUS", "ARSE", "ASS", "BITE", "CACA", "CACAT", "CUL", "CUNT", "DICK", "FAG",
    "FUCK", "FUK", "GAY", "HORE", "JEW", "KKK", "MERDE", "MUIE", "NAZI", "NEGR", "NIG",
    "PD", "PENIS", "PISS", "PIZDA", "PULA", "PUTA", "PUTE", "RAPE", "SEX", "SHIT", "SLUT",
    "TWAT", "VAGIN", "WANK", "WHORE", "XXX",
)  # fmt: skip
MIN_LENGTH = 6
MAX_LENGTH = 32
#: The most codes one generation, paste or import may create.
MAX_GENERATED = 1_000_000
CHUNK = 5_000
INSERT_BATCH = 2_000

#: Rounds of drawing a generation may take before it gives up: with the
#: capacity check below a round rarely loses more than a few candidates, so
#: hitting this means the code space is nearly full (or the draw is broken).
MAX_EXTRA_ROUNDS = 20


@functools.lru_cache(maxsize=4)
def _tables(alphabet: str) -> tuple[bytes, bytes]:
    # bytes.translate maps each random byte to a letter in one C-speed pass; bytes
    # at or above the last multiple of len(alphabet) are dropped so every letter
    # is equally likely (rejection sampling).
    limit = 256 - 256 % len(alphabet)
    table = bytes(ord(alphabet[b % len(alphabet)]) if b < limit else 0 for b in range(256))
    return table, bytes(range(limit, 256))


def random_letters(count: int) -> str:
    table, reject = _tables(ALPHABET)
    out = bytearray()
    while len(out) < count:
        out += secrets.token_bytes(count - len(out) + 16).translate(table, reject)
    return out[:count].decode("ascii")


def is_offensive(code: str) -> bool:
    return any(word in code for word in BANNED_WORDS)


def _random_candidates(count: int, length: int, prefix: str) -> set[str]:
    size = length - len(prefix)
    letters = random_letters(count * size)
    candidates = {prefix + letters[i : i + size] for i in range(0, len(letters), size)}
    return {c for c in candidates if not is_offensive(c[len(prefix) :])}


def _taken(values: Iterable[str]) -> set[str]:
    return set(
        CouponCode.objects.filter(normalized__in=list(values)).values_list("normalized", flat=True)
    )


def code_space(length: int, prefix: str = "") -> int:
    """How many different codes of ``length`` characters start with ``prefix``."""
    space: int = len(ALPHABET) ** max(length - len(prefix), 0)
    return space


def codes_in_space(length: int, prefix: str = "") -> int:
    """Existing codes (active or not) of ``length`` characters that start with ``prefix``."""
    return int(
        CouponCode.objects.filter(normalized__startswith=prefix)
        .annotate(size=Length("normalized"))
        .filter(size=length)
        .count()
    )


@dataclass
class GenerationRequest:
    count: int
    length: int = 10
    prefix: str = ""
    max_uses: int | None = 1

    def validate(self) -> None:
        prefix = normalize_code(self.prefix)
        errors: dict[str, Any] = {}
        space_full = False
        if prefix:
            try:
                validate_code(self.prefix)  # a prefix follows the rules of every code
            except ValidationError as error:
                errors["prefix"] = error.error_list
        if self.count < 1:
            errors["count"] = _("Generate at least one code.")
        elif self.count > MAX_GENERATED:
            errors["count"] = _("Generate at most %(max)d codes at a time.") % {
                "max": MAX_GENERATED
            }
        if self.max_uses is not None:
            try:
                validate_use_limit(self.max_uses)
            except ValidationError as error:
                errors["max_uses"] = error.messages
        if not MIN_LENGTH <= self.length <= MAX_LENGTH:
            errors["length"] = _("The length must be between %(min)d and %(max)d.") % {
                "min": MIN_LENGTH,
                "max": MAX_LENGTH,
            }
        elif "prefix" in errors:
            pass  # the length checks below need a valid prefix
        elif len(prefix) >= self.length - 3:
            errors["prefix"] = _("Leave at least 4 random characters after the prefix.")
        elif "count" not in errors:
            # Ask for at most half of what is still free, so a draw rarely collides.
            space = code_space(self.length, prefix)
            free = max(space - codes_in_space(self.length, prefix), 0)
            if self.count > free // 2:
                space_full = True
                errors["length"] = _(
                    "Too many codes for this length: %(free)d codes of %(length)d characters "
                    "with this prefix are still free, and at most half of them (%(max)d) can "
                    "be generated. Choose longer codes or another prefix."
                ) % {"free": free, "length": self.length, "max": free // 2}
        if errors:
            raise ConfigError(errors, code="code_space_full" if space_full else None)
        self.prefix = prefix


def generate_codes(
    coupon: Coupon,
    count: int,
    *,
    length: int = 10,
    prefix: str = "",
    max_uses: int | None = 1,
    label: str = "",
    user: User | None = None,
    progress: Callable[[int], None] | None = None,
) -> CodeBatch:
    """Create ``count`` unique random codes under ``coupon``, all in one transaction.

    The codes are ``length`` characters long including ``prefix``, each usable
    ``max_uses`` times (None: no limit of its own), and share the promo code's
    rules; they are returned as one batch (``batch.codes``), named ``label``.
    ``progress(made)`` is called after every chunk (background jobs).

    Raises :class:`~loyalty_promos.exceptions.ConfigError` whose
    ``message_dict`` names the field (``count``, ``length``, ``prefix``,
    ``max_uses``) for a request out of bounds; its code is ``code_space_full``
    when the code space cannot hold the request (checked first, and the draw
    gives up after a bounded number of rounds instead of drawing forever).
    """
    request = GenerationRequest(count=count, length=length, prefix=prefix, max_uses=max_uses)
    request.validate()
    with transaction.atomic():
        batch = CodeBatch.objects.create(
            coupon=coupon,
            label=label,
            source=CodeBatch.Source.GENERATED,
            size=count,
            created_by=user,
        )
        made = 0
        rounds_left = -(-count // CHUNK) + MAX_EXTRA_ROUNDS
        while made < count:
            if rounds_left == 0:
                message = _(
                    "Could not find %(count)d free codes of this length and prefix: "
                    "the code space is nearly full. Choose longer codes."
                ) % {"count": count}
                raise ConfigError({"length": [message]}, code="code_space_full")
            rounds_left -= 1
            wanted = min(CHUNK, count - made)
            # Draw a little more than needed: offensive or taken candidates are dropped.
            candidates = _random_candidates(
                wanted + wanted // 20 + 8, request.length, request.prefix
            )
            fresh = sorted(candidates - _taken(candidates))[:wanted]
            CouponCode.objects.bulk_create(
                (
                    CouponCode(
                        coupon=coupon,
                        code=value,
                        normalized=value,
                        max_uses=request.max_uses,
                        batch=batch,
                    )
                    for value in fresh
                ),
                batch_size=INSERT_BATCH,
            )
            made += len(fresh)
            if progress is not None:
                progress(made)
    return batch


@dataclass
class CodeRow:
    """One code to create, as read from a pasted line or an imported row."""

    line: int
    code: str
    coupon: Coupon | None = None
    max_uses: int | None = 1
    is_active: bool = True
    normalized: str = ""


def check_code_rows(rows: list[CodeRow], *, spreadsheet: bool = False) -> dict[int, list[str]]:
    """Validate ``rows`` as one set; the errors per line number (empty: all good).

    ``spreadsheet``: the rows are a file's (``line`` is the spreadsheet's row
    number), so a duplicate is named by its row: "Same code as row 4.".

    Set-based, so 100,000 rows cost a few queries, not one per row: every
    code is normalised and checked in Python, duplicates are found with a
    dict, and the values already active on another promo code are found with
    one query per chunk of :data:`CHUNK` codes. :func:`row_error_list` words
    the errors for people.
    """
    errors: dict[int, list[str]] = {}
    seen: dict[str, int] = {}
    for row in rows:
        try:
            validate_code(row.code)
            validate_use_limit(row.max_uses)
        except ValidationError as error:
            errors.setdefault(row.line, []).extend(error.messages)
            continue
        row.normalized = normalize_code(row.code)
        if row.normalized in seen:
            if spreadsheet:
                duplicate = _("Same code as row %(other)d.") % {"other": seen[row.normalized]}
            else:
                duplicate = _("Same code as line %(other)d.") % {"other": seen[row.normalized]}
            errors.setdefault(row.line, []).append(duplicate)
            continue
        seen[row.normalized] = row.line
    active = [row for row in rows if row.is_active and row.line not in errors]
    for start in range(0, len(active), CHUNK):
        chunk = active[start : start + CHUNK]
        taken = _active_taken(row.normalized for row in chunk)
        for row in chunk:
            if row.normalized in taken:
                errors.setdefault(row.line, []).append(
                    _("This code is already active on another promo code.")
                )
    return dict(sorted(errors.items()))


def row_error_list(
    rows: list[CodeRow], errors: dict[int, list[str]], *, spreadsheet: bool = False
) -> list[str]:
    """One line per error: ``Line 4 (taken1): This code is already active …``.

    ``spreadsheet``: ``Row 4 (taken1): …``, the file's own row numbers.
    """
    codes = {row.line: row.code for row in rows}
    if spreadsheet:
        return [
            _("Row %(line)d (%(code)s): %(error)s")
            % {"line": line, "code": codes.get(line, ""), "error": message}
            for line, messages in errors.items()
            for message in messages
        ]
    return [
        _("Line %(line)d (%(code)s): %(error)s")
        % {"line": line, "code": codes.get(line, ""), "error": message}
        for line, messages in errors.items()
        for message in messages
    ]


def create_code_rows(
    rows: list[CodeRow],
    *,
    source: str,
    coupon: Coupon | None = None,
    label: str = "",
    user: User | None = None,
    progress: Callable[[int], None] | None = None,
) -> list[CodeBatch]:
    """Create the codes of ``rows``, all or nothing; one batch per promo code.

    The rows are validated again inside the transaction, so a code that
    became active elsewhere since a preview aborts the whole import with its
    line's error (ValidationError) and nothing is written. A code activated
    by a concurrent transaction after that check trips the database's
    unique constraint: the import is rolled back and says so.
    """
    if not rows:
        raise CodeError("empty", errors=[_("The list is empty.")])
    with transaction.atomic():
        spreadsheet = source == CodeBatch.Source.IMPORTED  # rows of a file, not pasted lines
        errors = check_code_rows(rows, spreadsheet=spreadsheet)
        if errors:
            raise CodeError(
                "invalid_rows", errors=row_error_list(rows, errors, spreadsheet=spreadsheet)
            )
        batches: dict[int, CodeBatch] = {}
        try:
            with transaction.atomic():
                for start in range(0, len(rows), CHUNK):
                    chunk = rows[start : start + CHUNK]
                    values = []
                    for row in chunk:
                        target = row.coupon or coupon
                        if target is None:
                            raise ValueError(f"Line {row.line} names no promo code.")
                        batch = batches.get(target.pk)
                        if batch is None:
                            batch = batches[target.pk] = CodeBatch.objects.create(
                                coupon=target, label=label, source=source, created_by=user
                            )
                        batch.size += 1
                        values.append(
                            CouponCode(
                                coupon=target,
                                code=row.code.strip(),
                                normalized=row.normalized,
                                max_uses=row.max_uses,
                                is_active=row.is_active,
                                batch=batch,
                            )
                        )
                    CouponCode.objects.bulk_create(values, batch_size=INSERT_BATCH)
                    if progress is not None:
                        progress(start + len(chunk))
        except IntegrityError as error:
            raise CodeError(
                "code_taken",
                _(
                    "Nothing was imported: one of the codes was activated elsewhere while "
                    "the list was being saved. Try again to see which."
                ),
            ) from error
        for batch in batches.values():
            batch.save(update_fields=["size"])
    return list(batches.values())


@dataclass
class PastedCodes:
    """A pasted list, parsed: the codes to create, or the errors per line."""

    codes: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    rows: list[CodeRow] = field(default_factory=list)


def pasted_rows(text: str, *, max_uses: int | None = 1) -> list[CodeRow]:
    """One row per non-blank line (the first column of a spreadsheet copy)."""
    rows = []
    for number, line in enumerate(text.splitlines(), start=1):
        value = line.strip().split("\t")[0].strip()
        if value:
            rows.append(CodeRow(line=number, code=display_code(value), max_uses=max_uses))
    return rows


def parse_code_list(text: str, *, max_uses: int | None = 1) -> PastedCodes:
    """One code per line (as copied from a spreadsheet column); blank lines are skipped."""
    rows = pasted_rows(text, max_uses=max_uses)
    errors = check_code_rows(rows)
    result = PastedCodes(
        codes=[row.code for row in rows if row.line not in errors],
        errors=row_error_list(rows, errors),
        rows=rows,
    )
    if not rows:
        result.errors.append(_("The list is empty."))
    return result


def _active_taken(normalized: Iterable[str]) -> set[str]:
    return set(
        CouponCode.objects.filter(normalized__in=list(normalized), is_active=True).values_list(
            "normalized", flat=True
        )
    )


def add_code_list(
    coupon: Coupon,
    text: str,
    *,
    max_uses: int | None = 1,
    label: str = "",
    user: User | None = None,
    progress: Callable[[int], None] | None = None,
) -> CodeBatch:
    """Create the pasted codes under ``coupon``; any bad line and nothing is created."""
    rows = pasted_rows(text, max_uses=max_uses)
    (batch,) = create_code_rows(
        rows,
        source=CodeBatch.Source.PASTED,
        coupon=coupon,
        label=label,
        user=user,
        progress=progress,
    )
    return batch


def ensure_code_is_free(code: str, *, exclude: CouponCode | None = None) -> None:
    """Raise a clear error when ``code`` is already active on another promo code."""
    clash = CouponCode.objects.matching(code).filter(is_active=True).select_related("coupon")
    if exclude is not None and exclude.pk:
        clash = clash.exclude(pk=exclude.pk)
    other = clash.first()
    if other is not None:
        raise CodeError(
            "code_taken",
            _(
                "The code %(code)s is already active on the promo code “%(coupon)s”. "
                "Deactivate it there first."
            )
            % {"code": other.normalized, "coupon": other.coupon.name},
        )


def create_coupon(*, name: str, code: str, user: User | None = None, **rules: Any) -> Coupon:
    """A promo code (the rule) with its one code, in one call.

    ``rules`` are Coupon fields (``discount_type``, ``discount_value``,
    ``valid_until``, ``max_uses`` …); ``services`` and ``staff`` take
    iterables of host objects. ``user`` is recorded in the history.

    Raises :class:`~loyalty_promos.exceptions.ConfigError` whose
    ``message_dict`` has the field errors (nothing is saved), and
    :class:`~loyalty_promos.exceptions.CodeError` for a code that breaks the
    rules of a code (its code says which) or is already active on another
    promo code (``code_taken``).
    """
    services = rules.pop("services", ())
    staff = rules.pop("staff", ())
    coupon = Coupon(name=name, **rules)
    try:
        coupon.full_clean()
    except ValidationError as error:
        raise ConfigError(error.message_dict) from None
    try:
        validate_code(code)
    except ValidationError as error:
        raise CodeError.from_validation(error) from None
    ensure_code_is_free(code)
    with transaction.atomic():
        coupon._history_user = user  # type: ignore[attr-defined]  # read by simple_history
        coupon.save()
        coupon.services.set(services)
        coupon.staff.set(staff)
        CouponCode.objects.create(coupon=coupon, code=display_code(code), max_uses=None)
    return coupon


def set_coupons_active(coupons: Iterable[Coupon], active: bool) -> int:
    """Switch promo codes and all their codes on or off, refusing clashing codes."""
    with transaction.atomic():
        coupons = list(coupons)
        codes: QuerySet[CouponCode] = CouponCode.objects.filter(coupon__in=coupons)
        if active:
            clash = (
                CouponCode.objects.filter(is_active=True, normalized__in=codes.values("normalized"))
                .exclude(coupon__in=coupons)
                .select_related("coupon")
                .first()
            )
            if clash is not None:
                ensure_code_is_free(clash.normalized)
        codes.update(is_active=active)
        for coupon in coupons:
            coupon.is_active = active
            coupon.save(update_fields=["is_active", "updated_at"])
    return len(coupons)


def set_codes_active(codes: QuerySet[CouponCode], active: bool) -> int:
    """Switch codes on or off; switching on refuses a code another active code already uses.

    ``codes`` is a queryset of :class:`CouponCode`; all or none are switched.
    Returns how many codes were selected.
    """
    with transaction.atomic():
        if active:
            for code in codes.filter(is_active=False):
                ensure_code_is_free(code.code, exclude=code)
        return CouponCode.objects.filter(pk__in=codes.values("pk")).update(is_active=active)


def save_coupon(
    coupon: Coupon, *, code: str = "", was_active: bool | None = None
) -> CodeError | None:
    """Save a promo code made by hand, with its one code; returns a refusal or None.

    ``code`` (already checked, see :func:`ensure_code_is_free`) becomes the
    coupon's only code, or renames it; a coupon with several codes (a batch)
    keeps them. ``was_active`` is the coupon's state before this change (None
    for a new coupon): switching it changes its codes too. When switching on
    clashes with another active code, the coupon is saved switched off and the
    :class:`~django.core.exceptions.ValidationError` saying why is returned.
    """
    with transaction.atomic():
        coupon.save()
        codes = list(coupon.codes.order_by("pk")[:2])
        single = codes[0] if len(codes) == 1 else None
        if code and not codes:
            CouponCode.objects.create(coupon=coupon, code=code, is_active=coupon.is_active)
        elif code and single is not None and code != single.code:
            single.code = code
            single.save(update_fields=["code"])
        if was_active is None or was_active == coupon.is_active:
            return None
        try:
            set_coupons_active([coupon], coupon.is_active)  # a savepoint of its own
        except CodeError as error:
            coupon.is_active = was_active
            coupon.save(update_fields=["is_active"])
            return error
    return None


__all__ = [
    "ALPHABET",
    "CODE_MAX_LENGTH",
    "CodeRow",
    "add_code_list",
    "check_code_rows",
    "create_code_rows",
    "create_coupon",
    "ensure_code_is_free",
    "generate_codes",
    "parse_code_list",
    "save_coupon",
    "set_codes_active",
    "set_coupons_active",
]
