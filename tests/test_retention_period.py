"""The retention period: 75 years by default (IICSA, 2022), counted from the later of the
child's date of birth and the concern's last change."""

import datetime

import pytest
from django.db.models import F
from django.utils import timezone

from concerns.models import Addendum, BandOverride, Concern, RetentionPolicy

from .factories import child_details
from .test_retention import YEAR, _file_closed, _purge

pytestmark = pytest.mark.django_db


def _back_in_time(concern: Concern, years: int) -> None:
    """Every date the period counts from, moved back (time travel to the 1950s upsets caches)."""
    back = years * YEAR
    Concern.objects.filter(pk=concern.pk).update(
        filed_at=F("filed_at") - back, status_changed_at=F("status_changed_at") - back
    )
    Addendum.objects.filter(concern=concern).update(created_at=F("created_at") - back)
    BandOverride.objects.filter(concern=concern).update(at=F("at") - back)


def test_by_default_a_closed_concern_is_kept_for_75_years(practitioner):
    assert RetentionPolicy.objects.get().closed_concern_retention_days == 27394  # 75 × 365.25
    born_long_ago = child_details(date_of_birth=datetime.date(1940, 1, 1), age_years=15)
    at_74 = _file_closed(by=practitioner, ago=10 * YEAR, child=born_long_ago)
    at_76 = _file_closed(by=practitioner, ago=10 * YEAR, child=child_details(date_of_birth=None))
    _back_in_time(at_74, 64)
    _back_in_time(at_76, 66)

    _purge()

    assert Concern.objects.filter(pk=at_74.pk).exists()
    assert not Concern.objects.filter(pk=at_76.pk).exists()


def test_the_period_counts_from_the_childs_birth_when_that_is_later(practitioner):
    # A date of birth after the concern (typed wrongly, or an unborn child) keeps it longer.
    RetentionPolicy.objects.update(closed_concern_retention_days=2555)
    born_later = child_details(date_of_birth=timezone.localdate() - 2 * YEAR)
    concern = _file_closed(by=practitioner, ago=8 * YEAR, child=born_later)

    _purge()

    assert Concern.objects.filter(pk=concern.pk).exists()
