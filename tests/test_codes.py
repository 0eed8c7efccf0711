import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from hypothesis import given
from hypothesis import strategies as st

from loyalty_promos import api
from loyalty_promos.exceptions import ConfigError
from loyalty_promos.models import CodeBatch, Coupon, CouponCode, normalize_code
from loyalty_promos.services import codes
from loyalty_promos.services.coupons import redeem, release
from tests import factories
from tests.conftest import NOW

pytestmark = pytest.mark.django_db


# Normalisation ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        (" summer-2026 ", "SUMMER2026"),
        ("Summer_2026", "SUMMER2026"),
        ("SUMMER 2026", "SUMMER2026"),
        ("noël\t25", "NOEL25"),
    ],
)
def test_codes_are_normalised(typed, stored):
    assert normalize_code(typed) == stored


@given(st.text(alphabet="abcXYZ019 -_", max_size=30))
def test_normalising_is_idempotent_and_ignores_separators(value):
    once = normalize_code(value)
    assert normalize_code(once) == once
    assert normalize_code(value.replace("-", " ").lower()) == once


def test_the_stored_form_is_written_on_save():
    code = factories.CouponCodeFactory(code="vip-club")

    assert CouponCode.objects.get(pk=code.pk).normalized == "VIPCLUB"


def test_the_database_allows_one_active_code_per_value():
    factories.CouponCodeFactory(code="SUMMER")

    with pytest.raises(IntegrityError), transaction.atomic():
        factories.CouponCodeFactory(code="summer")


def test_inactive_codes_may_share_a_value():
    factories.CouponCodeFactory(code="SUMMER", is_active=False)
    factories.CouponCodeFactory(code="SUMMER", is_active=False)
    factories.CouponCodeFactory(code="SUMMER")

    assert CouponCode.objects.matching("summer").count() == 3


# create_coupon ------------------------------------------------------------------------


def test_create_coupon_makes_the_rule_and_its_code(booking):
    coupon = api.create_coupon(
        name="Nouvel an",
        code="NEWYEAR25",
        discount_type="percent",
        discount_value=Decimal("25"),
        valid_until=NOW + datetime.timedelta(days=10),
        services=[booking.service],
    )

    assert coupon.codes.get().code == "NEWYEAR25"
    assert list(coupon.services.all()) == [booking.service]
    assert coupon.max_uses_per_customer == 1
    assert api.check_code("newyear-25", booking) == coupon
    assert coupon.history.count() == 1


def test_create_coupon_refuses_an_active_duplicate_with_a_clear_message():
    api.create_coupon(name="Summer 2025", code="SUMMER", discount_value=Decimal("10"))

    with pytest.raises(ValidationError) as error:
        api.create_coupon(name="Summer 2026", code="summer", discount_value=Decimal("15"))

    assert error.value.messages == [
        "The code SUMMER is already active on the promo code “Summer 2025”. "
        "Deactivate it there first."
    ]
    assert not Coupon.objects.filter(name="Summer 2026").exists()


@pytest.mark.parametrize(
    ("rules", "field"),
    [
        ({"discount_value": Decimal("120")}, "discount_value"),
        (
            {
                "discount_value": Decimal("5"),
                "valid_from": NOW,
                "valid_until": NOW - datetime.timedelta(days=1),
            },
            "valid_until",
        ),
        ({"discount_value": Decimal("5"), "time_from": datetime.time(9)}, "time_until"),
        ({"discount_value": Decimal("5"), "weekdays": [7]}, "weekdays"),
    ],
)
def test_create_coupon_reports_bad_rules_and_writes_nothing(rules, field):
    with pytest.raises(ValidationError) as error:
        api.create_coupon(name="Bad", code="BAD", **rules)

    assert field in error.value.message_dict
    assert not Coupon.objects.exists()


def test_a_code_with_other_characters_is_refused():
    with pytest.raises(ValidationError) as error:
        api.create_coupon(name="Bad", code="50%OFF!", discount_value=Decimal("5"))

    assert error.value.messages == [
        "“%” cannot be used in a code. Use the letters A to Z and the digits 0 to 9, "
        "with spaces, dashes or underscores between groups if you like."
    ]


# Generation ----------------------------------------------------------------------------


def test_generate_codes_makes_unique_single_use_codes_under_the_coupon():
    coupon = factories.CouponFactory()

    batch = api.generate_codes(coupon, 500, length=8, prefix="vip-")

    generated = list(batch.codes.values_list("code", flat=True))
    assert batch.source == CodeBatch.Source.GENERATED
    assert batch.size == 500
    assert len(set(generated)) == 500
    assert all(len(c) == 8 and c.startswith("VIP") for c in generated)
    assert all(set(c[3:]) <= set(codes.ALPHABET) for c in generated)
    assert set(batch.codes.values_list("max_uses", flat=True)) == {1}
    assert set(batch.codes.values_list("coupon", flat=True)) == {coupon.pk}


def test_the_alphabet_has_no_look_alikes():
    assert not set("01OIL") & set(codes.ALPHABET)
    assert len(set(codes.ALPHABET)) == len(codes.ALPHABET) == 31


def test_random_letters_are_spread_evenly():
    letters = codes.random_letters(31 * 2000)

    counts = [letters.count(c) for c in codes.ALPHABET]
    assert min(counts) > 1600
    assert max(counts) < 2400


def test_offensive_words_are_never_generated(monkeypatch):
    draws = iter(["FUCKAB", "GOODAB", "PUTEXY", "NICEXY"])
    monkeypatch.setattr(
        codes, "random_letters", lambda n: "".join(next(draws) for _ in range(n // 6))
    )

    assert codes._random_candidates(4, 6, "") == {"GOODAB", "NICEXY"}


def test_generated_codes_never_collide_with_existing_codes(monkeypatch):
    coupon = factories.CouponFactory()
    factories.CouponCodeFactory(code="AAAAAA", is_active=False)
    draws = iter(["AAAAAA", "BBBBBB", "AAAAAA", "CCCCCC"])
    monkeypatch.setattr(codes, "_random_candidates", lambda *args: {next(draws)})

    batch = api.generate_codes(coupon, 2, length=6, max_uses=3)

    assert sorted(batch.codes.values_list("code", flat=True)) == ["BBBBBB", "CCCCCC"]
    assert set(batch.codes.values_list("max_uses", flat=True)) == {3}


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"count": 0}, "count"),
        ({"count": 5, "length": 5}, "length"),
        ({"count": 5, "length": 33}, "length"),
        ({"count": 5, "length": 8, "prefix": "ABCDE"}, "prefix"),
        ({"count": 5, "prefix": "50%"}, "prefix"),
        ({"count": 500_000, "length": 6, "prefix": "AB"}, "length"),
    ],
)
def test_generation_requests_are_validated(kwargs, field):
    coupon = factories.CouponFactory()
    with pytest.raises(ValidationError) as error:
        api.generate_codes(coupon, **kwargs)

    assert field in error.value.message_dict
    assert not CodeBatch.objects.exists()


def test_generated_codes_follow_their_coupon_rules(booking):
    coupon = factories.CouponFactory(discount_value=Decimal("20"))
    batch = api.generate_codes(coupon, 3)
    code = batch.codes.first().code

    redeem(code, booking)
    coupon.is_active = False
    coupon.save()

    other = factories.AppointmentFactory()
    with pytest.raises(ValidationError) as error:
        api.check_code(batch.codes.last().code, other)
    assert error.value.code == "inactive"


# A pasted list -----------------------------------------------------------------------------


def test_a_pasted_column_becomes_a_batch():
    coupon = factories.CouponFactory()

    batch = codes.add_code_list(coupon, "ABC-123\n\n  def456 \nGHI789\textra column\n")

    assert batch.source == CodeBatch.Source.PASTED
    assert sorted(batch.codes.values_list("normalized", flat=True)) == [
        "ABC123",
        "DEF456",
        "GHI789",
    ]


def test_a_pasted_list_with_errors_creates_nothing_and_names_each_line():
    factories.CouponCodeFactory(code="TAKEN1")
    coupon = factories.CouponFactory()

    with pytest.raises(ValidationError) as error:
        codes.add_code_list(coupon, "GOOD01\nbad code!\ngood-01\ntaken1\n")

    assert error.value.messages == [
        "Line 2 (bad code!): “!” cannot be used in a code. Use the letters A to Z and the "
        "digits 0 to 9, with spaces, dashes or underscores between groups if you like.",
        "Line 3 (good-01): Same code as line 1.",
        "Line 4 (taken1): This code is already active on another promo code.",
    ]
    assert not coupon.codes.exists()
    assert not CodeBatch.objects.exists()


def test_an_empty_list_is_refused():
    with pytest.raises(ValidationError) as error:
        codes.add_code_list(factories.CouponFactory(), "\n  \n")

    assert error.value.messages == ["The list is empty."]


# Switching promo codes on and off -----------------------------------------------------------


def test_switching_a_coupon_off_switches_its_codes_off_and_frees_the_value():
    old = factories.CouponFactory(code="SUMMER")
    codes.set_coupons_active([old], False)

    new = api.create_coupon(name="Summer 2026", code="SUMMER", discount_value=Decimal("5"))

    assert not old.codes.get().is_active
    assert new.codes.get().is_active


def test_switching_a_coupon_back_on_is_refused_when_its_code_is_taken():
    old = factories.CouponFactory(name="Summer 2025", code="SUMMER")
    codes.set_coupons_active([old], False)
    factories.CouponFactory(name="Summer 2026", code="SUMMER")

    with pytest.raises(ValidationError) as error:
        codes.set_coupons_active([old], True)

    assert error.value.code == "code_taken"
    old.refresh_from_db()
    assert old.is_active is False


# The management command ---------------------------------------------------------------------


def test_generate_codes_command(capsys):
    from django.core.management import call_command

    coupon = factories.CouponFactory(name="Black Friday")

    call_command("generate_codes", "Black Friday", "25", "--length", "8", "--prefix", "BF")

    batch = coupon.batches.get()
    assert batch.codes.count() == 25
    assert f"Created 25 codes under 'Black Friday' (batch {batch.pk})." in capsys.readouterr().out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["Nope", "5"], "No promo code is named 'Nope'."),
        (["Black Friday", "5", "--length", "4"], "The length must be between 6 and 32."),
    ],
)
def test_generate_codes_command_errors_are_plain(args, message):
    from django.core.management import CommandError, call_command

    factories.CouponFactory(name="Black Friday")

    with pytest.raises(CommandError, match=message):
        call_command("generate_codes", *args)


def test_used_and_unused_querysets(booking):
    coupon = factories.CouponFactory(code="USED")
    fresh = factories.CouponFactory(code="FRESH")
    released = factories.CouponFactory(code="RELEASED")
    redeem("USED", booking)
    release(redeem("RELEASED", factories.AppointmentFactory()))

    assert list(Coupon.objects.used()) == [coupon]
    assert set(Coupon.objects.unused()) == {fresh, released}
    assert list(CouponCode.objects.used().values_list("normalized", flat=True)) == ["USED"]
    assert set(CouponCode.objects.unused().values_list("normalized", flat=True)) == {
        "FRESH",
        "RELEASED",
    }


# The code space and the draw are bounded (issue 11, item 9) -------------------------------------


def fill_space(monkeypatch, taken: int):
    """A 16-code space: alphabet AB, length 6, prefix XY; ``taken`` of them already exist."""
    monkeypatch.setattr(codes, "ALPHABET", "AB")
    values = sorted("XY" + "".join("AB"[(n >> bit) & 1] for bit in range(4)) for n in range(16))[
        :taken
    ]
    coupon = factories.CouponFactory()
    CouponCode.objects.bulk_create(
        CouponCode(coupon=coupon, code=v, normalized=v, is_active=False) for v in values
    )
    return set(values)


def test_generation_counts_the_existing_codes_in_the_space(monkeypatch):
    fill_space(monkeypatch, taken=10)

    with pytest.raises(ValidationError) as error:
        api.generate_codes(factories.CouponFactory(), 4, length=6, prefix="XY")

    assert error.value.message_dict == {
        "length": [
            "Too many codes for this length: 6 codes of 6 characters with this prefix are "
            "still free, and at most half of them (3) can be generated. Choose longer codes "
            "or another prefix."
        ]
    }
    assert not CodeBatch.objects.exists()


def test_generation_fills_what_is_free_of_a_nearly_full_space(monkeypatch):
    taken = fill_space(monkeypatch, taken=10)

    batch = api.generate_codes(factories.CouponFactory(), 3, length=6, prefix="XY")

    made = set(batch.codes.values_list("normalized", flat=True))
    assert len(made) == 3
    assert not made & taken
    assert all(len(v) == 6 and v.startswith("XY") and set(v[2:]) <= {"A", "B"} for v in made)


def test_a_draw_that_never_finds_a_free_code_ends_with_an_error(monkeypatch):
    coupon = factories.CouponFactory()
    factories.CouponCodeFactory(code="AAAAAAAAAA")
    draws = []
    monkeypatch.setattr(
        codes, "_random_candidates", lambda *args: draws.append(1) or {"AAAAAAAAAA"}
    )

    with pytest.raises(ConfigError) as error:
        api.generate_codes(coupon, 2)

    assert error.value.code == "code_space_full"
    assert error.value.message_dict == {
        "length": [
            "Could not find 2 free codes of this length and prefix: the code space is nearly "
            "full. Choose longer codes."
        ]
    }
    assert len(draws) == 1 + codes.MAX_EXTRA_ROUNDS
    assert not CodeBatch.objects.exists()
    assert CouponCode.objects.count() == 1


def test_codes_are_created_all_or_nothing_when_a_row_became_taken():
    coupon = factories.CouponFactory()
    rows = codes.pasted_rows("NEW-1\nNEW-2\nNEW-3\n")
    assert codes.check_code_rows(rows) == {}  # the preview was clean
    factories.CouponCodeFactory(code="NEW2")  # … then someone activated NEW2

    with pytest.raises(ValidationError) as error:
        codes.create_code_rows(rows, source=CodeBatch.Source.PASTED, coupon=coupon)

    assert error.value.messages == [
        "Line 2 (NEW-2): This code is already active on another promo code."
    ]
    assert not coupon.codes.exists()
    assert not CodeBatch.objects.exists()


@pytest.mark.parametrize(
    ("max_uses", "message"),
    [
        (0, "The limit must be at least 1."),
        (-3, "The limit must be at least 1."),
        (10**12, "The limit may be at most 10000000 uses; leave it blank for no limit."),
    ],
)
def test_a_pasted_list_refuses_absurd_use_limits(max_uses, message):
    coupon = factories.CouponFactory()

    with pytest.raises(ValidationError) as error:
        codes.add_code_list(coupon, "GOOD01\n", max_uses=max_uses)

    assert error.value.messages[0].startswith(f"Line 1 (GOOD01): {message}")
    assert not coupon.codes.exists()
