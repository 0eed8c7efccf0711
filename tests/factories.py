"""factory_boy factories for the test hosts' models and ours.

Host models are named by label (``"salon.Customer"``) through
:class:`HostModelFactory`: this module imports under every test host's
settings (the salon's ``tests.settings``, the studio's
``tests.projects.studio.settings``), each of which installs only its own host
app; a factory of a host that is not installed fails when used, not when
imported. ``tests/hosts.py`` picks the ones of the active host.
"""

import datetime
from decimal import Decimal

import factory
from django.apps import apps
from django.contrib.auth import get_user_model
from django.utils import timezone

from loyalty_promos import models as lp


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


class HostOptions(factory.django.DjangoOptions):
    def get_model_class(self):
        if isinstance(self.model, str) and self.model.split(".")[0] not in apps.app_configs:
            return self.model  # another host's app: resolved (and failing) only when used
        return super().get_model_class()


class HostModelFactory(factory.django.DjangoModelFactory):
    """A factory of a test host's model, named ``"app_label.Model"``."""

    _options_class = HostOptions

    class Meta:
        abstract = True


# The example salon -----------------------------------------------------------


class CustomerFactory(HostModelFactory):
    class Meta:
        model = "salon.Customer"

    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")
    email = factory.LazyAttribute(lambda o: f"{o.first_name}.{o.last_name}@example.com".lower())
    phone = factory.Sequence(lambda n: f"+33 6 00 00 {n:04d}")


class ServiceFactory(HostModelFactory):
    class Meta:
        model = "salon.Service"
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Service {n}")
    price = Decimal("50.00")
    duration_minutes = 60


class StaffFactory(HostModelFactory):
    class Meta:
        model = "salon.Staff"

    name = factory.Faker("first_name", locale="fr_FR")


class RecurringSeriesFactory(HostModelFactory):
    class Meta:
        model = "salon.RecurringSeries"

    label = factory.Sequence(lambda n: f"Series {n}")


class AppointmentFactory(HostModelFactory):
    class Meta:
        model = "salon.Appointment"

    customer = factory.SubFactory(CustomerFactory)
    service = factory.SubFactory(ServiceFactory)
    staff = factory.SubFactory(StaffFactory)
    start = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=1))
    end = factory.LazyAttribute(
        lambda o: o.start + datetime.timedelta(minutes=o.service.duration_minutes)
    )
    status = "booked"


# The second host (customer = user model, date and times on a related slot) ---------


class TreatmentFactory(HostModelFactory):
    class Meta:
        model = "spa.Treatment"

    title = factory.Sequence(lambda n: f"Treatment {n}")
    price = Decimal("120.00")


class TherapistFactory(HostModelFactory):
    class Meta:
        model = "spa.Therapist"

    display_name = factory.Faker("first_name", locale="ro_RO")


class SlotFactory(HostModelFactory):
    class Meta:
        model = "spa.Slot"

    therapist = factory.SubFactory(TherapistFactory)
    day = datetime.date(2026, 3, 20)
    starts_at = datetime.time(14, 30)
    ends_at = datetime.time(15, 45)


class ReservationFactory(HostModelFactory):
    class Meta:
        model = "spa.Reservation"

    user = factory.SubFactory(UserFactory)
    treatment = factory.SubFactory(TreatmentFactory)
    slot = factory.SubFactory(SlotFactory)


# The studio (tests/projects/studio: members, courses, sessions, drop-ins) ---------


class MemberFactory(HostModelFactory):
    class Meta:
        model = "studio.Member"

    full_name = factory.Faker("name", locale="ro_RO")
    mail = factory.Sequence(lambda n: f"member{n}@studio.example")
    mobile = factory.Sequence(lambda n: f"+40 722 {n:06d}")


class CourseFactory(HostModelFactory):
    class Meta:
        model = "studio.Course"

    title = factory.Sequence(lambda n: f"Course {n}")
    fee = Decimal("60.00")


class SessionFactory(HostModelFactory):
    class Meta:
        model = "studio.Session"

    course = factory.SubFactory(CourseFactory)
    date = datetime.date(2026, 3, 20)
    begins = datetime.time(18, 0)
    ends = datetime.time(19, 30)


class EnrolmentFactory(HostModelFactory):
    class Meta:
        model = "studio.Enrolment"

    member = factory.SubFactory(MemberFactory)
    session = factory.SubFactory(SessionFactory)
    state = "BOOKED"


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
