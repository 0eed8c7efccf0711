"""factory_boy factories for the example host's models and ours."""

import datetime
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from example_project.salon import models as salon
from loyalty_promos import models as lp
from tests.projects.other_host.spa import models as spa


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.com")
    password = factory.django.Password("secret")


class StaffUserFactory(UserFactory):
    is_staff = True


class SuperUserFactory(StaffUserFactory):
    is_superuser = True


# The example salon -----------------------------------------------------------


class CustomerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = salon.Customer

    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")
    email = factory.LazyAttribute(lambda o: f"{o.first_name}.{o.last_name}@example.com".lower())
    phone = factory.Sequence(lambda n: f"+33 6 00 00 {n:04d}")


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = salon.Service
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Service {n}")
    price = Decimal("50.00")
    duration_minutes = 60


class StaffFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = salon.Staff

    name = factory.Faker("first_name", locale="fr_FR")


class RecurringSeriesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = salon.RecurringSeries

    label = factory.Sequence(lambda n: f"Series {n}")


class AppointmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = salon.Appointment

    customer = factory.SubFactory(CustomerFactory)
    service = factory.SubFactory(ServiceFactory)
    staff = factory.SubFactory(StaffFactory)
    start = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=1))
    end = factory.LazyAttribute(
        lambda o: o.start + datetime.timedelta(minutes=o.service.duration_minutes)
    )
    status = salon.Appointment.Status.BOOKED


# The second host (customer = user model, date and times on a related slot) ---------


class TreatmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = spa.Treatment

    title = factory.Sequence(lambda n: f"Treatment {n}")
    price = Decimal("120.00")


class TherapistFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = spa.Therapist

    display_name = factory.Faker("first_name", locale="ro_RO")


class SlotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = spa.Slot

    therapist = factory.SubFactory(TherapistFactory)
    day = datetime.date(2026, 3, 20)
    starts_at = datetime.time(14, 30)
    ends_at = datetime.time(15, 45)


class ReservationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = spa.Reservation

    user = factory.SubFactory(UserFactory)
    treatment = factory.SubFactory(TreatmentFactory)
    slot = factory.SubFactory(SlotFactory)


# loyalty_promos ----------------------------------------------------------------


class ChargeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = lp.Charge

    booking = factory.SubFactory(AppointmentFactory)
    customer = factory.SelfAttribute("booking.customer")
    service = factory.SelfAttribute("booking.service")
    staff = factory.SelfAttribute("booking.staff")
    booking_ref = factory.LazyAttribute(lambda o: str(o.booking.pk))
    customer_name = factory.LazyAttribute(lambda o: str(o.customer))
    service_name = factory.LazyAttribute(lambda o: str(o.service))
    staff_name = factory.LazyAttribute(lambda o: str(o.staff or ""))
    starts_at = factory.SelfAttribute("booking.start")
    currency = "EUR"
    list_price = factory.SelfAttribute("service.price")
    price = factory.SelfAttribute("list_price")
    amount_due = factory.SelfAttribute("price")


class CustomerDiscountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = lp.CustomerDiscount

    customer = factory.SubFactory(CustomerFactory)
    percent = Decimal("10.00")


class CouponFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = lp.Coupon
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Promo {n}")
    discount_type = lp.Coupon.DiscountType.PERCENT
    discount_value = Decimal("10")
    max_uses_per_customer = None

    @factory.post_generation
    def code(coupon, create, extracted, **kwargs):
        """CouponFactory(code="SUMMER") also creates its one code."""
        if create and extracted:
            CouponCodeFactory(coupon=coupon, code=extracted)


class CouponCodeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = lp.CouponCode

    coupon = factory.SubFactory(CouponFactory)
    code = factory.Sequence(lambda n: f"CODE{n:05d}")


class PricingRuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = lp.PricingRule
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Rule {n}")
    kind = lp.PricingRule.Kind.PERCENT
    value = Decimal("-10")

    @factory.post_generation
    def services(rule, create, extracted, **kwargs):
        if create and extracted:
            rule.services.set(extracted)


class CreditPackFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = lp.CreditPack

    name = "10 for the price of 9"
    value = Decimal("100.00")
    price = Decimal("90.00")


class PackagePlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = lp.PackagePlan

    name = factory.Sequence(lambda n: f"Plan {n}")
    kind = lp.PackagePlan.Kind.VISIT_PACK
    price = Decimal("200.00")
    visits = 5


class EarningRuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = lp.EarningRule

    name = factory.Sequence(lambda n: f"Earn {n}")
    kind = lp.EarningRule.Kind.SERVICE
    points = 10


class RewardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = lp.Reward

    name = factory.Sequence(lambda n: f"Reward {n}")
    points_cost = 100
    kind = lp.Reward.Kind.AMOUNT
    value = Decimal("10.00")
