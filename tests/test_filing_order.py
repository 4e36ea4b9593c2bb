"""Newest first and reference order agree: a concern's filing time is read once its reference
number is held, so a filing that waited for the number never carries an earlier time."""

import threading

import pytest
from django.db import connection, transaction
from django.utils import timezone

from concerns.models import Concern, ReferenceCounter

from .factories import file_test_concern
from .reminder_support import wait_for

pytestmark = pytest.mark.django_db(transaction=True)


def waiting_on_a_lock() -> bool:
    with connection.cursor() as cursor:
        # Inside a transaction PostgreSQL keeps showing its first look at the activity.
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE wait_event_type = 'Lock' AND datname = current_database()"
        )
        return cursor.fetchone()[0] > 0


def file_in_thread(user, filed: list) -> threading.Thread:
    def run():
        try:
            filed.append(file_test_concern(filed_by=user))
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def test_a_filing_that_waited_for_its_reference_is_timed_after_the_wait(practitioner):
    year = timezone.localdate().year
    ReferenceCounter.objects.create(year=year, last=0)
    filed: list[Concern] = []
    with transaction.atomic():
        # Another filing holds the year's counter, as it does until it commits.
        ReferenceCounter.objects.select_for_update().get(year=year)
        thread = file_in_thread(practitioner, filed)
        assert wait_for(waiting_on_a_lock)
        released_at = timezone.now()
    thread.join(timeout=30)

    assert filed[0].filed_at >= released_at


def test_references_and_filing_times_are_in_the_same_order_under_parallel_filing(
    practitioner,
):
    filed: list[Concern] = []
    threads = [file_in_thread(practitioner, filed) for _ in range(8)]
    for thread in threads:
        thread.join(timeout=60)

    by_reference = list(Concern.objects.order_by("reference").values_list("pk", flat=True))
    by_time = list(Concern.objects.order_by("filed_at").values_list("pk", flat=True))
    assert len(by_reference) == 8
    assert by_reference == by_time
