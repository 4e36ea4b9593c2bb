"""The README's screenshots, taken from the real pages. `make screenshots` refreshes docs/."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from .browser import SCREENSHOTS, sign_in
from .factories import HIGH_ANSWERS, LOW_ANSWERS, MEDIUM_ANSWERS, child_details, file_test_concern

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DOCS = Path(__file__).resolve().parent.parent / "docs" / "screenshots"


def target_folder() -> Path:
    folder = DOCS if os.environ.get("UPDATE_SCREENSHOTS") == "1" else SCREENSHOTS
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_readme_screenshots_show_the_real_pages(page: Page, live_server, practitioner, lead):
    for index, answers in enumerate([LOW_ANSWERS, MEDIUM_ANSWERS, HIGH_ANSWERS]):
        file_test_concern(
            filed_by=practitioner,
            answers=answers,
            child=child_details(first_name=["Sam", "Alex", "Jo"][index], area="Trowbridge"),
        )
    urgent = file_test_concern(filed_by=practitioner, answers=HIGH_ANSWERS)
    folder = target_folder()
    page.set_viewport_size({"width": 1000, "height": 900})

    sign_in(page, live_server.url, practitioner.username)
    page.goto(f"{live_server.url}/concerns/new/")
    expect(page.get_by_role("heading", name="File a concern about a child")).to_be_visible()
    page.screenshot(path=str(folder / "intake.png"))
    page.goto(f"{live_server.url}/concerns/{urgent.reference}/filed/")
    expect(page.get_by_role("heading", name="Concern filed")).to_be_visible()
    page.screenshot(path=str(folder / "confirmation.png"))

    page.context.clear_cookies()
    sign_in(page, live_server.url, lead.username)
    page.goto(f"{live_server.url}/triage/")
    expect(page.get_by_role("heading", name="Triage")).to_be_visible()
    page.screenshot(path=str(folder / "triage.png"))
    page.goto(f"{live_server.url}/referrals/")
    expect(page.get_by_role("heading", name="Referral queue")).to_be_visible()
    page.screenshot(path=str(folder / "referral-queue.png"))

    for name in ("intake", "confirmation", "triage", "referral-queue"):
        assert (folder / f"{name}.png").stat().st_size > 10_000
