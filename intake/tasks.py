from celery import shared_task

from .services import drafts_purge_expired


@shared_task
def purge_expired_drafts() -> int:
    return drafts_purge_expired()
