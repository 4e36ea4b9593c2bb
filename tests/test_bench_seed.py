"""The benchmark's data set and pages: `seed_bench` makes what it promises, the app works on
that data, and no benchmarked page makes more queries when there is more data."""

import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Q
from django.utils import timezone

from accounts import roles
from benchtools.pages import bench_targets, benchmark_pages, count_queries
from concerns.models import Answer, Child, Concern, ReferenceCounter
from indicators.models import Indicator
from indicators.scoring import Result
from referrals.models import Notification, Referral, Reminder

from .forms import intake_post

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parent.parent


def seed(concerns: int) -> str:
    out = io.StringIO()
    call_command("seed_bench", concerns=concerns, stdout=out)
    return out.getvalue()


def test_seeding_500_concerns_adds_what_it_promises():
    seed(500)
    assert Concern.objects.count() == 500
    assert Child.objects.count() == 200
    assert User.objects.filter(groups__name=roles.PRACTITIONER).count() == 5
    assert User.objects.filter(groups__name=roles.LEAD).count() == 6
    questions = Indicator.objects.filter(active=True).count()
    assert Answer.objects.count() == 500 * questions == 7000
    urgent = Concern.objects.filter(band__gte=3)
    assert Referral.objects.count() == urgent.count() > 0
    assert set(Referral.objects.values_list("status", flat=True)) == set(Referral.Status.values)
    # A closed referral's concern is closed, as referral_close does.
    assert not Concern.objects.filter(referral__status="closed").exclude(status="closed").exists()
    # Notifications grow with concerns, not with leads times concerns.
    assert 0 < Notification.objects.count() <= 10 * Concern.objects.count()
    due_now = Reminder.objects.filter(
        due_at__lte=timezone.now(), sent_at__isnull=True, cancelled_at__isnull=True
    )
    assert due_now.count() == 5
    handled = Reminder.objects.filter(Q(sent_at__isnull=False) | Q(cancelled_at__isnull=False))
    assert handled.count() > 0.9 * Reminder.objects.count()
    assert Reminder.objects.filter(sent_at__isnull=False).count() > 300


def test_seeded_bands_follow_a_realistic_mix():
    seed(500)
    share = {band: Concern.objects.filter(band=band).count() / 500 for band in (1, 2, 3, 4)}
    assert 0.45 <= share[1] <= 0.65
    assert 0.20 <= share[2] <= 0.36
    assert 0.08 <= share[3] <= 0.20
    assert 0.02 <= share[4] <= 0.07


def test_dashboard_counts_add_up_after_seeding(client):
    seed(500)
    lead = User.objects.filter(groups__name=roles.LEAD).first()
    client.force_login(lead)
    by_band = dict(client.get("/triage/").context["summary"]["counts"]["by_band"])
    assert by_band["High"] == Concern.objects.filter(band=3).count()
    assert sum(by_band.values()) == 500


def test_seeded_concerns_carry_a_real_explanation_of_their_band():
    seed(300)
    for concern in Concern.objects.order_by("?")[:50]:
        result = Result.from_dict(concern.explanation)
        assert result.band == concern.band == concern.scored_band
        assert result.total == concern.total
        assert concern.age_years < 18
        answered = {a.key: a.answer for a in concern.answers.all()}
        for contribution in result.contributions:
            assert answered[contribution.key] == contribution.answer


def test_seeded_concerns_span_five_years_with_unique_references():
    seed(500)
    oldest = Concern.objects.order_by("filed_at").first()
    assert (timezone.now() - oldest.filed_at).days > 4 * 365
    for reference in Concern.objects.values_list("reference", flat=True):
        assert re.fullmatch(r"CSE-\d{4}-\d{6}", reference)


def test_a_concern_filed_after_seeding_takes_the_next_reference(client):
    seed(200)
    year = timezone.localdate().year
    last = ReferenceCounter.objects.get(year=year).last
    assert last == Concern.objects.filter(reference__startswith=f"CSE-{year}-").count()
    client.force_login(bench_targets().practitioner)
    response = client.post("/concerns/new/", intake_post())
    assert response.status_code == 302
    assert Concern.objects.order_by("-id").first().reference == f"CSE-{year}-{last + 1:06d}"


def test_the_app_works_on_seeded_data(client):
    seed(500)
    targets = bench_targets()
    client.force_login(targets.lead)
    page = client.get(f"/concerns/{targets.concern.reference}/")
    assert page.status_code == 200
    assert targets.concern.child.full_name in page.text
    client.force_login(targets.practitioner)
    mine = client.get("/concerns/")
    assert mine.status_code == 200
    newest = Concern.objects.filter(filed_by=targets.practitioner).latest("filed_at")
    assert newest.reference in mine.text


def test_every_benchmarked_page_that_exists_answers_on_seeded_data():
    seed(300)
    targets = bench_targets()
    for page in benchmark_pages(targets):
        if page.available:
            assert count_queries(page, targets).status in (200, 302), page.label


def test_no_benchmarked_page_makes_more_queries_with_more_data():
    seed(50)
    small = _query_counts()
    seed(250)
    assert Concern.objects.count() >= 300  # and the filings the first count posted
    assert _query_counts() == small


def _query_counts() -> dict[str, int]:
    targets = bench_targets()
    pages = [page for page in benchmark_pages(targets) if page.available]
    assert {"Concern page (lead)", "My concerns (practitioner)"} <= {p.label for p in pages}
    measured = {page.label: count_queries(page, targets) for page in pages}
    return {label: (m.cold_queries, m.queries) for label, m in measured.items()}


def test_seeding_refuses_a_database_not_named_for_benchmarks(monkeypatch):
    monkeypatch.setitem(settings.DATABASES["default"], "NAME", "cse_portal")
    with pytest.raises(CommandError, match="Refusing"):
        call_command("seed_bench", concerns=10, stdout=io.StringIO())
    assert not Concern.objects.exists()


def test_trivial_bench_view_is_not_routed_outside_benchmarks(client, lead):
    client.force_login(lead)
    assert client.get("/bench/ok").status_code == 404


def test_bench_settings_are_production_settings_relaxed_only_for_plain_http():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cse_portal.settings.bench",
        "SECRET_KEY": "bench-test",
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/cse_bench_data",
        "REDIS_URL": "redis://127.0.0.1:6379/6",
    }
    code = (
        "from django.conf import settings as s; "
        "print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, "
        "s.SESSION_COOKIE_NAME, s.REQUIRE_2FA, s.BENCH_VIEWS, "
        "s.DATABASES['default']['CONN_MAX_AGE'], s.SECURE_HSTS_SECONDS > 0, "
        "s.PASSWORD_HASHERS[0].rsplit('.', 1)[1])"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    assert out == [
        "False", "False", "False", "False", "sessionid", "False", "True", "60", "True",
        "Argon2PasswordHasher",
    ]  # fmt: skip
