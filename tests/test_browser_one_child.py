"""Issue 13's done-when in Chromium, through the real pages: one practitioner files "Chloe
Green" with a date of birth through the sectioned intake by keyboard, another files "Cloe
Green" (about 13, the same school); the second is not joined to the first; the lead finds the
pair on Possible same child and merges it; the chronology and the concern page show the
joined history and suggest a re-screen. Neither practitioner learns the other's concern or
child exists, before or after the merge."""

import datetime
import re

import pytest
from playwright.sync_api import Page, expect

from concerns.models import Concern

from .factories import child_details, file_test_concern
from .intake_walk import file_by_keyboard, press, sign_in_as, tab_to
from .test_accessibility import assert_no_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCHOOL = "Avon Valley College"


def _thirteen_today() -> datetime.date:
    today = datetime.date.today()
    return today.replace(year=today.year - 13) - datetime.timedelta(days=100)


def _sees_nothing_of(page: Page, base_url: str, other: Concern, own: Concern, words) -> None:
    """The practitioner's own pages name only their concern; the other concern's and child's
    addresses answer as if there were nothing there."""
    page.goto(f"{base_url}/concerns/")
    listed = page.get_by_role("table")
    expect(listed).to_contain_text(own.reference)
    expect(listed).not_to_contain_text(other.reference)
    page.goto(f"{base_url}/concerns/{own.reference}/")
    body = page.locator("main")
    for word in words:
        expect(body).not_to_contain_text(word)
    expect(body).not_to_contain_text(other.reference)
    expect(body).not_to_contain_text("other concern")
    missing = page.goto(f"{base_url}/concerns/{other.reference}/")
    assert missing.status == 404
    no_such = page.goto(f"{base_url}/concerns/CSE-0000-999999/")
    assert no_such.status == 404
    # The two refusals are the same page: nothing tells a real reference from a made-up one.
    assert page.locator("main").inner_text() == _main_text(page, base_url, other.reference)
    for path in (f"/children/{other.child_id}/", f"/network/children/{other.child_id}/"):
        refused = page.goto(f"{base_url}{path}")
        assert refused.status == 403, path
        for word in words:
            expect(page.locator("body")).not_to_contain_text(word)
    assert_no_axe_violations(page, "refused")


def _main_text(page: Page, base_url: str, reference: str) -> str:
    page.goto(f"{base_url}/concerns/{reference}/")
    return page.locator("main").inner_text()


def test_chloe_and_cloe_are_kept_apart_at_filing_joined_by_the_lead_and_unseen_by_each_filer(
    page: Page, live_server, practitioner, other_practitioner, lead
):
    url = live_server.url
    # A week ago the same practitioner filed about Chloe once already.
    earlier = file_test_concern(
        filed_by=practitioner,
        child=child_details(
            first_name="Chloe", last_name="Green", date_of_birth=_thirteen_today(), school=SCHOOL
        ),
    )
    page.set_viewport_size({"width": 375, "height": 800})
    chloe_ref = file_by_keyboard(
        page,
        url,
        practitioner,
        first_name="Chloe",
        last_name="Green",
        date_of_birth=_thirteen_today(),
        school=SCHOOL,
    )
    cloe_ref = file_by_keyboard(
        page, url, other_practitioner, first_name="Cloe", last_name="Green", age=13, school=SCHOOL
    )
    chloe = Concern.objects.get(reference=chloe_ref)
    cloe = Concern.objects.get(reference=cloe_ref)
    assert chloe.child_id == earlier.child_id  # same name and date of birth: the same child
    assert cloe.child_id != chloe.child_id  # a similar name only: never joined automatically

    page.goto(f"{url}/concerns/{cloe_ref}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Cloe Green")
    assert_no_axe_violations(page, "the filer's concern page")
    _sees_nothing_of(page, url, chloe, cloe, ["Chloe", earlier.reference])

    sign_in_as(page, url, lead)
    page.set_viewport_size({"width": 1280, "height": 900})
    tab_to(page, page.get_by_role("link", name="Possible same child"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Possible same child")
    assert_no_axe_violations(page, "possible same child")
    tab_to(page, page.get_by_role("link", name="Compare Chloe Green and Cloe Green"))
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/children/possible-matches/\d+/$"))
    expect(page.get_by_role("row", name="First name")).to_contain_text("Differs")
    assert_no_axe_violations(page, "compare")
    decision = page.get_by_role("group", name="Are these the same child?")
    tab_to(page, decision.get_by_role("radio").first)
    page.keyboard.press("Space")
    expect(page.get_by_label("Yes, the same child: merge the records")).to_be_checked()
    tab_to(page, page.get_by_label("Why?"))
    page.keyboard.type("Same school and year; the school confirmed the spelling.")
    press(page, "Record the decision")

    expect(page.get_by_text("The records are merged")).to_be_visible()
    concerns = page.get_by_role("table", name="Concerns about this child")
    for reference in (earlier.reference, chloe_ref, cloe_ref):
        expect(concerns).to_contain_text(reference)
    events = page.get_by_role("table", name="Events about this child, oldest first")
    expect(events).to_contain_text(f"Merged with child record {cloe.child_id}")
    banner = page.get_by_role("region", name="Re-screen")
    expect(banner).to_contain_text("1 concern would have had a higher band")
    expect(banner.get_by_role("button", name=f"Re-screen {cloe_ref} as Medium")).to_be_visible()
    assert_no_axe_violations(page, "chronology after the merge")

    page.goto(f"{url}/concerns/{cloe_ref}/")
    summary = page.locator(".app-child-summary")
    expect(summary).to_contain_text("2 other concerns about this child")
    expect(summary).to_contain_text("1 concern would have had a higher band")
    expect(summary.get_by_role("link", name="Open the chronology")).to_have_attribute(
        "href", re.compile(f"/children/{chloe.child_id}/$")
    )
    assert_no_axe_violations(page, "the lead's concern page after the merge")

    # After the merge, still nothing of each other.
    sign_in_as(page, url, other_practitioner)
    _sees_nothing_of(page, url, chloe, Concern.objects.get(pk=cloe.pk), ["Chloe"])
    sign_in_as(page, url, practitioner)
    _sees_nothing_of(page, url, Concern.objects.get(pk=cloe.pk), chloe, ["Cloe"])
