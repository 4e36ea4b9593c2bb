from celery import shared_task

from accounts.session_ending import sessions_clear_expired


@shared_task
def clear_expired_sessions() -> None:
    sessions_clear_expired()
