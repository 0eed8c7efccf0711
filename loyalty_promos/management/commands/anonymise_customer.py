"""Erase a customer's personal data while their ledgers stay (a privacy request).

python manage.py anonymise_customer <pk>
"""

from django.core.management.base import BaseCommand, CommandError

from loyalty_promos.integration import get_customer_model
from loyalty_promos.services.customers import anonymise_customer


class Command(BaseCommand):
    help = (
        "Anonymise a customer who cannot be deleted: blank the names and notes loyalty_promos "
        "copied, and let the booking adapter erase the host's customer record. Amounts and "
        "ledgers stay."
    )

    def add_arguments(self, parser):
        parser.add_argument("pk", help="Primary key of the customer.")

    def handle(self, *args, **options):
        model = get_customer_model()
        try:
            customer = model._default_manager.get(pk=options["pk"])
        except (model.DoesNotExist, ValueError) as error:
            raise CommandError(f"No customer with primary key {options['pk']!r}.") from error
        try:
            result = anonymise_customer(customer)
        except NotImplementedError as error:
            raise CommandError(f"{error} Nothing was changed.") from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Customer {customer.pk} anonymised: {result.charges} charge(s), "
                f"{result.gift_cards} gift card(s), {result.discount_notes} discount note(s) "
                "blanked; ledgers kept."
            )
        )
