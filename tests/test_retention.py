"""Retention: `manage.py purge_expired` deletes closed concerns past the admin-set period with
everything hanging off them, keeps the audit trail, and records that it ran."""

import datetime
import io

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from audit.models import AuditEvent
from concerns.models import Addendum, Answer, BandOverride, Child, Concern, RetentionPolicy
from concerns.services import addendum_add
from referrals.models import Notification, Referral, Reminder

from .factories import HIGH_ANSWERS, LOW_ANSWERS, child_details, file_test_concern

pytestmark = pytest.mark.django_db
YEAR = datetime.timedelta(days=365)
SEVEN_YEARS = 2555


@pytest.fixture(autouse=True)
def seven_year_period(db):
    """The purge's workings, tested with a shorter period than the default 75 years
    (tests/test_retention_period.py)."""
    RetentionPolicy.objects.update(closed_concern_retention_days=SEVEN_YEARS)


def _file_closed(*, by, ago, answers=LOW_ANSWERS, child=None, lead=None) -> Concern:
    """A concern filed and closed `ago` in the past, with an addendum, an override and a
    notification sent for one of its reminders."""
    with time_machine.travel(timezone.now() - ago, tick=False):
        concern = file_test_concern(filed_by=by, answers=answers, child=child)
        addendum_add(concern=concern, author=by, text="More detail")
        BandOverride.objects.create(
            concern=concern, from_band=concern.band, to_band=4, reason="Known to police", by=by
        )
        reminder = concern.reminders.first()
        Notification.objects.create(
            reminder=reminder, recipient=lead or by, kind=reminder.kind, sent_at=timezone.now()
        )
        Concern.objects.filter(pk=concern.pk).update(
            status=Concern.Status.CLOSED, status_changed_at=timezone.now()
        )
    return concern


def _purge(*args) -> str:
    out = io.StringIO()
    call_command("purge_expired", *args, stdout=out)
    return out.getvalue()


def test_closed_concern_past_retention_is_deleted_with_everything_attached(practitioner, lead):
    old = _file_closed(by=practitioner, ago=8 * YEAR, answers=HIGH_ANSWERS, lead=lead)
    assert Referral.objects.filter(concern=old).exists()

    output = _purge()

    assert old.reference in output
    assert not Concern.objects.filter(pk=old.pk).exists()
    for model in (Answer, Addendum, BandOverride, Referral, Reminder, Notification, Child):
        assert not model.objects.exists(), model.__name__


def test_no_concern_is_deleted_while_the_child_has_an_open_one(practitioner):
    same_child = child_details(date_of_birth=datetime.date(2012, 3, 14))
    old = _file_closed(by=practitioner, ago=8 * YEAR, child=same_child)
    still_open = file_test_concern(filed_by=practitioner, child=same_child)
    assert still_open.child_id == old.child_id

    output = _purge()

    assert Concern.objects.filter(pk=old.pk).exists()
    assert "Nothing is past its retention period" in output


def test_a_child_with_another_closed_concern_within_the_period_is_kept(practitioner):
    same_child = child_details(date_of_birth=datetime.date(2012, 3, 14))
    old = _file_closed(by=practitioner, ago=8 * YEAR, child=same_child)
    recent = _file_closed(by=practitioner, ago=1 * YEAR, child=same_child)
    assert recent.child_id == old.child_id

    _purge()

    assert not Concern.objects.filter(pk=old.pk).exists()
    assert Child.objects.filter(pk=old.child_id).exists()
    assert Concern.objects.filter(pk=recent.pk).exists()


@pytest.mark.parametrize("status", [Concern.Status.NEW, Concern.Status.MONITORING])
def test_concerns_that_are_not_closed_are_kept_however_old(practitioner, status):
    old = _file_closed(by=practitioner, ago=8 * YEAR)
    Concern.objects.filter(pk=old.pk).update(status=status)

    _purge()

    assert Concern.objects.filter(pk=old.pk).exists()


def test_a_closed_concern_changed_recently_is_kept(practitioner):
    old = _file_closed(by=practitioner, ago=8 * YEAR)
    addendum_add(concern=old, author=practitioner, text="Still relevant: sibling referred")

    output = _purge()

    assert Concern.objects.filter(pk=old.pk).exists()
    assert "Nothing is past its retention period" in output


def test_a_closed_concern_within_the_period_is_kept(practitioner):
    recent = _file_closed(by=practitioner, ago=6 * YEAR)

    _purge()

    assert Concern.objects.filter(pk=recent.pk).exists()


def test_the_period_is_the_one_an_admin_set(practitioner):
    concern = _file_closed(by=practitioner, ago=2 * YEAR)
    RetentionPolicy.objects.update(closed_concern_retention_days=365)

    _purge()

    assert not Concern.objects.filter(pk=concern.pk).exists()


def test_dry_run_deletes_nothing_but_says_what_it_would_and_is_audited(practitioner):
    old = _file_closed(by=practitioner, ago=8 * YEAR)

    output = _purge("--dry-run")

    assert f"Would delete 1 closed concern(s):\n  {old.reference}" in output
    assert "concerns.Answer: 14" in output
    assert Concern.objects.filter(pk=old.pk).exists()
    assert Answer.objects.filter(concern=old).count() == 14
    run = AuditEvent.objects.get(action="retention.dry_run")
    assert run.detail["references"] == [old.reference]


def test_the_purge_is_audited_with_references_and_counts_but_no_child_data(practitioner):
    old = _file_closed(by=practitioner, ago=8 * YEAR)

    _purge()

    run = AuditEvent.objects.get(action="retention.purged")
    assert run.detail["references"] == [old.reference]
    assert run.detail["retention_days"] == 2555
    assert run.detail["counts"]["concerns.Concern"] == 1
    assert run.detail["counts"]["concerns.Child"] == 1
    assert run.detail["counts"]["concerns.Answer"] == 14
    assert "Jamie" not in str(run.detail) and "Example" not in str(run.detail)


def test_the_audit_trail_of_a_purged_concern_is_kept(practitioner):
    old = _file_closed(by=practitioner, ago=8 * YEAR)
    before = AuditEvent.objects.filter(object_ref=old.reference).count()

    _purge()

    assert before >= 2
    assert AuditEvent.objects.filter(object_ref=old.reference).count() == before


def test_a_run_with_nothing_to_delete_is_still_audited():
    output = _purge()

    assert "Nothing is past its retention period" in output
    assert AuditEvent.objects.get(action="retention.purged").detail["references"] == []


def test_admin_cannot_set_a_retention_period_under_thirty_days(client, admin_user):
    client.force_login(admin_user)
    policy = RetentionPolicy.objects.get()

    response = client.post(
        f"/admin/concerns/retentionpolicy/{policy.pk}/change/",
        {"closed_concern_retention_days": "7"},
    )

    assert "at least 30 days" in response.text
    policy.refresh_from_db()
    assert policy.closed_concern_retention_days == 2555
