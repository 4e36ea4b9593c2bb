"""A safeguarding lead's morning in a real browser (Debian's Chromium through Playwright)."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from accounts import roles
from referrals.services import referral_acknowledge

from .browser import sign_in
from .factories import (
    HIGH_ANSWERS,
    MEDIUM_ANSWERS,
    UserFactory,
    child_details,
    file_test_concern,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_out(page):
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()


@pytest.fixture
def people(db):
    return {
        "practitioner": UserFactory(username="practitioner_a", role=roles.PRACTITIONER),
        "lead": UserFactory(username="lead_a", role=roles.LEAD),
    }


def test_lead_works_an_urgent_referral_and_the_practitioner_sees_the_outcome(
    live_server, page, people
):
    practitioner, lead = people["practitioner"], people["lead"]
    older = file_test_concern(
        filed_by=practitioner, answers=HIGH_ANSWERS, child=child_details(first_name="Alex")
    )
    referral_acknowledge(referral_id=older.referral.pk, by=lead)  # in hand: lower in the queue
    file_test_concern(
        filed_by=practitioner, answers=MEDIUM_ANSWERS, child=child_details(first_name="Kim")
    )
    urgent = file_test_concern(
        filed_by=practitioner, answers=HIGH_ANSWERS, child=child_details(first_name="Jo")
    )

    sign_in(page, live_server.url, "lead_a")
    expect(page.get_by_role("heading", name="Triage", exact=True)).to_be_visible()
    page.get_by_role("link", name="Referral queue", exact=True).click()

    queue = page.get_by_role("list", name="Open referrals")
    expect(queue.get_by_role("heading").first).to_have_text(f"{urgent.reference}: Jo Example")
    expect(queue).not_to_contain_text("Kim Example")
    page.get_by_role("button", name=f"Acknowledge referral for {urgent.reference}").click()
    expect(page.get_by_text("You have acknowledged this referral")).to_be_visible()

    page.get_by_label("MASH (Multi-Agency Safeguarding Hub)").check()
    page.get_by_label("Spoke to someone").check()
    page.get_by_label("Who did you speak to?").fill("Sam Patel, MASH social worker")
    page.get_by_label("Reference they gave you (optional)").fill("MASH/2026/0042")
    page.get_by_role("button", name="Record the call").click()
    expect(page.get_by_text("The call has been recorded.")).to_be_visible()
    expect(page.get_by_text("MASH/2026/0042").first).to_be_visible()

    page.get_by_label("Strategy discussion").check()
    page.get_by_label("Note for safeguarding leads (optional)").fill(
        "Strategy meeting booked for Thursday"
    )
    page.get_by_role("button", name="Record the outcome").click()
    expect(page.get_by_text("The outcome has been recorded.")).to_be_visible()
    sign_out(page)

    sign_in(page, live_server.url, "practitioner_a")
    row = page.get_by_role("row").filter(has_text=urgent.reference)
    expect(row).to_contain_text("Outcome recorded: Strategy discussion")
    row.get_by_role("link", name=urgent.reference).click()
    expect(page.get_by_text("Outcome recorded: Strategy discussion")).to_be_visible()
    expect(page.get_by_text("Strategy meeting booked for Thursday")).to_have_count(0)


def test_lead_filters_the_dashboard_and_opens_a_chronology(live_server, page, people):
    practitioner = people["practitioner"]
    for name, answers in (("Jo", MEDIUM_ANSWERS), ("Kim", HIGH_ANSWERS), ("Jo", MEDIUM_ANSWERS)):
        file_test_concern(
            filed_by=practitioner, answers=answers, child=child_details(first_name=name)
        )
    sign_in(page, live_server.url, "lead_a")
    page.get_by_label("Band", exact=True).select_option(label="Medium")
    page.get_by_role("button", name="Apply filters").click()
    results = page.get_by_role("table", name="Concerns matching the filters")
    expect(results.get_by_role("row")).to_have_count(3)  # the header and two concerns
    expect(results).not_to_contain_text("Kim Example")

    page.get_by_label("Child's name or concern reference").fill("Kim")
    page.get_by_label("Band", exact=True).select_option(label="Any band")
    page.get_by_role("button", name="Apply filters").click()
    expect(page).not_to_have_url(re.compile("Kim"))
    expect(results).to_contain_text("Kim Example")

    page.goto(f"{live_server.url}/triage/")
    results.get_by_role("link", name="Chronology for Jo Example").first.click()
    expect(page.get_by_role("heading", name="Jo Example")).to_be_visible()
    expect(
        page.get_by_role("table", name="Concerns about this child").get_by_role("row")
    ).to_have_count(3)


def test_lead_pages_have_no_accessibility_violations(live_server, page, people):
    practitioner = people["practitioner"]
    urgent = file_test_concern(filed_by=practitioner, answers=HIGH_ANSWERS)
    file_test_concern(filed_by=practitioner, answers=MEDIUM_ANSWERS)
    sign_in(page, live_server.url, "lead_a")
    axe = Axe()
    paths = [
        "/triage/",
        "/referrals/",
        f"/referrals/{urgent.referral.pk}/",
        f"/children/{urgent.child_id}/",
        f"/triage/concerns/{urgent.reference}/band/",
        f"/concerns/{urgent.reference}/",
    ]
    for path in paths:
        page.goto(f"{live_server.url}{path}")
        results = axe.run(page)
        assert results.violations_count == 0, f"{path}\n{results.generate_report()}"
