"""Celery tasks for child records: thin, idempotent, no arguments that identify a child."""

from celery import shared_task

from .child_services import possible_duplicates_find


@shared_task(name="concerns.tasks.find_possible_duplicates")
def find_possible_duplicates() -> int:
    """Beat runs this nightly: pairs already put to the leads are not put again, so running it
    twice (two beats, a redelivery) adds nothing."""
    return possible_duplicates_find()
