"""Issue 15 done: an Immediate concern filed by a practitioner who had already phoned MASH,
worked by the duty lead through calls, the written referral and the outcome, and the
practitioner's feedback; a withdrawal after the band is lowered. In Debian's Chromium."""

import datetime

import pytest
import time_machine
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from playwright.sync_api import Page, expect

from accounts import roles
from referrals.models import DutyShift, Reminder
from referrals.reminders import reminders_sweep

from .browser import sign_in
from .factories import HIGH_ANSWERS, UserFactory, file_test_concern

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WHAT_HAPPENED = "Picked up from the Quillfeather bus station by a man in a grey van."
HIGH = {"missing", "cars", "older_friend", "gifts", "phone"}


@pytest.fixture
def team(db):
    duty = UserFactory(username="duty_lead", first_name="Dana", last_name="Duty", role=roles.LEAD)
    other = UserFactory(username="other_lead", role=roles.LEAD)
    manager = UserFactory(username="manager", role=roles.DUTY_MANAGER)
    practitioner = UserFactory(username="filer", role=roles.PRACTITIONER)
    today = timezone.localdate()
    for period in ("office", "out"):
        DutyShift.objects.create(day=today, period=period, lead=duty)
    return {"duty": duty, "other": other, "manager": manager, "practitioner": practitioner}


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()


def record_call(page: Page, result: str, reference: str = "", spoke_to: str = "") -> None:
    page.get_by_label("MASH (Multi-Agency Safeguarding Hub)").check()
    page.get_by_label(result).check()
    if spoke_to:
        page.get_by_label("Who did you speak to?").fill(spoke_to)
    page.get_by_label("Reference they gave you (optional)").fill(reference)
    page.get_by_role("button", name="Record the call").click()
    expect(page.get_by_text("The call has been recorded.")).to_be_visible()


def assert_axe_clean(page: Page) -> None:
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def test_lead_withdraws_a_referral_after_lowering_its_band_and_no_reminder_goes(
    live_server, page: Page, team, mailoutbox
):
    concern = file_test_concern(filed_by=team["practitioner"], answers=HIGH_ANSWERS)
    reminders_sweep()
    mailoutbox.clear()
    sign_in(page, live_server.url, "duty_lead")
    page.goto(f"{live_server.url}/triage/concerns/{concern.reference}/band/")
    page.get_by_role("group", name="New band").get_by_label("Medium").check()
    page.get_by_label("Reason for changing the band").fill("The older friend is a cousin.")
    page.get_by_role("button", name="Change the band").click()
    expect(page.get_by_role("heading", name="Withdraw the referral")).to_be_visible()
    assert_axe_clean(page)
    page.get_by_label("Why are you withdrawing this referral?").fill("Band lowered to Medium.")
    page.get_by_role("button", name="Withdraw the referral").click()
    expect(page.get_by_text("The referral is withdrawn.")).to_be_visible()

    later = timezone.now() + datetime.timedelta(days=2)
    with time_machine.travel(later, tick=False):
        reminders_sweep()
    assert [m.to for m in mailoutbox] == [[team["other"].email]]  # told of the withdrawal only
    assert "withdrawn" in mailoutbox[0].subject
    unsent = Reminder.objects.filter(concern=concern, sent_at__isnull=True)
    assert not unsent.filter(cancelled_at__isnull=True).exists()


def test_the_queue_announces_a_new_urgent_referral_without_a_reload(live_server, page: Page, team):
    sign_in(page, live_server.url, "duty_lead")
    page.goto(f"{live_server.url}/referrals/")
    region = page.get_by_role("status")
    expect(region).to_have_attribute("aria-live", "polite")
    concern = file_test_concern(filed_by=team["practitioner"], answers=HIGH_ANSWERS)
    expect(region).to_contain_text(f"New urgent referral: {concern.reference}, High")
    assert_axe_clean(page)
    page.goto(f"{live_server.url}/triage/")
    second = file_test_concern(filed_by=team["practitioner"], answers=HIGH_ANSWERS)
    expect(page.get_by_role("status")).to_contain_text(second.reference)
