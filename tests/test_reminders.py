"""Reminders fire at their recorded due time, to the right people, once, and say nothing about
the child. Time is frozen with time-machine; the sweep is the same code beat runs each minute."""

import datetime
import threading

import pytest
import time_machine
from django.conf import settings
from django.db import connection
from django.utils import timezone

from concerns.models import Concern
from concerns.services import concern_override_band
from referrals.hours import LONDON
from referrals.models import Notification, Referral, Reminder
from referrals.reminders import reminders_sweep
from referrals.services import reminder_schedule_follow_up, reminder_schedule_monitoring_review
from referrals.tasks import notify_urgent

from .factories import HIGH_ANSWERS, MEDIUM_ANSWERS, UserFactory, file_test_concern
from .reminder_support import (
    CHILD,
    NARRATIVE,
    assert_no_child_data,
    html_of,
    recipients,
)

TUESDAY_10AM = datetime.datetime(2026, 3, 10, 10, 0, tzinfo=LONDON)
FRIDAY_10AM = datetime.datetime(2026, 3, 13, 10, 0, tzinfo=LONDON)
SATURDAY_10PM = datetime.datetime(2026, 3, 14, 22, 0, tzinfo=LONDON)
MINUTE = datetime.timedelta(minutes=1)
LEAD_ADDRESSES = ["lead_a@example.invalid", "lead_b@example.invalid"]


def file_at(moment, practitioner, answers=HIGH_ANSWERS) -> Concern:
    with time_machine.travel(moment, tick=False):
        return file_test_concern(
            filed_by=practitioner, answers=answers, child=CHILD, narrative=NARRATIVE
        )


def sweep_at(moment) -> int:
    with time_machine.travel(moment, tick=False):
        return reminders_sweep()


def kinds_sent(concern) -> list[str]:
    return sorted(concern.reminders.filter(sent_at__isnull=False).values_list("kind", flat=True))


def acknowledge(concern, by, at) -> None:
    """What the lead's acknowledgement does to the referral (a conditional update)."""
    changed = Referral.objects.filter(concern=concern, status="awaiting").update(
        status="acknowledged", acknowledged_at=at, acknowledged_by=by
    )
    assert changed == 1


def record_mash_call(concern, by, at) -> None:
    Referral.objects.filter(concern=concern).update(
        status="mash_contacted",
        contacted_at=at,
        contacted_by=by,
        contacted_hub="mash",
        hub_reference="MASH-1",
    )
    reminder_schedule_follow_up(concern=concern, contacted_at=at)


def set_monitoring(concern, by, review_date) -> None:
    Concern.objects.filter(pk=concern.pk).update(
        status="monitoring",
        status_changed_by=by,
        status_changed_at=timezone.now(),
        reviewed_at=timezone.now(),
        review_date=review_date,
    )
    reminder_schedule_monitoring_review(concern=concern, review_date=review_date)


pytestmark = pytest.mark.django_db


def test_urgent_concern_notifies_every_lead_at_once_when_no_one_is_on_duty(
    practitioner, lead, second_lead, mailoutbox
):
    UserFactory(username="former_lead", role="Safeguarding lead", is_active=False)
    UserFactory(username="lead_without_email", role="Safeguarding lead", email="")
    concern = file_at(TUESDAY_10AM, practitioner)

    assert sweep_at(TUESDAY_10AM) == 1

    assert recipients(mailoutbox) == LEAD_ADDRESSES
    message = mailoutbox[0]
    assert concern.reference in message.subject
    assert "High" in message.subject
    referral_url = f"{settings.SITE_URL}/referrals/{concern.referral.pk}/"
    assert referral_url in message.body
    assert referral_url in html_of(message)
    assert_no_child_data(message)
    assert Notification.objects.filter(kind="urgent_filed").count() == 2


def test_unacknowledged_referral_reminds_leads_after_30_minutes_and_not_before(
    practitioner, lead, second_lead, duty_manager, mailoutbox
):
    concern = file_at(TUESDAY_10AM, practitioner)
    sweep_at(TUESDAY_10AM)
    mailoutbox.clear()

    sweep_at(TUESDAY_10AM + 29 * MINUTE + datetime.timedelta(seconds=59))
    assert mailoutbox == []

    sweep_at(TUESDAY_10AM + 30 * MINUTE)
    assert recipients(mailoutbox) == LEAD_ADDRESSES
    assert "Not yet acknowledged" in mailoutbox[0].subject
    assert "30\xa0minutes" in mailoutbox[0].body
    for message in mailoutbox:
        assert_no_child_data(message)
    assert kinds_sent(concern) == ["ack_reminder", "urgent_filed"]


def test_unacknowledged_referral_escalates_to_duty_managers_after_60_minutes(
    practitioner, lead, second_lead, duty_manager, mailoutbox
):
    concern = file_at(TUESDAY_10AM, practitioner)
    sweep_at(TUESDAY_10AM + 59 * MINUTE)
    mailoutbox.clear()

    sweep_at(TUESDAY_10AM + 60 * MINUTE)

    assert recipients(mailoutbox) == ["duty_manager@example.invalid", *LEAD_ADDRESSES]
    assert all(message.subject.startswith("Escalation") for message in mailoutbox)
    assert "1\xa0hour" in mailoutbox[0].body
    for message in mailoutbox:
        assert_no_child_data(message)
    assert kinds_sent(concern) == ["ack_reminder", "escalation", "urgent_filed"]


def test_acknowledging_before_30_minutes_means_no_reminder_is_sent(
    practitioner, lead, second_lead, duty_manager, mailoutbox
):
    concern = file_at(TUESDAY_10AM, practitioner)
    sweep_at(TUESDAY_10AM)
    acknowledge(concern, lead, TUESDAY_10AM + 10 * MINUTE)
    mailoutbox.clear()

    sweep_at(TUESDAY_10AM + 30 * MINUTE)
    sweep_at(TUESDAY_10AM + 90 * MINUTE)

    assert mailoutbox == []
    assert kinds_sent(concern) == ["urgent_filed"]
    cancelled = concern.reminders.filter(cancelled_at__isnull=False)
    assert sorted(cancelled.values_list("kind", flat=True)) == ["ack_reminder", "escalation"]


def test_acknowledging_between_reminder_and_escalation_stops_the_escalation(
    practitioner, lead, duty_manager, mailoutbox
):
    concern = file_at(TUESDAY_10AM, practitioner)
    sweep_at(TUESDAY_10AM + 30 * MINUTE)
    acknowledge(concern, lead, TUESDAY_10AM + 45 * MINUTE)
    mailoutbox.clear()

    sweep_at(TUESDAY_10AM + 60 * MINUTE)

    assert mailoutbox == []
    assert kinds_sent(concern) == ["ack_reminder", "urgent_filed"]


def test_no_urgent_email_goes_for_a_referral_acknowledged_before_it_was_sent(
    practitioner, lead, second_lead, mailoutbox
):
    concern = file_at(TUESDAY_10AM, practitioner)
    acknowledge(concern, lead, TUESDAY_10AM + datetime.timedelta(seconds=5))

    sweep_at(TUESDAY_10AM + datetime.timedelta(seconds=40))

    assert mailoutbox == []
    assert concern.reminders.get(kind="urgent_filed").cancelled_at is not None


def test_a_band_raised_to_high_is_sent_to_leads_as_a_filing_is(
    practitioner, lead, second_lead, mailoutbox
):
    concern = file_at(TUESDAY_10AM, practitioner, answers=MEDIUM_ANSWERS)
    raised_at = TUESDAY_10AM + 5 * MINUTE
    with time_machine.travel(raised_at, tick=False):
        concern_override_band(
            concern_id=concern.pk, from_band=2, to_band=3, reason="More is known", by=lead
        )

    sweep_at(raised_at + datetime.timedelta(seconds=settings.REMINDER_SWEEP_SECONDS))

    assert recipients(mailoutbox) == LEAD_ADDRESSES
    assert concern.reference in mailoutbox[0].subject
    assert kinds_sent(concern) == ["urgent_filed"]


def test_the_sweep_runs_often_enough_that_urgent_news_is_not_held_back():
    """Filing and raising a band publish nothing (a request never waits on the broker): the
    sweep is what sends, so it must run within seconds, not once a minute."""
    schedule = settings.CELERY_BEAT_SCHEDULE["sweep-reminders"]["schedule"]
    assert schedule == settings.REMINDER_SWEEP_SECONDS <= 15


def test_out_of_hours_urgent_reminders_tell_leads_to_call_the_emergency_duty_team(
    practitioner, lead, mailoutbox
):
    file_at(SATURDAY_10PM, practitioner)
    sweep_at(SATURDAY_10PM)

    message = mailoutbox[0]
    assert "Emergency Duty Team" in message.subject
    assert "out of office hours: call the Emergency Duty Team on 0845 6070 888" in message.body
    assert "0845 6070 888" in html_of(message)


def test_in_office_hours_urgent_reminders_point_to_mash(practitioner, lead, mailoutbox):
    file_at(TUESDAY_10AM, practitioner)
    sweep_at(TUESDAY_10AM)

    message = mailoutbox[0]
    assert "Call the Multi-Agency Safeguarding Hub on 0300 456 0108" in message.body
    assert "Emergency Duty Team" not in message.body


def test_follow_up_reminder_goes_to_the_lead_who_phoned_mash_after_24_hours(
    practitioner, lead, second_lead, mailoutbox
):
    concern = file_at(TUESDAY_10AM, practitioner)
    called_at = TUESDAY_10AM + 20 * MINUTE
    acknowledge(concern, lead, TUESDAY_10AM + 5 * MINUTE)
    record_mash_call(concern, lead, called_at)
    sweep_at(called_at)
    mailoutbox.clear()

    sweep_at(called_at + datetime.timedelta(hours=23, minutes=59))
    assert mailoutbox == []

    sweep_at(called_at + datetime.timedelta(hours=24))
    assert recipients(mailoutbox) == ["lead_a@example.invalid"]
    assert concern.reference in mailoutbox[0].subject
    assert "written follow-up" in mailoutbox[0].body
    assert_no_child_data(mailoutbox[0])


def test_follow_up_marked_sent_means_no_reminder(practitioner, lead, mailoutbox):
    concern = file_at(TUESDAY_10AM, practitioner)
    acknowledge(concern, lead, TUESDAY_10AM + 5 * MINUTE)
    record_mash_call(concern, lead, TUESDAY_10AM + 20 * MINUTE)
    sweep_at(TUESDAY_10AM + 20 * MINUTE)
    Referral.objects.filter(concern=concern).update(follow_up_sent_at=TUESDAY_10AM + 120 * MINUTE)
    mailoutbox.clear()

    sweep_at(TUESDAY_10AM + datetime.timedelta(days=2))

    assert mailoutbox == []
    assert concern.reminders.get(kind="follow_up").cancelled_at is not None


def test_unreviewed_concern_reminds_leads_after_one_working_day(
    practitioner, lead, second_lead, mailoutbox
):
    concern = file_at(FRIDAY_10AM, practitioner, answers=MEDIUM_ANSWERS)
    monday_10am = FRIDAY_10AM + datetime.timedelta(days=3)

    sweep_at(FRIDAY_10AM + datetime.timedelta(days=1))
    sweep_at(monday_10am - MINUTE)
    assert mailoutbox == []

    sweep_at(monday_10am)
    assert recipients(mailoutbox) == LEAD_ADDRESSES
    assert f"{concern.reference} (Medium) is waiting for review" in mailoutbox[0].subject
    assert "3\xa0days" in mailoutbox[0].body
    assert_no_child_data(mailoutbox[0])


def test_reviewed_concern_gets_no_review_reminder(practitioner, lead, mailoutbox):
    concern = file_at(FRIDAY_10AM, practitioner, answers=MEDIUM_ANSWERS)
    Concern.objects.filter(pk=concern.pk).update(
        status="closed", reviewed_at=FRIDAY_10AM + 60 * MINUTE
    )

    sweep_at(FRIDAY_10AM + datetime.timedelta(days=7))

    assert mailoutbox == []


def test_monitoring_review_reminds_the_practitioner_and_the_lead_on_the_review_date(
    practitioner, lead, second_lead, mailoutbox
):
    concern = file_at(FRIDAY_10AM, practitioner, answers=MEDIUM_ANSWERS)
    review_date = datetime.date(2026, 6, 12)
    with time_machine.travel(FRIDAY_10AM + 60 * MINUTE, tick=False):
        set_monitoring(concern, lead, review_date)

    sweep_at(datetime.datetime(2026, 6, 11, 23, 59, tzinfo=LONDON))
    assert mailoutbox == []

    sweep_at(datetime.datetime(2026, 6, 12, 9, 0, tzinfo=LONDON))
    assert recipients(mailoutbox) == ["lead_a@example.invalid", "practitioner_a@example.invalid"]
    assert "Monitoring review due" in mailoutbox[0].subject
    assert "12 June 2026" in mailoutbox[0].body
    for message in mailoutbox:
        assert_no_child_data(message)


def test_closed_monitoring_concern_gets_no_review_reminder(practitioner, lead, mailoutbox):
    concern = file_at(FRIDAY_10AM, practitioner, answers=MEDIUM_ANSWERS)
    set_monitoring(concern, lead, datetime.date(2026, 6, 12))
    Concern.objects.filter(pk=concern.pk).update(status="closed")

    sweep_at(datetime.datetime(2026, 6, 13, 9, 0, tzinfo=LONDON))

    assert mailoutbox == []


def test_each_reminder_is_sent_once_however_often_the_sweep_runs(
    practitioner, lead, second_lead, duty_manager, mailoutbox
):
    file_at(TUESDAY_10AM, practitioner)
    for minutes in (0, 0, 30, 30, 60, 61, 120):
        sweep_at(TUESDAY_10AM + minutes * MINUTE)

    # urgent filed and reminder to 2 leads each, escalation to 2 leads and a duty manager.
    assert len(mailoutbox) == 7
    assert Notification.objects.count() == 7


def test_fast_path_notifies_leads_and_the_sweep_does_not_repeat_it(
    practitioner, lead, second_lead, mailoutbox
):
    concern = file_at(TUESDAY_10AM, practitioner)
    with time_machine.travel(TUESDAY_10AM + datetime.timedelta(seconds=2), tick=False):
        notify_urgent(concern.pk)
    assert recipients(mailoutbox) == LEAD_ADDRESSES

    sweep_at(TUESDAY_10AM + MINUTE)
    with time_machine.travel(TUESDAY_10AM + 2 * MINUTE, tick=False):
        notify_urgent(concern.pk)

    assert len(mailoutbox) == 2
    assert kinds_sent(concern) == ["urgent_filed"]


def test_reminder_left_claimed_by_a_crashed_sender_goes_out_after_the_claim_expires(
    practitioner, lead, second_lead, mailoutbox
):
    concern = file_at(TUESDAY_10AM, practitioner)
    # A sender claimed it and sent to one lead, then died before finishing.
    reminder = concern.reminders.get(kind="urgent_filed")
    Reminder.objects.filter(pk=reminder.pk).update(claimed_at=TUESDAY_10AM)
    Notification.objects.create(
        reminder=reminder, recipient=lead, kind=reminder.kind, sent_at=TUESDAY_10AM
    )

    sweep_at(TUESDAY_10AM + MINUTE)
    assert mailoutbox == []

    sweep_at(TUESDAY_10AM + 3 * MINUTE)
    assert recipients(mailoutbox) == ["lead_b@example.invalid"]
    assert kinds_sent(concern) == ["urgent_filed"]


class BrokenMailServer:
    """Stands in for an SMTP server that is down (SMTP is outside the system under test)."""

    def __init__(self, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("mail server down")


def test_reminder_that_failed_to_send_is_sent_later_and_once(
    practitioner, lead, second_lead, mailoutbox, settings
):
    concern = file_at(TUESDAY_10AM, practitioner)
    settings.EMAIL_BACKEND = f"{__name__}.BrokenMailServer"
    assert sweep_at(TUESDAY_10AM) == 0
    assert Notification.objects.count() == 0

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    sweep_at(TUESDAY_10AM + 3 * MINUTE)
    sweep_at(TUESDAY_10AM + 6 * MINUTE)

    assert recipients(mailoutbox) == LEAD_ADDRESSES
    assert kinds_sent(concern) == ["urgent_filed"]


@pytest.mark.django_db(transaction=True)
def test_two_sweeps_at_once_send_each_reminder_once(
    practitioner, lead, second_lead, duty_manager, mailoutbox
):
    for _ in range(4):
        file_at(TUESDAY_10AM, practitioner)
    start = threading.Barrier(3)
    failures = []

    def sweep():
        try:
            start.wait()
            reminders_sweep()
        except Exception as exc:  # pragma: no cover - reported below
            failures.append(exc)
        finally:
            connection.close()

    with time_machine.travel(TUESDAY_10AM + 61 * MINUTE, tick=False):
        threads = [threading.Thread(target=sweep) for _ in range(3)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    assert failures == []
    # Per concern: urgent filed and reminder to 2 leads each, escalation to 3 people.
    assert len(mailoutbox) == 4 * 7
    assert Notification.objects.count() == 4 * 7
    sent_to = [(m.subject, m.to[0]) for m in mailoutbox]
    assert len(set(sent_to)) == len(sent_to)
