"""Every page, as the role that uses it, scanned by axe-core at WCAG 2.0/2.1/2.2 A and AA."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from intake import sections

from .browser import answer, file_through_the_sections, sign_in
from .factories import HIGH_ANSWERS, LOW_ANSWERS, file_test_concern

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


def assert_no_axe_violations(page: Page, label: str) -> None:
    results = Axe().run(
        page, options={"runOnly": {"type": "tag", "values": WCAG_AA}, "resultTypes": ["violations"]}
    )
    assert results.violations_count == 0, f"{label}:\n{results.generate_report()}"


def test_signed_out_pages_have_no_accessibility_violations(page: Page, live_server):
    for path in ("/accounts/login/", "/report-cse/"):
        page.goto(f"{live_server.url}{path}")
        assert_no_axe_violations(page, path)
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_role("button", name="Sign in").click()
    assert_no_axe_violations(page, "login with errors")


def test_practitioner_pages_have_no_accessibility_violations(page: Page, live_server, practitioner):
    urgent = file_test_concern(filed_by=practitioner, answers=HIGH_ANSWERS)
    routine = file_test_concern(filed_by=practitioner, answers=LOW_ANSWERS)
    sign_in(page, live_server.url, practitioner.username)
    paths = [
        "/concerns/",
        "/concerns/new/",
        f"/concerns/{urgent.reference}/filed/",
        f"/concerns/{routine.reference}/filed/",
        f"/concerns/{urgent.reference}/",
    ]
    for path in paths:
        page.goto(f"{live_server.url}{path}")
        assert_no_axe_violations(page, path)
    page.goto(f"{live_server.url}/concerns/new/")
    page.get_by_role("button", name="Save and continue").click()
    assert_no_axe_violations(page, "intake with errors")
    answer(page, "Do you believe the child is at risk of significant harm right now?", "Yes")
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("heading", name="Phone now")).to_be_visible()
    assert_no_axe_violations(page, "call now")
    page.get_by_role("link", name="Continue the concern").click()
    draft_url = page.url.rsplit("/", 2)[0]
    for section in sections.SECTIONS[1:]:
        page.goto(f"{draft_url}/{section.slug}/")
        assert_no_axe_violations(page, section.slug)
        page.get_by_role("button", name="Save and continue").click()
        assert_no_axe_violations(page, f"{section.slug} with errors")
    page.goto(f"{live_server.url}/concerns/new/")
    file_through_the_sections(page)
    expect(page.get_by_role("heading", name="Check your answers")).to_be_visible()
    assert_no_axe_violations(page, "check your answers")
    page.goto(f"{live_server.url}/concerns/new/")
    expect(page.get_by_text("Unfinished concerns")).to_be_visible()
    assert_no_axe_violations(page, "start with unfinished concerns")


def test_lead_pages_have_no_wcag_violations(page: Page, live_server, practitioner, lead):
    urgent = file_test_concern(filed_by=practitioner, answers=HIGH_ANSWERS)
    routine = file_test_concern(filed_by=practitioner, answers=LOW_ANSWERS)
    sign_in(page, live_server.url, lead.username)
    paths = [
        "/triage/",
        "/referrals/",
        f"/referrals/{urgent.referral.pk}/",
        f"/children/{urgent.child_id}/",
        f"/concerns/{urgent.reference}/",
        f"/concerns/{routine.reference}/",
        f"/triage/concerns/{routine.reference}/decision/",
        f"/triage/concerns/{urgent.reference}/band/",
        f"/triage/concerns/{urgent.reference}/audit-trail/",
        "/concerns/new/",
        f"/referrals/{urgent.referral.pk}/written/",
        f"/referrals/{urgent.referral.pk}/withdraw/",
    ]
    for path in paths:
        page.goto(f"{live_server.url}{path}")
        assert_no_axe_violations(page, path)
    page.goto(f"{live_server.url}/triage/concerns/{urgent.reference}/band/")
    page.get_by_role("button", name="Change the band").click()
    assert_no_axe_violations(page, "band override with errors")


def test_child_record_pages_have_no_wcag_violations(page: Page, live_server, practitioner, lead):
    from concerns.models import ChildMerge, PossibleMatch

    from .factories import child_details

    chloe = file_test_concern(
        filed_by=practitioner, child=child_details(first_name="Chloe", last_name="Green")
    )
    file_test_concern(
        filed_by=practitioner, child=child_details(first_name="Cloe", last_name="Green")
    )
    match = PossibleMatch.objects.get()
    sign_in(page, live_server.url, lead.username)
    for path in (
        "/children/possible-matches/",
        f"/children/possible-matches/{match.pk}/",
        f"/children/{chloe.child_id}/merge/",
        "/children/search/",
    ):
        page.goto(f"{live_server.url}{path}")
        assert_no_axe_violations(page, path)
    page.goto(f"{live_server.url}/children/search/")
    page.get_by_role("button", name="Search").click()
    assert_no_axe_violations(page, "child search with errors")
    page.get_by_label("Name").fill("Cloe")
    page.get_by_role("button", name="Search").click()
    assert_no_axe_violations(page, "child search results")
    page.goto(f"{live_server.url}/children/{chloe.child_id}/merge/")
    page.get_by_label("The other child record's number").fill(str(match.child_b_id))
    page.get_by_role("button", name="Compare the records").click()
    assert_no_axe_violations(page, "merge: compare")
    page.get_by_role("button", name="Merge these records").click()
    assert_no_axe_violations(page, "merge with errors")
    page.get_by_label("Why are these the same child?").fill("Same child.")
    page.get_by_role("button", name="Merge these records").click()
    assert_no_axe_violations(page, "chronology after a merge")
    page.goto(f"{live_server.url}/children/merges/{ChildMerge.objects.get().pk}/undo/")
    assert_no_axe_violations(page, "undo a merge")
    page.goto(f"{live_server.url}/concerns/{chloe.reference}/")
    assert_no_axe_violations(page, "concern page with the child summary")


def test_pages_of_the_referral_queue_have_no_wcag_violations(
    page: Page, live_server, practitioner, lead
):
    for _ in range(26):
        file_test_concern(filed_by=practitioner, answers=HIGH_ANSWERS)
    sign_in(page, live_server.url, lead.username)
    for path in ("/referrals/", "next"):
        if path == "next":
            page.get_by_role("link", name="Next").click()
        else:
            page.goto(f"{live_server.url}{path}")
        expect(page.get_by_role("navigation", name="Pages of open referrals")).to_be_visible()
        assert_no_axe_violations(page, path)


def test_two_factor_pages_have_no_wcag_violations(page: Page, live_server, lead, settings):
    from base64 import b32decode

    from django_otp.oath import totp

    settings.REQUIRE_2FA = True
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # the wrong code below must not delay the right one
    sign_in(page, live_server.url, lead.username)
    expect(page.get_by_role("heading", name="Set up two-factor authentication")).to_be_visible()
    assert_no_axe_violations(page, "two-factor setup")
    page.get_by_label("Security code").fill("000000")
    page.get_by_role("button", name="Continue").click()
    assert_no_axe_violations(page, "two-factor setup with errors")
    # What an app that cannot scan is given: the setup key, in groups of four.
    secret = page.locator(".app-secret-key").text_content().replace(" ", "")
    page.get_by_label("Security code").fill(f"{totp(b32decode(secret)):06d}")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_text("backup codes").first).to_be_visible()
    assert_no_axe_violations(page, "backup codes")
    page.context.clear_cookies()
    sign_in(page, live_server.url, lead.username)
    expect(page.get_by_label("Security code")).to_be_visible()
    assert_no_axe_violations(page, "two-factor verify")


def test_network_pages_have_no_wcag_violations(
    page: Page, live_server, practitioner, other_practitioner, lead
):
    from network.keys import EntityInput
    from network.models import Entity
    from network.services import possible_matches_offer

    from .network_support import file_naming, vehicle

    first = file_naming(filed_by=practitioner, entities=[vehicle("ab12cde")])
    file_naming(
        filed_by=other_practitioner,
        first_name="Riley",
        entities=[
            vehicle("AB12 CDE"),
            EntityInput(kind="place", name="Kebab King", place_type="takeaway", postcode="SP1 1AA"),
            EntityInput(kind="person", name="Dazza", approximate_age=25),
        ],
    )
    file_naming(filed_by=practitioner, entities=[EntityInput(kind="person", name="Daza")])
    possible_matches_offer()  # the worker's sweep: the Networks page lists Dazza and Daza
    car = Entity.objects.get(kind="vehicle")
    sign_in(page, live_server.url, lead.username)
    paths = [
        "/triage/",
        f"/concerns/{first.reference}/",
        f"/network/entities/{car.pk}/",
        f"/network/entities/{car.pk}/network/",
        f"/network/children/{first.child_id}/",
        f"/network/entities/{car.pk}/meeting-pack/",
        f"/network/entities/{car.pk}/edit/",
        "/network/",
        "/network/places/",
        f"/network/concerns/{first.reference}/add/phone/",
    ]
    for path in paths:
        page.goto(f"{live_server.url}{path}")
        assert_no_axe_violations(page, path)
    page.get_by_label("Phone number").fill("not a number")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Enter a phone number, like").first).to_be_visible()
    assert_no_axe_violations(page, "add a phone with errors")
    dazza = Entity.objects.get(name="Dazza")
    page.goto(f"{live_server.url}/network/entities/{dazza.pk}/merge/")
    assert_no_axe_violations(page, "merge another entry into a person")
    page.get_by_label("Name, nickname or postcode of the other person").fill("Daza")
    page.get_by_role("button", name="Find").click()
    expect(page.get_by_label("Daza: named in 1 concern")).to_be_visible()
    assert_no_axe_violations(page, "entries found to merge")
    page.get_by_role("button", name="Merge the chosen entry").click()
    expect(page.get_by_text("Choose the entry that is the same as this one").first).to_be_visible()
    assert_no_axe_violations(page, "merge with no entry chosen")
