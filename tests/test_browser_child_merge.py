"""The merge flow in a real browser: a lead finds the possible same child, compares the two
records, merges them, sees the joined chronology, and undoes the merge."""

import datetime

import pytest
from playwright.sync_api import expect

from .browser import sign_in
from .factories import child_details, file_test_concern

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_lead_merges_chloe_and_cloe_and_undoes_it(live_server, page, practitioner, lead):
    chloe = file_test_concern(
        filed_by=practitioner,
        child=child_details(
            first_name="Chloe",
            last_name="Green",
            date_of_birth=datetime.date(2013, 4, 9),
            school="Avon Valley College",
        ),
    )
    cloe = file_test_concern(
        filed_by=practitioner,
        child=child_details(
            first_name="Cloe",
            last_name="Green",
            date_of_birth=None,
            age_years=13,
            age_is_approximate=True,
            school="Avon Valley College",
        ),
    )
    sign_in(page, live_server.url, lead.username)

    page.get_by_role("link", name="Possible same child").click()
    page.get_by_role("link", name="Compare Chloe Green and Cloe Green").click()
    first_name = page.get_by_role("row", name="First name")
    expect(first_name).to_contain_text("Differs")
    page.get_by_label("Yes, the same child: merge the records").check()
    page.get_by_label("Why?").fill("Same school and year; the school confirmed the spelling.")
    page.get_by_role("button", name="Record the decision").click()

    expect(page.get_by_text("The records are merged")).to_be_visible()
    concerns = page.get_by_role("table", name="Concerns about this child")
    expect(concerns).to_contain_text(chloe.reference)
    expect(concerns).to_contain_text(cloe.reference)
    expect(page.get_by_role("table", name="Events about this child, oldest first")).to_contain_text(
        f"Merged with child record {cloe.child_id}"
    )

    page.get_by_role("link", name=f"Undo the merge of record {cloe.child_id}").click()
    page.get_by_label("Why undo this merge?").fill("Different children after all.")
    page.get_by_role("button", name="Undo the merge").click()

    expect(page.get_by_text("The merge is undone")).to_be_visible()
    concerns = page.get_by_role("table", name="Concerns about this child")
    expect(concerns).to_contain_text(chloe.reference)
    expect(concerns).not_to_contain_text(cloe.reference)
