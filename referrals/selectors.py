from django.utils import timezone

from .hours import Hours, is_office_hours
from .models import Contact, OfficeHours, ReminderTimings


def office_hours() -> Hours:
    row = OfficeHours.objects.first()
    if row is None:
        return Hours()
    return Hours(opens=row.opens, closes=row.closes, weekdays=frozenset(row.open_weekdays()))


def reminder_timings() -> ReminderTimings:
    return ReminderTimings.objects.first() or ReminderTimings()


def contacts_in_order(*, at=None) -> dict:
    """The contacts to show, the right one first: MASH in office hours, the EDT outside them.
    999 always comes first when a child is in immediate danger, so it is returned separately."""
    moment = at or timezone.now()
    in_hours = is_office_hours(moment, office_hours())
    by_purpose = {contact.purpose: contact for contact in Contact.objects.all()}
    order = ["mash", "edt"] if in_hours else ["edt", "mash"]
    return {
        "in_office_hours": in_hours,
        "ordered": [by_purpose[p] for p in order if p in by_purpose],
        "emergency": by_purpose.get("emergency"),
    }
