import pytest
from django.urls import reverse

from concerns.models import Concern
from indicators.models import Indicator, ScoringPolicy

from .forms import intake_post

pytestmark = pytest.mark.django_db


def _edit_indicator_in_admin(client, indicator, **changes):
    url = reverse("admin:indicators_indicator_change", args=[indicator.pk])
    data = {
        "text": indicator.text,
        "help_text": indicator.help_text,
        "weight": indicator.weight,
        "order": indicator.order,
        "active": "on" if indicator.active else "",
        "versions-TOTAL_FORMS": "0",
        "versions-INITIAL_FORMS": "0",
        "versions-MIN_NUM_FORMS": "0",
        "versions-MAX_NUM_FORMS": "1000",
    }
    data.update(changes)
    response = client.post(url, data, follow=True)  # follow: the admin's message is shown
    assert response.redirect_chain, response.text[:2000]


def test_rewording_an_indicator_keeps_old_concerns_as_filed(client, practitioner, admin_user):
    client.force_login(practitioner)
    client.post("/concerns/new/", intake_post({"missing": "yes", "cars": "yes"}))
    old = Concern.objects.get()
    assert old.band_label == "Medium"

    client.force_login(admin_user)
    missing = Indicator.objects.get(key="missing")
    _edit_indicator_in_admin(client, missing, text="Often missing overnight", weight="1")

    client.force_login(practitioner)
    client.post("/concerns/new/", intake_post({"missing": "yes", "cars": "yes"}, first_name="Alex"))
    new = Concern.objects.exclude(pk=old.pk).get()

    old_page = client.get(reverse("concern_detail", args=[old.reference])).text
    new_page = client.get(reverse("concern_detail", args=[new.reference])).text
    old.refresh_from_db()
    assert old.band_label == "Medium"
    assert "Regularly missing from home or school" in old_page
    assert "Often missing overnight" not in old_page
    assert new.band_label == "Low"  # 1 + 3 = 4
    assert "Often missing overnight" in new_page
    assert Indicator.objects.get(key="missing").version == 2


def test_changing_thresholds_creates_a_new_policy_version(client, practitioner, admin_user):
    client.force_login(practitioner)
    client.post("/concerns/new/", intake_post({"missing": "yes", "cars": "yes"}))
    old = Concern.objects.get()

    client.force_login(admin_user)
    policy = ScoringPolicy.objects.get()
    response = client.post(
        reverse("admin:indicators_scoringpolicy_change", args=[policy.pk]),
        {
            "medium_threshold": "4",
            "high_threshold": "6",
            "young_age": "13",
            "repeat_count": "3",
            "repeat_days": "90",
        },
    )
    assert response.status_code == 302
    assert list(ScoringPolicy.objects.values_list("version", flat=True)) == [2, 1]

    client.force_login(practitioner)
    client.post("/concerns/new/", intake_post({"missing": "yes", "cars": "yes"}, first_name="Alex"))
    new = Concern.objects.exclude(pk=old.pk).get()
    old.refresh_from_db()
    assert (old.band_label, old.policy.version) == ("Medium", 1)
    assert (new.band_label, new.policy.version) == ("High", 2)


def test_thresholds_the_wrong_way_round_are_refused_in_admin(client, admin_user):
    client.force_login(admin_user)
    policy = ScoringPolicy.objects.get()
    response = client.post(
        reverse("admin:indicators_scoringpolicy_change", args=[policy.pk]),
        {
            "medium_threshold": "12",
            "high_threshold": "6",
            "young_age": "13",
            "repeat_count": "3",
            "repeat_days": "90",
        },
    )
    assert response.status_code == 200
    assert "The High threshold must be at least the Medium threshold" in response.text
    assert ScoringPolicy.objects.count() == 1


def test_admin_cannot_read_concern_content(client, admin_user, practitioner):
    client.force_login(practitioner)
    client.post("/concerns/new/", intake_post())
    concern = Concern.objects.get()
    client.force_login(admin_user)
    assert client.get("/admin/").status_code == 200
    assert client.get(reverse("concern_detail", args=[concern.reference])).status_code == 404
    assert "Jamie" not in client.get("/admin/").text


def test_the_policy_list_shows_thresholds_as_a_person_writes_them(client, admin_user):
    client.force_login(admin_user)

    page = client.get(reverse("admin:indicators_scoringpolicy_changelist")).text

    assert '<td class="field-medium_points">6</td>' in page
    assert '<td class="field-high_points">12</td>' in page
    assert "6.0" not in page
