"""The integration guide's second worked example: no staff, drop-ins, dates on a session."""

from decimal import Decimal

from loyalty_promos.integration import DefaultBookingAdapter

from .models import Enrolment, Session


class StudioAdapter(DefaultBookingAdapter):
    customer_field = "member"  # empty for a drop-in: get_customer returns None
    service_field = "course"  # reached through the session: get_service below
    service_price_field = "fee"  # the course's price (read by the admin's code tester)
    status_field = "state"
    cancelled_statuses = frozenset({"CANCELLED"})  # upper case, as the studio stores it
    start_lookup = "session__date"  # where queries find the start get_start reads

    def get_service(self, enrolment):
        return enrolment.session.course

    def get_staff(self, enrolment):
        return None  # the studio names no teacher on an enrolment

    def get_bookable_staff(self):
        # Staff are the site's users: no customer may name (and so probe) one.
        return super().get_bookable_staff().none()

    def get_start(self, enrolment):
        return self.combine(enrolment.session.date, enrolment.session.begins)

    def get_end(self, enrolment):
        return self.combine(enrolment.session.date, enrolment.session.ends)

    def build_booking(self, member, course, staff, start, end=None):
        # The enrolment being made (the booking form, the live price): unsaved, on an unsaved
        # session; the studio names no teacher, so ``staff`` is ignored.
        start = self.make_aware(start)
        end = self.make_aware(end) if end else start + self.default_duration
        begins, ends = self.local(start), self.local(end)
        session = Session(course=course, date=begins.date(), begins=begins.time(), ends=ends.time())
        return Enrolment(member=member, session=session)

    def get_price(self, enrolment):
        session = enrolment.session
        return Decimal(session.fee if session.fee is not None else session.course.fee)

    def get_customer_name(self, member):
        return member.full_name

    def get_customer_email(self, member):
        return member.mail

    def get_customer_phone(self, member):
        return member.mobile

    def get_customer_bookings(self, member):
        return (
            super()
            .get_customer_bookings(member)
            .exclude(state__in=self.cancelled_statuses)
            .order_by("session__date", "session__begins", "pk")
        )

    def anonymise_customer(self, member):
        member.full_name, member.mail, member.mobile = f"Member #{member.pk}", "", ""
        member.save(update_fields=["full_name", "mail", "mobile"])
