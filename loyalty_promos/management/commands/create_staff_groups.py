"""Create (or bring up to date) two staff groups with the app's permissions.

    python manage.py create_staff_groups [--reception NAME] [--manager NAME]

*Reception* does the desk's work: check out, apply codes, test and send
codes, credits, packages, points and rewards. *Manager* adds setting things
up, bulk work on codes, gift cards and the reports. Run it again after an
upgrade: new permissions are added, nothing is removed.
"""

from django.contrib.auth.models import Group, Permission
from django.core.management.base import BaseCommand, CommandError

RECEPTION = [
    "view_charge", "checkout_booking", "mark_paid", "apply_code_to_charge",
    "view_coupon", "view_couponcode", "view_codebatch", "view_redemption", "test_codes",
    "share_codes", "view_codeshare", "view_creditbalance", "view_creditentry", "adjust_credit",
    "sell_credit_pack", "view_creditpack", "view_customerpackage", "assign_package",
    "view_packageplan", "view_pointsentry", "view_pointsbalance", "adjust_points",
    "redeem_reward", "view_reward", "view_giftcard", "view_customerdiscount",
    "view_purchase", "confirm_purchase",
]  # fmt: skip
MANAGER = [
    *RECEPTION,
    "add_coupon", "change_coupon", "add_couponcode", "change_couponcode", "change_codebatch",
    "generate_codes", "bulk_delete_codes", "view_pricingrule", "add_pricingrule",
    "change_pricingrule", "add_packageplan", "change_packageplan", "change_customerpackage",
    "add_creditpack", "change_creditpack", "add_customerdiscount", "change_customerdiscount",
    "view_loyaltyprogram", "change_loyaltyprogram", "view_earningrule", "add_earningrule",
    "change_earningrule", "add_reward", "change_reward", "add_giftcard", "change_giftcard",
    "issue_gift_card", "view_reports", "export_reports", "void_charge", "view_paymentmethod",
    "add_paymentmethod", "change_paymentmethod",
]  # fmt: skip


class Command(BaseCommand):
    help = (
        "Create or update the Reception and Manager staff groups with loyalty_promos permissions."
    )

    def add_arguments(self, parser):
        parser.add_argument("--reception", default="Reception", help="name of the desk group")
        parser.add_argument("--manager", default="Manager", help="name of the managers' group")

    def handle(self, *args, reception, manager, **options):
        for name, codenames in ((reception, RECEPTION), (manager, MANAGER)):
            permissions = Permission.objects.filter(
                content_type__app_label="loyalty_promos", codename__in=codenames
            )
            missing = set(codenames) - set(permissions.values_list("codename", flat=True))
            if missing:
                raise CommandError(f"Run migrate first; missing permissions: {sorted(missing)}")
            group, created = Group.objects.get_or_create(name=name)
            group.permissions.add(*permissions)
            verb = "created" if created else "updated"
            self.stdout.write(f"Group {name!r} {verb}: {len(codenames)} permissions.")
