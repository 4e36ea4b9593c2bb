"""Issue 15 done: an Immediate concern filed by a practitioner who had already phoned MASH,
worked by the duty lead through calls, the written referral and the outcome, and the
practitioner's feedback; a withdrawal after the band is lowered. In Debian's Chromium."""

import datetime
import re

import pytest
import time_machine
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from accounts import roles
from concerns.models import Concern
from indicators.models import Indicator
from referrals.models import DutyShift, Reminder
from referrals.reminders import reminders_sweep

from .browser import answer, sign_in
from .factories import HIGH_ANSWERS, UserFactory, file_test_concern
from .reminder_support import assert_no_child_data

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


def file_immediate_after_phoning_mash(page: Page, base_url: str) -> str:
    """Through every page of the sectioned intake, as a practitioner would."""
    page.goto(f"{base_url}/concerns/new/")
    answer(page, "Do you believe the child is at risk of significant harm right now?", "Yes")
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_role("link", name="Continue the concern").click()
    page.get_by_label("First name").fill("Zebedee")
    page.get_by_label("Last name").fill("Quartermaine")
    dob = page.get_by_role("group", name=re.compile("date of birth", re.I))
    dob.get_by_label("Day").fill("14")
    dob.get_by_label("Month").fill("3")
    dob.get_by_role("textbox", name="Year").fill("2012")
    answer(page, "Does the child have a learning disability?", "No")
    answer(page, "Is the child looked after by the local authority?", "No")
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_role("button", name="Save and continue").click()  # more about the child: not known
    for kind in ("indicator", "feature"):
        for indicator in Indicator.objects.filter(active=True, kind=kind):
            answer(page, indicator.text, "Yes" if indicator.key in HIGH else "No")
        if kind == "feature":
            answer(page, "Has the child disclosed sexual exploitation?", "No")
        page.get_by_role("button", name="Save and continue").click()
    page.get_by_label("What happened").fill(WHAT_HAPPENED)
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("heading", name=re.compile("People, vehicles"))).to_be_visible()
    page.get_by_role("button", name="Save and continue").click()  # nobody named

    expect(page.get_by_role("heading", name="About you")).to_be_visible()
    page.get_by_label("Your organisation").fill("Quillfeather Youth Service")
    page.get_by_label("Your phone number").fill("01632 960 123")
    prior = "Have you already contacted MASH, the Emergency Duty Team or the police?"
    answer(page, prior, "Yes, MASH")
    when = page.get_by_role("group", name="Date you contacted them")
    today = timezone.localdate()
    when.get_by_label("Day").fill(str(today.day))
    when.get_by_label("Month").fill(str(today.month))
    when.get_by_role("textbox", name="Year").fill(str(today.year))
    page.get_by_label("Time you contacted them").fill("00:05")
    page.get_by_label("Reference they gave you (optional)").fill("MASH-PHONED-1")
    page.get_by_role("button", name="Save and continue").click()

    expect(page.get_by_role("heading", name="Check your answers")).to_be_visible()
    expect(page.get_by_text("MASH-PHONED-1")).to_be_visible()
    page.get_by_role("button", name="File this concern").click()
    expect(page.get_by_role("heading", name="Concern filed")).to_be_visible()
    return Concern.objects.latest("filed_at").reference


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


def test_duty_lead_works_an_immediate_referral_from_first_alert_to_feedback(
    live_server, page: Page, team, mailoutbox
):
    sign_in(page, live_server.url, "filer")
    reference = file_immediate_after_phoning_mash(page, live_server.url)
    sign_out(page)

    assert mailoutbox == []  # the request sends nothing: the sweep (beat, every 10 s) does
    reminders_sweep()
    assert [m.to for m in mailoutbox] == [[team["duty"].email]]
    concern = Concern.objects.get(reference=reference)
    assert f"/referrals/{concern.referral.pk}/" in mailoutbox[0].body
    assert_no_child_data(mailoutbox[0])
    mailoutbox.clear()

    sign_in(page, live_server.url, "duty_lead")
    page.goto(f"{live_server.url}/referrals/{concern.referral.pk}/")
    expect(page.get_by_text("The practitioner had already contacted MASH")).to_contain_text(
        "MASH-PHONED-1"
    )
    assert_axe_clean(page)
    page.get_by_role("button", name=f"Acknowledge referral for {reference}").click()
    record_call(page, "No answer")
    record_call(page, "Spoke to someone", "MASH/2026/0099", "Sam Patel, MASH social worker")
    calls = page.get_by_role("table", name="Calls made, oldest first")
    expect(calls.get_by_role("row")).to_have_count(3)

    page.get_by_role("button", name="Generate the written referral (PDF)").click()
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("Download the written referral")).click()
    pdf = PdfReader(download.value.path())
    text = " ".join(" ".join(p.extract_text() for p in pdf.pages).split())
    for expected in (
        "14 March 2012",
        WHAT_HAPPENED,
        "Total score",
        "Quillfeather Youth Service",
        "01632 960 123",
        "MASH-PHONED-1",
    ):
        assert expected in text, expected
    assert "immediate" in text.lower()
    page.get_by_role("button", name=re.compile("record it as sent")).click()
    expect(page.get_by_text("The written referral is recorded as sent.")).to_be_visible()

    page.get_by_label("Strategy discussion").check()
    page.get_by_label("Note for safeguarding leads (optional)").fill("Private: police at 3pm")
    page.get_by_label("Note for the practitioner who filed the concern (optional)").fill(
        "Thank you: MASH is holding a strategy discussion today."
    )
    page.get_by_role("button", name="Record the outcome").click()
    expect(page.get_by_text("The outcome has been recorded.")).to_be_visible()
    assert_axe_clean(page)
    sign_out(page)

    reminders_sweep()
    updates = [m for m in mailoutbox if m.to == [team["practitioner"].email]]
    assert [m.subject for m in updates] == [f"There is an update on your concern {reference}"]
    assert_no_child_data(updates[0])

    sign_in(page, live_server.url, "filer")
    page.goto(f"{live_server.url}/concerns/{reference}/")
    expect(
        page.get_by_text("Thank you: MASH is holding a strategy discussion today.")
    ).to_be_visible()
    expect(page.get_by_text("Strategy discussion").first).to_be_visible()
    expect(page.get_by_text("Private: police at 3pm")).to_have_count(0)
