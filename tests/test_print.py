"""Printing a concern or a referral gives a one-page summary for the case file."""

import re

import pytest
from playwright.sync_api import Page

from .browser import sign_in
from .factories import HIGH_ANSWERS, file_test_concern

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def printed(page: Page) -> tuple[int, str]:
    """The number of A4 pages the browser prints, and the text a printout shows."""
    page.emulate_media(media="print")
    pdf = page.pdf(format="A4")
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    visible_text = page.locator("body").inner_text()
    return pages, visible_text


@pytest.mark.parametrize("which", ["concern", "referral"])
def test_printing_gives_one_page_with_reference_band_explanation_and_contacts(
    page: Page, live_server, practitioner, lead, which
):
    concern = file_test_concern(filed_by=practitioner, answers=HIGH_ANSWERS)
    sign_in(page, live_server.url, lead.username)
    path = (
        f"/concerns/{concern.reference}/"
        if which == "concern"
        else f"/referrals/{concern.referral.pk}/"
    )
    page.goto(f"{live_server.url}{path}")
    pages, text = printed(page)
    assert pages == 1
    for expected in (
        concern.reference,
        "High",
        "How the band was worked out",
        "0300 456 0108",
        "0845 6070 888",
        "999",
    ):
        assert expected in text
    for hidden in ("Sign out", "Add to this concern", "Acknowledge"):
        assert hidden not in text
