"""Generate codes under a promo code from the command line or a scheduler.

python manage.py generate_codes "Black Friday" 100000 --length 10 --prefix BF
"""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from loyalty_promos.models import Coupon
from loyalty_promos.services.codes import generate_codes


class Command(BaseCommand):
    help = "Create COUNT unique random codes under the promo code named NAME."

    def add_arguments(self, parser):
        parser.add_argument("name", help="The promo code's name (its rule).")
        parser.add_argument("count", type=int)
        parser.add_argument("--length", type=int, default=10)
        parser.add_argument("--prefix", default="")
        parser.add_argument(
            "--max-uses", type=int, default=1, help="Uses of each code (0: unlimited)."
        )
        parser.add_argument("--label", default="")

    def handle(self, *args, name, count, length, prefix, max_uses, label, **options):
        try:
            coupon = Coupon.objects.get(name=name)
        except Coupon.DoesNotExist as exc:
            raise CommandError(f"No promo code is named {name!r}.") from exc
        try:
            batch = generate_codes(
                coupon, count, length=length, prefix=prefix, max_uses=max_uses or None, label=label
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Created {batch.size} codes under {coupon.name!r} (batch {batch.pk})."
            )
        )
