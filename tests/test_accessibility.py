"""Every page, as the role that uses it, scanned by axe-core at WCAG 2.0/2.1/2.2 A and AA."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

from .browser import sign_in
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
    page.get_by_role("button", name="File this concern").click()
    assert_no_axe_violations(page, "intake with errors")
