"""The nightly look for duplicate child records, run by a real Celery worker on Redis."""

import pytest
from django.conf import settings

from concerns.models import PossibleMatch
from concerns.tasks import find_possible_duplicates

from .factories import child_details, file_test_concern
from .reminder_support import running_worker, wait_for

pytestmark = pytest.mark.django_db(transaction=True)


def test_beat_runs_the_duplicate_check_every_night():
    entry = settings.CELERY_BEAT_SCHEDULE["find-possible-duplicates"]

    assert entry["task"] == find_possible_duplicates.name
    assert entry["schedule"].hour == {2}


def test_worker_puts_records_made_before_matching_to_the_leads(practitioner):
    chloe = file_test_concern(
        filed_by=practitioner, child=child_details(first_name="Chloe", last_name="Green")
    )
    cloe = file_test_concern(
        filed_by=practitioner, child=child_details(first_name="Cloe", last_name="Green")
    )
    PossibleMatch.objects.all().delete()  # as if both were filed before matching existed

    with running_worker():
        find_possible_duplicates.delay()
        assert wait_for(lambda: PossibleMatch.objects.exists())

    pair = PossibleMatch.objects.get()
    assert {pair.child_a_id, pair.child_b_id} == {chloe.child_id, cloe.child_id}
    assert pair.found_by == "nightly"
