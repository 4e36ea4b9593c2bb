"""What an admin can and cannot do (trust issue item 4 and 5; the admin items of issue 17)."""

import pytest

from indicators.models import Indicator
from indicators.services import indicator_save

pytestmark = pytest.mark.django_db
LINK = '<a href="https://evil.example/">click</a>'
IMG = '<img src="x" onerror="alert(1)">'


def test_indicator_wording_typed_by_an_admin_is_shown_as_text_on_the_intake_form(
    practitioner_client, admin_user
):
    indicator = Indicator.objects.filter(active=True).first()
    indicator.text = f"Has new friends {LINK}"
    indicator.help_text = f"For example {IMG}"
    indicator_save(indicator=indicator, by=admin_user)

    page = practitioner_client.get("/concerns/new/").text

    assert LINK not in page and IMG not in page
    assert "Has new friends &lt;a href=" in page
    assert "For example &lt;img src=" in page
