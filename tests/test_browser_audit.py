"""In a real browser: the lead opens a concern and finds their own view at the top of its
audit trail, under a strict CSP that still lets the start-up script run."""

import pytest
from playwright.sync_api import expect

from .factories import PASSWORD, file_test_concern


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_lead_sees_their_own_view_at_the_top_of_the_audit_trail(
    live_server, page, practitioner, lead
):
    concern = file_test_concern(filed_by=practitioner)
    csp_errors = []
    page.on(
        "console",
        lambda message: (
            csp_errors.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )

    page.goto(f"{live_server.url}/accounts/login/?next=/concerns/{concern.reference}/")
    page.get_by_label("Username").fill(lead.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    expect(page.get_by_role("heading", name="Who has looked at this record")).to_be_visible()
    trail = page.get_by_role("table", name="Who has looked at this record")
    first_row = trail.locator("tbody tr").first
    expect(first_row).to_contain_text(lead.username)
    expect(first_row).to_contain_text("Viewed")
    expect(first_row).to_contain_text("127.0.0.1")
    expect(trail.locator("tbody tr").last).to_contain_text("Filed the concern")
    expect(page.locator("body")).to_have_class(
        "govuk-template__body js-enabled govuk-frontend-supported"
    )
    assert csp_errors == []
