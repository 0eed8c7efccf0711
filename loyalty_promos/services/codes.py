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

import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from loyalty_promos.models import CodeBatch, Coupon, CouponCode, normalize_code
from loyalty_promos.models.coupons import CODE_MAX_LENGTH, display_code, validate_code

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
CHUNK = 5_000
INSERT_BATCH = 2_000

# bytes.translate maps each random byte to a letter in one C-speed pass; bytes
# at or above the last multiple of len(ALPHABET) are dropped so every letter
# is equally likely (rejection sampling).
_LIMIT = 256 - 256 % len(ALPHABET)
_TABLE = bytes(ord(ALPHABET[b % len(ALPHABET)]) if b < _LIMIT else 0 for b in range(256))
_REJECT = bytes(range(_LIMIT, 256))


def random_letters(count: int) -> str:
    out = bytearray()
    while len(out) < count:
        out += secrets.token_bytes(count - len(out) + 16).translate(_TABLE, _REJECT)
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


@dataclass
class GenerationRequest:
    count: int
    length: int = 10
    prefix: str = ""
    max_uses: int | None = 1

    def validate(self) -> None:
        prefix = normalize_code(self.prefix)
        errors = {}
        if prefix:
            try:
                validate_code(self.prefix)  # a prefix follows the rules of every code
            except ValidationError as error:
                errors["prefix"] = error.error_list
        if self.count < 1:
            errors["count"] = _("Generate at least one code.")
        if not MIN_LENGTH <= self.length <= MAX_LENGTH:
            errors["length"] = _("The length must be between %(min)d and %(max)d.") % {
                "min": MIN_LENGTH,
                "max": MAX_LENGTH,
            }
        elif "prefix" in errors:
            pass  # the length checks below need a valid prefix
        elif len(prefix) >= self.length - 3:
            errors["prefix"] = _("Leave at least 4 random characters after the prefix.")
        elif self.count > len(ALPHABET) ** (self.length - len(prefix)) // 2:
            errors["length"] = _("Too many codes for this length: choose longer codes.")
        if errors:
            raise ValidationError(errors)
        self.prefix = prefix


def generate_codes(
    coupon: Coupon,
    count: int,
    *,
    length: int = 10,
    prefix: str = "",
    max_uses: int | None = 1,
    label: str = "",
    user=None,
) -> CodeBatch:
    """Create ``count`` unique random codes under ``coupon``, all in one transaction."""
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
        while made < count:
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
    return batch


@dataclass
class PastedCodes:
    """A pasted list, parsed: the codes to create, or the errors per line."""

    codes: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def parse_code_list(text: str) -> PastedCodes:
    """One code per line (as copied from a spreadsheet column); blank lines are skipped."""
    result = PastedCodes()
    seen: dict[str, int] = {}
    lines = [(n, line.strip()) for n, line in enumerate(text.splitlines(), start=1)]
    lines = [(n, line.split("\t")[0].strip()) for n, line in lines if line]
    for number, value in lines:
        try:
            validate_code(value)
        except ValidationError as error:
            result.errors.append(_("Line %(line)d (%(code)s): %(error)s") % {
                "line": number, "code": value, "error": " ".join(error.messages)
            })  # fmt: skip
            continue
        normalized = normalize_code(value)
        if normalized in seen:
            result.errors.append(
                _("Line %(line)d (%(code)s): same code as line %(other)d.")
                % {"line": number, "code": value, "other": seen[normalized]}
            )
            continue
        seen[normalized] = number
        result.codes.append(display_code(value))
    taken = _active_taken(seen)
    for value in result.codes:
        if normalize_code(value) in taken:
            result.errors.append(
                _("Line %(line)d (%(code)s): this code is already active on another promo code.")
                % {"line": seen[normalize_code(value)], "code": value}
            )
    if not lines:
        result.errors.append(_("The list is empty."))
    return result


def _active_taken(normalized: Iterable[str]) -> set[str]:
    return set(
        CouponCode.objects.filter(normalized__in=list(normalized), is_active=True).values_list(
            "normalized", flat=True
        )
    )


def add_code_list(
    coupon: Coupon, text: str, *, max_uses: int | None = 1, label: str = "", user=None
) -> CodeBatch:
    """Create the pasted codes under ``coupon``; any bad line and nothing is created."""
    parsed = parse_code_list(text)
    if parsed.errors:
        raise ValidationError(parsed.errors)
    with transaction.atomic():
        batch = CodeBatch.objects.create(
            coupon=coupon,
            label=label,
            source=CodeBatch.Source.PASTED,
            size=len(parsed.codes),
            created_by=user,
        )
        CouponCode.objects.bulk_create(
            CouponCode(
                coupon=coupon,
                code=value,
                normalized=normalize_code(value),
                max_uses=max_uses,
                batch=batch,
            )
            for value in parsed.codes
        )
    return batch


def ensure_code_is_free(code: str, *, exclude: CouponCode | None = None) -> None:
    """Raise a clear error when ``code`` is already active on another promo code."""
    clash = CouponCode.objects.matching(code).filter(is_active=True).select_related("coupon")
    if exclude is not None and exclude.pk:
        clash = clash.exclude(pk=exclude.pk)
    other = clash.first()
    if other is not None:
        raise ValidationError(
            _(
                "The code %(code)s is already active on the promo code “%(coupon)s”. "
                "Deactivate it there first."
            )
            % {"code": other.normalized, "coupon": other.coupon.name},
            code="code_taken",
        )


def create_coupon(*, name: str, code: str, user=None, **rules) -> Coupon:
    """A promo code (the rule) with its one code, in one call.

    ``rules`` are Coupon fields (``discount_type``, ``discount_value``,
    ``valid_until``, ``max_uses`` …); ``services`` and ``staff`` take
    iterables of host objects. Raises ValidationError with the field errors.
    """
    services = rules.pop("services", ())
    staff = rules.pop("staff", ())
    coupon = Coupon(name=name, **rules)
    coupon.full_clean()
    validate_code(code)
    ensure_code_is_free(code)
    with transaction.atomic():
        coupon._history_user = user
        coupon.save()
        coupon.services.set(services)
        coupon.staff.set(staff)
        CouponCode.objects.create(coupon=coupon, code=display_code(code), max_uses=None)
    return coupon


def set_coupons_active(coupons, active: bool) -> int:
    """Switch promo codes and all their codes on or off, refusing clashing codes."""
    with transaction.atomic():
        coupons = list(coupons)
        codes = CouponCode.objects.filter(coupon__in=coupons)
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


__all__ = [
    "ALPHABET",
    "CODE_MAX_LENGTH",
    "add_code_list",
    "create_coupon",
    "ensure_code_is_free",
    "generate_codes",
    "parse_code_list",
    "set_coupons_active",
]
