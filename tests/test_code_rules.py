"""What a code may be: one rule for promo codes and gift cards, wherever they come from.

Codes are the letters A to Z and the digits 0 to 9. Full-width and other
compatibility forms are read as the plain character (NFKC), accents are
ignored (é is E), and everything a person cannot read or type back is
refused: other alphabets (look-alikes), symbols, invisible and control
characters.
"""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from loyalty_promos import api
from loyalty_promos.admin.forms import GiftCardForm
from loyalty_promos.exceptions import CouponError, GiftCardError
from loyalty_promos.models import CodeBatch, Coupon, CouponCode, GiftCard, normalize_code
from loyalty_promos.models.coupons import validate_code
from loyalty_promos.services import codes
from loyalty_promos.services.giftcards import find_gift_card, issue_gift_card
from tests import factories
from tests.admin.test_coupon_admin import coupon_form, import_file

pytestmark = pytest.mark.django_db

CYRILLIC_DZE = "\u0405"  # Ѕ, drawn exactly like the Latin S
ZERO_WIDTH_SPACE = "\u200b"


# Normalisation ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("ＳＰＲＩＮＧ１０", "SPRING10"),  # full-width, as an Asian keyboard types it
        ("ｓｐｒｉｎｇ　１０", "SPRING10"),  # with an ideographic space
        ("Noël 25", "NOEL25"),
        ("Été-2026", "ETE2026"),
        ("Reducere-Școală", "REDUCERESCOALA"),
        ("Straße", "STRASSE"),
        ("SPRING–10", "SPRING10"),  # an en dash from a word processor
        ("SPRING\u00a010", "SPRING10"),  # a no-break space
        ("ﬁnal", "FINAL"),  # the ligature is two letters
    ],
)
def test_codes_are_read_in_their_compatibility_form_without_accents(typed, stored):
    assert normalize_code(typed) == stored
    validate_code(typed)  # and each is a valid code


# What is refused ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "code", "message"),
    [
        (
            f"SPRING1{ZERO_WIDTH_SPACE}0",
            "invisible_characters",
            "A code cannot contain invisible or control characters "
            "(this one contains U+200B ZERO WIDTH SPACE).",
        ),
        (
            "SPRING\x0010",
            "invisible_characters",
            "A code cannot contain invisible or control characters (this one contains U+0000).",
        ),
        (
            "SPRING\t10",
            "invisible_characters",
            "A code cannot contain invisible or control characters (this one contains U+0009).",
        ),
        (
            "SPRING\u202e10",
            "invisible_characters",
            "A code cannot contain invisible or control characters "
            "(this one contains U+202E RIGHT-TO-LEFT OVERRIDE).",
        ),
        (
            "SPRING\ufe0f10",
            "invisible_characters",
            "A code cannot contain invisible or control characters "
            "(this one contains U+FE0F VARIATION SELECTOR-16).",
        ),
        (
            f"{CYRILLIC_DZE}PRING10",
            "other_script",
            f"“{CYRILLIC_DZE}” (U+0405 CYRILLIC CAPITAL LETTER DZE) cannot be used in a code: "
            "codes use the letters A to Z only, so that no code can pass for another that "
            "looks the same. Accents are ignored (é counts as E).",
        ),
        (
            "ØRESUND",
            "other_script",
            "“Ø” (U+00D8 LATIN CAPITAL LETTER O WITH STROKE) cannot be used in a code: "
            "codes use the letters A to Z only, so that no code can pass for another that "
            "looks the same. Accents are ignored (é counts as E).",
        ),
        (
            "=1+1",
            "invalid_characters",
            "“=” cannot be used in a code. Use the letters A to Z and the digits 0 to 9, "
            "with spaces, dashes or underscores between groups if you like.",
        ),
        ("  - _ ", "blank", "Enter a code."),
        ("A" * 65, "too_long", "A code may have at most 64 letters and digits."),
    ],
)
def test_what_a_person_cannot_read_or_type_is_refused(value, code, message):
    with pytest.raises(ValidationError) as caught:
        validate_code(value)

    assert (caught.value.code, caught.value.messages) == (code, [message])


def test_a_cyrillic_look_alike_cannot_make_a_second_active_code():
    api.create_coupon(name="Spring", code="SPRING10", discount_value=Decimal("10"))

    with pytest.raises(ValidationError) as caught:
        api.create_coupon(
            name="Fake spring", code=f"{CYRILLIC_DZE}PRING10", discount_value=Decimal("90")
        )

    assert caught.value.code == "other_script"
    assert list(Coupon.objects.values_list("name", flat=True)) == ["Spring"]


def test_a_full_width_copy_is_the_same_code_and_is_refused_while_active():
    api.create_coupon(name="Spring", code="SPRING10", discount_value=Decimal("10"))

    with pytest.raises(ValidationError) as caught:
        api.create_coupon(name="Wide spring", code="ＳＰＲＩＮＧ１０", discount_value=Decimal("90"))

    assert caught.value.code == "code_taken"


def test_a_full_width_code_is_kept_in_its_plain_form():
    coupon = api.create_coupon(name="Wide", code=" ＷＩＤＥ－１ ", discount_value=Decimal("5"))

    assert coupon.codes.values_list("code", "normalized").get() == ("WIDE-1", "WIDE1")


def test_the_model_refuses_a_look_alike_code():
    code = CouponCode(coupon=factories.CouponFactory(), code=f"{CYRILLIC_DZE}PRING")

    with pytest.raises(ValidationError) as caught:
        code.full_clean()

    assert [e.code for e in caught.value.error_dict["code"]] == ["other_script"]


# Where codes are written ------------------------------------------------------------------------


def test_the_promo_code_form_refuses_a_look_alike_and_says_what_is_allowed(admin_client):
    url = reverse("admin:loyalty_promos_coupon_add")

    page = admin_client.get(url)
    response = admin_client.post(url, coupon_form(code=f"NEW{CYRILLIC_DZE}"))

    assert "Letters A to Z and digits 0 to 9" in page.text
    assert response.context["adminform"].form.errors["code"] == [
        f"“{CYRILLIC_DZE}” (U+0405 CYRILLIC CAPITAL LETTER DZE) cannot be used in a code: "
        "codes use the letters A to Z only, so that no code can pass for another that looks "
        "the same. Accents are ignored (é counts as E)."
    ]
    assert not Coupon.objects.exists()


def test_a_pasted_list_refuses_invisible_and_look_alike_lines_and_adds_nothing():
    coupon = factories.CouponFactory()

    parsed = codes.parse_code_list(
        f"GOOD1\nBAD{ZERO_WIDTH_SPACE}2\n{CYRILLIC_DZE}ALE3\nＷＩＤＥ４\n"
    )

    assert parsed.errors == [
        "Line 2 (BAD\u200b2): A code cannot contain invisible or control characters "
        "(this one contains U+200B ZERO WIDTH SPACE).",
        f"Line 3 ({CYRILLIC_DZE}ALE3): “{CYRILLIC_DZE}” (U+0405 CYRILLIC CAPITAL LETTER DZE) "
        "cannot be used in a code: codes use the letters A to Z only, so that no code can "
        "pass for another that looks the same. Accents are ignored (é counts as E).",
    ]
    assert parsed.codes == ["GOOD1", "WIDE4"]
    with pytest.raises(ValidationError) as refused:
        codes.add_code_list(coupon, f"GOOD1\nBAD{ZERO_WIDTH_SPACE}2\n")
    assert refused.value.messages == [
        "Line 2 (BAD\u200b2): A code cannot contain invisible or control characters "
        "(this one contains U+200B ZERO WIDTH SPACE)."
    ]
    assert not coupon.codes.exists()


def test_an_imported_file_refuses_a_formula_as_a_code(admin_client):
    factories.CouponFactory(name="Salon fair")

    response = import_file(
        admin_client,
        "code,promo code,maximum uses of this code,active\r\n"
        "GOOD-1,Salon fair,1,1\r\n=1+1,Salon fair,1,1\r\n",
    )

    assert "“=” cannot be used in a code." in response.text
    assert response.context.get("confirm_form") is None
    assert not CouponCode.objects.exists()


def test_a_generation_prefix_follows_the_same_rules():
    coupon = factories.CouponFactory()

    with pytest.raises(ValidationError) as caught:
        codes.generate_codes(coupon, 3, length=10, prefix=f"{CYRILLIC_DZE}ALE")
    batch = codes.generate_codes(coupon, 3, length=10, prefix="Noël")

    assert [e.code for e in caught.value.error_dict["prefix"]] == ["other_script"]
    assert CodeBatch.objects.count() == 1
    assert all(n.startswith("NOEL") for n in batch.codes.values_list("normalized", flat=True))


# Where codes are looked up ------------------------------------------------------------------------


def test_a_code_typed_full_width_or_with_accents_at_checkout_finds_the_code(booking):
    factories.CouponFactory(name="Summer", code="ETE2026")

    assert api.check_code("ｅｔｅ－２０２６", booking).name == "Summer"
    assert api.check_code("Été 2026", booking).name == "Summer"


@pytest.mark.parametrize(
    "typed", [f"{CYRILLIC_DZE}PRING10", f"SPRING1{ZERO_WIDTH_SPACE}0", "SPRING\x0010", "=1+1"]
)
def test_a_value_that_cannot_be_a_code_is_unknown_without_a_query(
    booking, typed, django_assert_num_queries
):
    factories.CouponFactory(code="SPRING10")

    with django_assert_num_queries(0), pytest.raises(CouponError) as caught:
        api.check_code(typed, booking)

    assert caught.value.code == "unknown"


# Gift cards ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("=1+1", "invalid_characters"),
        (f"GIFT{ZERO_WIDTH_SPACE}ONE", "invisible_characters"),
        (f"GIFT{CYRILLIC_DZE}", "other_script"),
    ],
)
def test_a_gift_card_code_follows_the_same_rules(value, code):
    with pytest.raises(ValidationError) as caught:
        issue_gift_card(Decimal("20"), code=value)

    assert caught.value.code == code
    assert not GiftCard.objects.exists()


def test_a_gift_card_code_is_stored_normalised_and_found_however_it_is_typed():
    card = issue_gift_card(Decimal("20"), code="Cadou-Noël")

    assert card.code == "CADOUNOEL"
    assert find_gift_card("ｃａｄｏｕ ｎｏｅｌ") == card
    with pytest.raises(ValidationError) as caught:
        issue_gift_card(Decimal("20"), code="cadou noel")
    assert caught.value.code == "code_taken"


@pytest.mark.parametrize("typed", ["=1+1", f"GC{ZERO_WIDTH_SPACE}", "GC\x00"])
def test_looking_up_a_gift_card_that_cannot_exist_is_unknown(typed, django_assert_num_queries):
    with django_assert_num_queries(0), pytest.raises(GiftCardError) as caught:
        find_gift_card(typed)

    assert caught.value.code == "unknown"


def test_the_gift_card_form_refuses_a_formula_and_says_what_is_allowed():
    form = GiftCardForm(data={"code": "=1+1", "initial_value": "20"})

    assert form.errors["code"] == [
        "“=” cannot be used in a code. Use the letters A to Z and the digits 0 to 9, "
        "with spaces, dashes or underscores between groups if you like."
    ]
    assert "Letters A to Z and digits 0 to 9" in str(form.fields["code"].help_text)


def test_the_gift_card_search_finds_a_code_typed_with_dashes(admin_client):
    issue_gift_card(Decimal("20"), code="GIFT-ONE")
    issue_gift_card(Decimal("20"), code="GIFT-TWO")

    response = admin_client.get(
        reverse("admin:loyalty_promos_giftcard_changelist"), {"q": "gift-one"}
    )

    assert [c.code for c in response.context["cl"].result_list] == ["GIFTONE"]


def test_a_number_from_a_spreadsheet_cell_is_read_as_its_digits():
    validate_code(20261)

    assert normalize_code(20261) == "20261"
