"""Writes to referrals and reminders."""

import datetime
from functools import partial

from django.db import transaction

from indicators.scoring import Band

from .hours import LONDON, add_working_days
from .models import Referral, Reminder
from .reminders import urgent_notify_queue
from .selectors import office_hours, reminder_timings


def referral_open_for_new_concern(*, concern, at: datetime.datetime) -> Referral | None:
    """Called inside the filing transaction: urgent concerns get a referral and its reminders,
    the rest a reminder to review them within the working-day limit."""
    timings = reminder_timings()
    if concern.band >= Band.HIGH:
        referral = Referral.objects.create(concern=concern, created_at=at)
        reminders_schedule_urgent(concern=concern, at=at, timings=timings)
        transaction.on_commit(partial(urgent_notify_queue, concern_id=concern.pk))
        return referral
    due = add_working_days(at, timings.review_working_days, office_hours())
    Reminder.objects.create(kind=Reminder.Kind.REVIEW_DUE, concern=concern, due_at=due)
    return None


def reminders_schedule_urgent(*, concern, at: datetime.datetime, timings) -> None:
    minutes = datetime.timedelta(minutes=1)
    Reminder.objects.bulk_create(
        [
            Reminder(kind=Reminder.Kind.URGENT_FILED, concern=concern, due_at=at),
            Reminder(
                kind=Reminder.Kind.ACK_REMINDER,
                concern=concern,
                due_at=at + timings.acknowledge_reminder_minutes * minutes,
            ),
            Reminder(
                kind=Reminder.Kind.ESCALATION,
                concern=concern,
                due_at=at + timings.escalate_minutes * minutes,
            ),
        ]
    )


def reminder_schedule_follow_up(*, concern, contacted_at: datetime.datetime) -> Reminder:
    """After MASH is phoned, remind the lead to send the written follow-up."""
    due = contacted_at + datetime.timedelta(hours=reminder_timings().follow_up_hours)
    return Reminder.objects.create(kind=Reminder.Kind.FOLLOW_UP, concern=concern, due_at=due)


def reminder_schedule_monitoring_review(*, concern, review_date: datetime.date) -> Reminder:
    """On a monitoring concern's review date, remind the practitioner and the lead."""
    due = datetime.datetime.combine(review_date, datetime.time(9, 0), tzinfo=LONDON)
    return Reminder.objects.create(
        kind=Reminder.Kind.MONITORING_REVIEW, concern=concern, due_at=due
    )
