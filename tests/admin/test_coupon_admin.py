import datetime
import io
import re
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.urls import reverse

from loyalty_promos.models import CodeBatch, Coupon, CouponCode, Redemption
from loyalty_promos.services.code_jobs import run_code_job
from loyalty_promos.services.coupons import redeem
from tests import factories
from tests.conftest import NOW
from tests.utils import redirected

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:loyalty_promos_coupon_changelist"
CODES = "admin:loyalty_promos_couponcode_changelist"


def coupon_form(**overrides):
    data = {
        "name": "Nouvel an",
        "code": "NEWYEAR25",
        "description": "",
        "is_active": "on",
        "discount_type": "percent",
        "discount_value": "25",
        "valid_from_0": "",
        "valid_from_1": "",
        "valid_until_0": "2026-12-31",
        "valid_until_1": "23:59:00",
        "appointment_from_0": "",
        "appointment_from_1": "",
        "appointment_until_0": "",
        "appointment_until_1": "",
        "time_from": "",
        "time_until": "",
        "weekdays": ["5", "6"],
        "max_uses": "100",
        "max_uses_per_customer": "1",
        "series_mode": "per_booking",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture
def clerk(db):
    """Staff who may manage promo codes but hold none of the special permissions."""
    user = factories.StaffUserFactory(username="clerk")
    user.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label="loyalty_promos",
            codename__regex=r"^(add|change|view|delete)_(coupon|couponcode|codebatch)$",
        )
    )
    return user


@pytest.fixture
def clerk_client(client, clerk):
    client.force_login(clerk)
    return client


# The list -----------------------------------------------------------------------------------


def test_the_list_shows_status_uses_and_the_code_with_a_copy_button(admin_client, booking):
    factories.CouponFactory(name="Summer", code="SUMMER", max_uses=10)
    factories.CouponFactory(name="Old", code="OLD", valid_until=NOW - datetime.timedelta(days=1))
    redeem("SUMMER", booking)

    response = admin_client.get(reverse(CHANGELIST))

    assert '<span class="lp-badge lp-badge--active">active</span>' in response.text
    assert '<span class="lp-badge lp-badge--expired">expired</span>' in response.text
    assert "1 / 10" in response.text
    assert 'data-copy="SUMMER"' in response.text


@pytest.mark.parametrize(
    ("status", "names"),
    [
        ("active", ["Live"]),
        ("expired", ["Old"]),
        ("scheduled", ["Later"]),
        ("used_up", ["Spent"]),
        ("inactive", ["Off"]),
    ],
)
def test_the_status_filter(admin_client, booking, status, names):
    factories.CouponFactory(name="Live", code="LIVE")
    factories.CouponFactory(name="Old", code="OLD", valid_until=NOW - datetime.timedelta(days=1))
    factories.CouponFactory(name="Later", code="LATER", valid_from=NOW + datetime.timedelta(days=1))
    factories.CouponFactory(name="Spent", code="SPENT", max_uses=1)
    factories.CouponFactory(name="Off", code="OFF", is_active=False)
    redeem("SPENT", booking)

    response = admin_client.get(reverse(CHANGELIST), {"status": status})

    assert [c.name for c in response.context["cl"].result_list] == names


def test_search_finds_a_code_typed_with_dashes(admin_client):
    factories.CouponFactory(name="Summer", code="SUMMER2026")
    factories.CouponFactory(name="Winter", code="WINTER2026")

    response = admin_client.get(reverse(CHANGELIST), {"q": "summer-2026"})

    assert [c.name for c in response.context["cl"].result_list] == ["Summer"]


# The form -----------------------------------------------------------------------------------


def test_adding_a_promo_code_creates_the_rule_and_its_code(admin_client):
    response = admin_client.post(reverse("admin:loyalty_promos_coupon_add"), coupon_form())

    assert response.status_code == 302, response.context["adminform"].form.errors
    coupon = Coupon.objects.get(name="Nouvel an")
    assert coupon.weekdays == [5, 6]
    assert coupon.discount_value == Decimal("25.00")
    assert coupon.codes.get().normalized == "NEWYEAR25"
    assert coupon.history.get().history_user.username == "admin"


def test_the_form_follows_the_help_articles_sections(admin_client):
    response = admin_client.get(reverse("admin:loyalty_promos_coupon_add"))

    titles = [fieldset.name for fieldset in response.context["adminform"]]
    assert titles == [
        "Information",
        "Discount",
        "Validity",
        "Usage limits",
        "Restrictions",
        "Record",
    ]
    assert "customers booking online cannot" in response.text  # staff only, explained


def test_a_code_active_elsewhere_is_refused_in_the_form(admin_client):
    factories.CouponFactory(name="Summer 2025", code="NEWYEAR25")

    response = admin_client.post(
        reverse("admin:loyalty_promos_coupon_add"), coupon_form(code="new-year-25")
    )

    assert response.status_code == 200
    assert "is already active on the promo code “Summer 2025”" in response.text
    assert not Coupon.objects.filter(name="Nouvel an").exists()


def test_a_percentage_over_100_is_refused(admin_client):
    response = admin_client.post(
        reverse("admin:loyalty_promos_coupon_add"), coupon_form(discount_value="150")
    )

    assert "A percentage cannot be over 100." in response.text


def test_editing_changes_the_one_code_and_switching_off_frees_it(admin_client):
    coupon = factories.CouponFactory(name="Nouvel an", code="NEWYEAR25")
    url = reverse("admin:loyalty_promos_coupon_change", args=[coupon.pk])

    admin_client.post(url, coupon_form(code="NEWYEAR26", is_active=None))

    code = coupon.codes.get()
    assert (code.normalized, code.is_active) == ("NEWYEAR26", False)


def test_a_batch_coupon_has_no_single_code_field(admin_client):
    coupon = factories.CouponFactory()
    factories.CouponCodeFactory.create_batch(3, coupon=coupon)

    response = admin_client.get(reverse("admin:loyalty_promos_coupon_change", args=[coupon.pk]))

    assert 'name="code"' not in response.text
    assert "Generate codes" in response.text


# Generate, paste, import, export ---------------------------------------------------------------


def test_generate_codes_page(admin_client):
    coupon = factories.CouponFactory(name="Black Friday")
    url = reverse("admin:loyalty_promos_coupon_generate", args=[coupon.pk])

    assert "no 0/O, no 1/I/L" in admin_client.get(url).text
    response = admin_client.post(
        url, {"count": "50", "length": "8", "prefix": "BF", "max_uses": "1", "label": "Flyers"}
    )

    batch = CodeBatch.objects.get()
    assert response.status_code == 302
    assert response.url.endswith(f"?batch__id__exact={batch.pk}")
    assert (batch.label, batch.size, coupon.codes.count()) == ("Flyers", 50, 50)
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages == ["50 codes generated under “Black Friday”."]


def test_generate_codes_page_reports_bad_input(admin_client):
    coupon = factories.CouponFactory()
    url = reverse("admin:loyalty_promos_coupon_generate", args=[coupon.pk])

    response = admin_client.post(url, {"count": "10", "length": "8", "prefix": "ABCDEF"})

    assert response.status_code == 200
    assert "Leave at least 4 random characters after the prefix." in response.text
    assert not coupon.codes.exists()


def test_paste_page_adds_a_column_of_codes(admin_client):
    coupon = factories.CouponFactory()
    url = reverse("admin:loyalty_promos_coupon_paste", args=[coupon.pk])

    response = admin_client.post(url, {"codes": "AAA-111\r\nBBB-222\r\n", "max_uses": "1"})

    assert response.status_code == 302
    assert sorted(coupon.codes.values_list("normalized", flat=True)) == ["AAA111", "BBB222"]


def test_paste_page_lists_bad_lines_and_adds_nothing(admin_client):
    coupon = factories.CouponFactory()
    url = reverse("admin:loyalty_promos_coupon_paste", args=[coupon.pk])

    response = admin_client.post(url, {"codes": "AAA-111\r\n%%%\r\n"})

    assert "Nothing was added." in response.text
    assert "Line 2 (%%%)" in response.text
    assert not coupon.codes.exists()


def import_file(client, content: str):
    upload = io.BytesIO(content.encode())
    upload.name = "codes.csv"
    url = reverse("admin:loyalty_promos_couponcode_import")
    response = client.post(url, {"resource": "0", "format": "0", "import_file": upload})
    return response


def test_importing_a_csv_previews_then_creates_a_batch(admin_client):
    coupon = factories.CouponFactory(name="Salon fair")

    preview = import_file(
        admin_client,
        "code,promo code,maximum uses of this code,active\r\n"
        "FAIR-001,Salon fair,1,1\r\nFAIR-002,Salon fair,1,1\r\n",
    )
    assert preview.status_code == 200
    assert not coupon.codes.exists()  # a preview writes nothing
    confirm = preview.context["confirm_form"]
    response = admin_client.post(
        reverse("admin:loyalty_promos_couponcode_process_import"), confirm.initial
    )

    assert response.status_code == 302
    batch = CodeBatch.objects.get()
    assert (batch.source, batch.size) == ("imported", 2)
    assert sorted(coupon.codes.values_list("normalized", flat=True)) == ["FAIR001", "FAIR002"]


def test_an_import_with_a_bad_row_shows_the_row_and_imports_nothing(admin_client):
    factories.CouponFactory(name="Salon fair", code="TAKEN")

    response = import_file(
        admin_client,
        "code,promo code,maximum uses of this code,active\r\n"
        "GOOD-1,Salon fair,1,1\r\ntaken,Salon fair,1,1\r\nOTHER,Nope,1,1\r\n",
    )

    assert "This code is already active on another promo code." in response.text
    assert "No promo code is named “Nope”." in response.text
    assert response.context.get("confirm_form") is None  # nothing can be confirmed
    assert CouponCode.objects.count() == 1


def test_exporting_a_batch_to_csv(admin_client):
    coupon = factories.CouponFactory(name="Black Friday")
    batch = CodeBatch.objects.create(coupon=coupon, source="generated")
    factories.CouponCodeFactory(coupon=coupon, code="BF0001", batch=batch)
    factories.CouponCodeFactory(coupon=coupon, code="BF0002", batch=batch)
    factories.CouponCodeFactory(coupon=coupon, code="OTHER1")

    response = admin_client.post(
        reverse("admin:loyalty_promos_couponcode_export") + f"?batch__id__exact={batch.pk}",
        {
            "format": "0",
            "resource": "0",
            **{
                f"couponcoderesource_{f}": "on"
                for f in ("code", "coupon", "max_uses", "is_active", "uses", "batch")
            },
        },
    )

    lines = response.content.decode().splitlines()
    assert lines[0] == "code,promo code,maximum uses of this code,active,uses,batch"
    assert sorted(line.split(",")[0] for line in lines[1:]) == ["BF0001", "BF0002"]


# Bulk delete ---------------------------------------------------------------------------------


def test_delete_used_codes_confirms_the_count_then_keeps_the_snapshots(admin_client, booking):
    coupon = factories.CouponFactory(name="Flyers")
    used = factories.CouponCodeFactory(coupon=coupon, code="USED01")
    factories.CouponCodeFactory(coupon=coupon, code="FRESH1")
    redemption = redeem("USED01", booking)
    changelist = reverse(CODES)
    selection = {
        "action": "delete_used_codes",
        "_selected_action": list(CouponCode.objects.values_list("pk", flat=True)),
    }

    confirm = admin_client.post(changelist, selection)
    assert "1 code will be deleted." in confirm.text
    assert "keep the code and the discount" in confirm.text
    assert CouponCode.objects.count() == 2

    admin_client.post(changelist, {**selection, "post": "yes"})

    assert list(CouponCode.objects.values_list("normalized", flat=True)) == ["FRESH1"]
    redemption.refresh_from_db()
    assert (redemption.code, redemption.code_text, redemption.coupon_name) == (
        None,
        "USED01",
        "Flyers",
    )
    assert not CouponCode.objects.filter(pk=used.pk).exists()


def test_a_batch_list_has_one_codes_column_with_the_count_and_the_link(admin_client):
    coupon = factories.CouponFactory(name="Flyers")
    batch = CodeBatch.objects.create(coupon=coupon, source="generated", size=1200)

    response = admin_client.get(reverse("admin:loyalty_promos_codebatch_changelist"))

    headers = re.findall(r'<th scope="col" class="[^"]*column-(\w+)', response.text)
    assert headers == ["__str__", "coupon", "source", "codes_link", "created_at", "created_by"]
    link = f"?batch__id__exact={batch.pk}"
    assert f'1,200 · <a href="{reverse(CODES)}{link}">View / export</a>' in response.text


def test_delete_expired_codes_of_a_batch(admin_client):
    old = factories.CouponFactory(valid_until=NOW - datetime.timedelta(days=1))
    batch = CodeBatch.objects.create(coupon=old, source="generated")
    factories.CouponCodeFactory.create_batch(3, coupon=old, batch=batch)
    url = reverse("admin:loyalty_promos_codebatch_changelist")
    data = {"action": "delete_expired_codes", "_selected_action": [batch.pk]}

    assert "3 codes will be deleted." in admin_client.post(url, data).text
    admin_client.post(url, {**data, "post": "yes"})

    assert not CouponCode.objects.exists()


def test_deleting_codes_needs_the_bulk_delete_permission(clerk_client):
    factories.CouponCodeFactory(code="KEEPME")

    response = clerk_client.get(reverse(CODES))
    actions = [value for value, _label in response.context["action_form"].fields["action"].choices]

    assert "delete_all_codes" not in actions
    assert "delete_used_codes" not in actions
    clerk_client.post(
        reverse(CODES),
        {
            "action": "delete_all_codes",
            "post": "yes",
            "_selected_action": list(CouponCode.objects.values_list("pk", flat=True)),
        },
    )
    assert CouponCode.objects.filter(normalized="KEEPME").exists()


# Test a code ----------------------------------------------------------------------------------


def test_test_a_code_shows_the_price_it_would_give(admin_client, booking):
    factories.CouponFactory(name="Welcome", code="WELCOME", discount_value=Decimal("20"))

    response = admin_client.post(
        reverse("admin:loyalty_promos_coupon_test"),
        {"code": "welcome", "booking": booking.pk, "as_staff": "on"},
    )

    outcome = response.context["outcome"]
    assert (outcome.price, outcome.discount, outcome.total) == (
        Decimal("45.00"),
        Decimal("9.00"),
        Decimal("36.00"),
    )
    assert "The code WELCOME applies" in response.text
    assert not Redemption.objects.exists()


def test_test_a_code_names_the_rule_that_refuses_it(admin_client, customer):
    service = factories.ServiceFactory(name="Balayage", price=Decimal("120"))
    factories.CouponFactory(code="WEEKEND", weekdays=[5, 6])

    response = admin_client.post(
        reverse("admin:loyalty_promos_coupon_test"),
        {
            "code": "WEEKEND",
            "customer": customer.pk,
            "service": service.pk,
            "start_0": "2026-03-16",
            "start_1": "10:00",
        },
    )

    assert "This code is valid on Saturday and Sunday only." in response.text
    assert "<code>weekday</code>" in response.text


def test_test_a_code_asks_for_a_booking_or_its_details(admin_client):
    response = admin_client.post(reverse("admin:loyalty_promos_coupon_test"), {"code": "X"})

    assert response.context["form"].errors == {
        "customer": ["Choose a booking, or fill this in."],
        "service": ["Choose a booking, or fill this in."],
        "start": ["Choose a booking, or fill this in."],
    }


# Share ----------------------------------------------------------------------------------------


def sent_sms(phone, message):
    SENT.append((phone, message))


SENT = []


def test_share_emails_the_code_after_commit(admin_client, django_capture_on_commit_callbacks):
    coupon = factories.CouponFactory(
        name="Printemps",
        code="PRINTEMPS",
        discount_value=Decimal("15"),
        valid_until=datetime.datetime(2026, 4, 30, 23, 59, tzinfo=NOW.tzinfo),
    )
    camille = factories.CustomerFactory(first_name="Camille", last_name="Dupont")
    ioana = factories.CustomerFactory(first_name="Ioana", last_name="Pop", email="")
    url = reverse("admin:loyalty_promos_coupon_share", args=[coupon.pk])
    form = admin_client.get(url).context["form"]

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            url,
            {
                "customers": [camille.pk, ioana.pk],
                "subject": str(form.initial["subject"]),
                "body": str(form.initial["body"]),
            },
        )

    assert response.status_code == 302
    [email] = mail.outbox
    assert email.to == ["camille.dupont@example.com"]
    assert email.subject == "A promo code for you: PRINTEMPS"
    assert email.body == (
        "Hello Camille Dupont,\n\nHere is your promo code PRINTEMPS: 15 % off your next "
        "appointment, valid until April 30, 2026.\n\nSee you soon!"
    )
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages == [
        "The code was emailed to 1 customer. 1 customer has no email or phone number."
    ]


def test_share_texts_through_the_host_sms_hook(
    admin_client, settings, django_capture_on_commit_callbacks
):
    settings.LOYALTY_PROMOS = {**settings.LOYALTY_PROMOS, "SMS_SENDER": f"{__name__}.sent_sms"}
    SENT.clear()
    coupon = factories.CouponFactory(code="SMS10")
    customer = factories.CustomerFactory(first_name="Ana", phone="+40 700 000 001")

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            reverse("admin:loyalty_promos_coupon_share", args=[coupon.pk]),
            {
                "customers": [customer.pk],
                "subject": "Code",
                "body": "{{ code }} for {{ customer_name }}",
                "send_sms": "on",
            },
        )

    assert [("+40 700 000 001", f"SMS10 for Ana {customer.last_name}")] == SENT
    assert len(mail.outbox) == 1


def test_share_refuses_a_broken_template(admin_client):
    coupon = factories.CouponFactory(code="BROKEN")
    customer = factories.CustomerFactory()

    response = admin_client.post(
        reverse("admin:loyalty_promos_coupon_share", args=[coupon.pk]),
        {"customers": [customer.pk], "subject": "Hi", "body": "{% if code %}no end"},
    )

    assert "“Message” has a mistake: Unclosed tag on line 1" in response.text
    assert not mail.outbox


# Permissions ---------------------------------------------------------------------------------


@pytest.mark.parametrize("page", ["generate", "paste", "share"])
def test_special_pages_need_their_permission(clerk_client, page):
    coupon = factories.CouponFactory(code="SPECIAL")

    response = clerk_client.get(reverse(f"admin:loyalty_promos_coupon_{page}", args=[coupon.pk]))

    assert response.status_code == 403


def test_test_page_needs_its_permission(clerk_client):
    assert clerk_client.get(reverse("admin:loyalty_promos_coupon_test")).status_code == 403


def test_import_needs_the_generate_permission(clerk_client):
    response = clerk_client.get(reverse("admin:loyalty_promos_couponcode_import"))

    assert response.status_code == 403


def test_with_the_permission_the_page_opens(clerk_client, clerk):
    clerk.user_permissions.add(Permission.objects.get(codename="generate_codes"))
    coupon = factories.CouponFactory(code="SPECIAL")

    response = clerk_client.get(reverse("admin:loyalty_promos_coupon_generate", args=[coupon.pk]))

    assert response.status_code == 200


def test_the_change_form_hides_tools_without_permission(clerk_client):
    coupon = factories.CouponFactory(code="SPECIAL")

    response = clerk_client.get(reverse("admin:loyalty_promos_coupon_change", args=[coupon.pk]))

    assert "Generate codes" not in response.text
    assert "Send by email" not in response.text


# Codes list ----------------------------------------------------------------------------------


def test_used_up_and_expired_codes_are_greyed(admin_client, booking):
    coupon = factories.CouponFactory()
    factories.CouponCodeFactory(coupon=coupon, code="SPENT1", max_uses=1)
    factories.CouponCodeFactory(coupon=coupon, code="FRESH1", max_uses=1)
    redeem("SPENT1", booking)

    response = admin_client.get(reverse(CODES))

    assert '<span class="lp-muted lp-code">SPENT1</span>' in response.text
    assert 'data-copy="FRESH1"' in response.text


@pytest.mark.parametrize(
    ("action", "page"), [("generate_codes", "generate"), ("share_code", "share")]
)
def test_actions_open_the_page_for_one_promo_code(admin_client, action, page):
    coupon = factories.CouponFactory(code="ONE")

    response = admin_client.post(
        reverse(CHANGELIST), {"action": action, "_selected_action": [coupon.pk]}
    )

    assert response.url == reverse(f"admin:loyalty_promos_coupon_{page}", args=[coupon.pk])


def test_actions_for_one_promo_code_refuse_several(admin_client):
    pks = [factories.CouponFactory(code=c).pk for c in ("ONE", "TWO")]

    response = redirected(
        admin_client,
        admin_client.post(
            reverse(CHANGELIST), {"action": "generate_codes", "_selected_action": pks}
        ),
        reverse(CHANGELIST),
    )

    assert "Select exactly one promo code for this action." in response.text


def test_filter_promo_codes_by_batch(admin_client):
    flyers = factories.CouponFactory(name="Flyers")
    batch = CodeBatch.objects.create(coupon=flyers, source="generated")
    factories.CouponFactory(name="Other")

    response = admin_client.get(reverse(CHANGELIST), {"batches__id__exact": batch.pk})

    assert [c.name for c in response.context["cl"].result_list] == ["Flyers"]


def test_each_list_names_its_bulk_deletes_in_full_sentences(admin_client):
    def actions(url):
        response = admin_client.get(reverse(url))
        return dict(response.context["action_form"].fields["action"].choices)

    coupons = actions(CHANGELIST)
    codes = actions(CODES)
    batches = actions("admin:loyalty_promos_codebatch_changelist")

    assert coupons["delete_all_codes"] == "Delete all codes of the selected promo codes"
    assert "delete_selected" in coupons  # promo codes themselves can still be deleted
    assert codes["delete_used_codes"] == "Delete the used ones among the selected codes"
    assert "delete_selected" not in codes  # replaced by ours, which explains past uses
    assert batches["delete_expired_codes"] == "Delete the expired codes of the selected batches"


def test_send_a_promo_code_from_the_host_customer_list(
    admin_client, django_capture_on_commit_callbacks
):
    """The host adds `send_promo_code` to its customer admin: its own search and filters."""
    chosen = factories.CustomerFactory.create_batch(2)
    factories.CustomerFactory()  # not selected
    coupon = factories.CouponFactory(name="Printemps", code="PRINTEMPS")

    response = admin_client.post(
        reverse("admin:salon_customer_changelist"),
        {"action": "send_promo_code", "_selected_action": [c.pk for c in chosen]},
    )
    assert response.url == reverse("admin:loyalty_promos_coupon_share_customers")
    page = admin_client.get(response.url)
    assert sorted(page.context["form"].initial["customers"]) == sorted(str(c.pk) for c in chosen)
    with django_capture_on_commit_callbacks(execute=True):
        sent = admin_client.post(
            response.url,
            {
                "coupon": coupon.pk,
                "customers": [c.pk for c in chosen],
                "subject": "{{ code }}",
                "body": "Hello {{ customer_name }}",
            },
        )

    assert sent.url == reverse("admin:loyalty_promos_coupon_change", args=[coupon.pk])
    assert sorted(m.to[0] for m in mail.outbox) == sorted(c.email for c in chosen)
    assert {m.subject for m in mail.outbox} == {"PRINTEMPS"}


def test_sending_from_the_customer_list_needs_the_share_permission(client, clerk):
    clerk.user_permissions.add(Permission.objects.get(codename="view_customer"))
    client.force_login(clerk)
    customer = factories.CustomerFactory()

    response = redirected(
        client,
        client.post(
            reverse("admin:salon_customer_changelist"),
            {"action": "send_promo_code", "_selected_action": [customer.pk]},
        ),
        reverse("admin:salon_customer_changelist"),
    )

    assert "You are not allowed to send promo codes." in response.text
    assert client.get(reverse("admin:loyalty_promos_coupon_share_customers")).status_code == 403


def test_the_promo_code_list_reads_single_codes_without_a_query_per_row(
    admin_client, django_assert_max_num_queries
):
    for n in range(8):
        factories.CouponFactory(code=f"SOLO{n}")
    url = reverse("admin:loyalty_promos_coupon_changelist")
    admin_client.get(url)

    with django_assert_max_num_queries(12):
        response = admin_client.get(url)

    assert "SOLO7" in response.text


def test_an_import_confirmed_after_a_row_became_taken_imports_nothing(admin_client):
    """Issue 11, item 9: all or nothing at the confirmation, not only at the preview."""
    coupon = factories.CouponFactory(name="Salon fair")
    preview = import_file(
        admin_client,
        "code,promo code,maximum uses of this code,active\r\n"
        "FAIR-001,Salon fair,1,1\r\nFAIR-002,Salon fair,1,1\r\nFAIR-003,Salon fair,1,1\r\n",
    )
    confirm = preview.context["confirm_form"]
    factories.CouponFactory(name="Elsewhere", code="FAIR002")  # taken meanwhile

    response = admin_client.post(
        reverse("admin:loyalty_promos_couponcode_process_import"), confirm.initial
    )

    assert response.status_code == 200
    assert "Nothing was imported: some rows are no longer valid." in response.text
    [row] = response.context["result"].invalid_rows
    assert (row.number, row.error_dict) == (
        2,
        {"code": ["This code is already active on another promo code."]},
    )
    # the spreadsheet's row 3 (header = row 1), the column named by its header
    assert [(p.row, p.messages) for p in response.context["import_problems"]] == [
        (3, ["code: This code is already active on another promo code."])
    ]
    assert '<th scope="row">3</th>' in response.text
    assert not coupon.codes.exists()
    assert not CodeBatch.objects.filter(coupon=coupon).exists()


# Big lists run as background jobs (issue 12, item 10) -------------------------------------------


@pytest.fixture
def small_threshold(settings):
    settings.LOYALTY_PROMOS = {**settings.LOYALTY_PROMOS, "CODE_BACKGROUND_THRESHOLD": 2}


def follow_job(client, response):
    from loyalty_promos.models import CodeJob

    assert response.status_code == 302
    job = CodeJob.objects.get()
    assert response.url == reverse("admin:loyalty_promos_couponcode_job", args=[job.pk])
    return job, client.get(response.url)


def test_a_big_paste_runs_as_a_job_and_shows_its_batch(admin_client, small_threshold):
    coupon = factories.CouponFactory(name="Flyers")
    url = reverse("admin:loyalty_promos_coupon_paste", args=[coupon.pk])

    response = admin_client.post(url, {"codes": "AAA-111\nBBB-222\nCCC-333\n", "max_uses": "2"})

    job, page = follow_job(admin_client, response)
    assert (job.kind, job.status, job.rows_done, job.rows_total) == ("paste", "done", 3, 3)
    assert "All codes were created." in page.text
    batch = CodeBatch.objects.get()
    assert f"?batch__id__exact={batch.pk}" in page.text
    assert (batch.source, batch.size) == ("pasted", 3)
    assert set(coupon.codes.values_list("max_uses", flat=True)) == {2}


def test_a_big_paste_with_a_bad_line_creates_nothing_and_lists_it(admin_client, small_threshold):
    factories.CouponFactory(code="BBB222")
    coupon = factories.CouponFactory()
    url = reverse("admin:loyalty_promos_coupon_paste", args=[coupon.pk])

    response = admin_client.post(url, {"codes": "AAA-111\nBBB-222\nCCC-333\n"})

    job, page = follow_job(admin_client, response)
    assert job.status == "failed"
    assert "No code was created." in page.text
    assert "Line 2 (BBB-222): This code is already active on another promo code." in page.text
    assert not coupon.codes.exists()


def test_a_big_generation_runs_as_a_job(admin_client, small_threshold):
    coupon = factories.CouponFactory()
    url = reverse("admin:loyalty_promos_coupon_generate", args=[coupon.pk])

    response = admin_client.post(url, {"count": "5", "length": "8", "prefix": "bf"})

    job, _page = follow_job(admin_client, response)
    assert (job.kind, job.status, job.rows_done) == ("generate", "done", 5)
    assert sorted({c[:2] for c in coupon.codes.values_list("normalized", flat=True)}) == ["BF"]
    assert coupon.codes.count() == 5


def test_a_code_job_delivered_twice_creates_its_codes_once(admin_client, small_threshold):
    coupon = factories.CouponFactory()
    url = reverse("admin:loyalty_promos_coupon_generate", args=[coupon.pk])
    job, _page = follow_job(admin_client, admin_client.post(url, {"count": "5", "length": "8"}))

    run_code_job.call(job.pk)  # a retried message, or a second worker

    assert coupon.codes.count() == 5
    assert CodeBatch.objects.count() == 1


def test_a_big_generation_is_validated_before_it_is_queued(admin_client, small_threshold):
    coupon = factories.CouponFactory()
    url = reverse("admin:loyalty_promos_coupon_generate", args=[coupon.pk])

    response = admin_client.post(url, {"count": "5", "length": "8", "prefix": "ABCDE"})

    assert response.status_code == 200
    assert "Leave at least 4 random characters after the prefix." in response.text
    from loyalty_promos.models import CodeJob

    assert not CodeJob.objects.exists()


def test_a_big_import_runs_as_a_job_all_or_nothing(admin_client, small_threshold):
    factories.CouponFactory(name="Salon fair")

    response = import_file(
        admin_client,
        "code,promo code,maximum uses of this code,active\r\n"
        "FAIR-001,Salon fair,1,1\r\nFAIR-002,Nope,1,1\r\nfair 001,Salon fair,,1\r\n",
    )

    job, page = follow_job(admin_client, response)
    assert (job.kind, job.status) == ("import", "failed")
    assert job.errors == [  # the spreadsheet's rows: the header is row 1
        "Row 3 (FAIR-002): No promo code is named “Nope”.",
        "Row 4 (fair 001): Same code as row 2.",
    ]
    assert "Row 3 (FAIR-002): No promo code is named “Nope”." in page.text
    assert not CouponCode.objects.exists()


def test_a_big_import_creates_one_batch_per_promo_code(admin_client, small_threshold):
    fair = factories.CouponFactory(name="Salon fair")
    expo = factories.CouponFactory(name="Expo")

    response = import_file(
        admin_client,
        "code,promo code,maximum uses of this code,active\r\n"
        "FAIR-001,Salon fair,1,1\r\nEXPO-1,Expo,,1\r\nFAIR-002,Salon fair,3,0\r\n",
    )

    job, _page = follow_job(admin_client, response)
    assert job.status == "done"
    assert sorted(fair.codes.values_list("normalized", "max_uses", "is_active")) == [
        ("FAIR001", 1, True),
        ("FAIR002", 3, False),
    ]
    assert list(expo.codes.values_list("normalized", "max_uses")) == [("EXPO1", None)]
    assert sorted(b.size for b in job.batches.all()) == [1, 2]
    assert set(CodeBatch.objects.values_list("source", flat=True)) == {"imported"}


def test_a_code_job_page_is_its_owners(client, small_threshold, admin_client):
    coupon = factories.CouponFactory()
    response = admin_client.post(
        reverse("admin:loyalty_promos_coupon_paste", args=[coupon.pk]),
        {"codes": "AAA-111\nBBB-222\nCCC-333\n"},
    )
    other = factories.StaffUserFactory(username="other")
    client.force_login(other)

    assert client.get(response.url).status_code == 403
