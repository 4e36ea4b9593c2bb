"""Celery tasks: thin, idempotent, and given ids only (never child data).

Every send goes through the claim in referrals.reminders, so a task that runs twice (acks_late
redelivery, two beats, the fast path and the sweep together) still sends each message once.
"""

from celery import shared_task

from . import reminders


@shared_task(name="referrals.tasks.sweep_reminders")
def sweep_reminders() -> int:
    """Beat runs this every minute: send every reminder that is due and unsent."""
    return reminders.reminders_sweep()


@shared_task(name="referrals.tasks.notify_urgent")
def notify_urgent(concern_id: int) -> None:
    """No longer queued (filing publishes nothing; the sweep sends within seconds). Kept so
    that messages queued before an upgrade still run."""
    reminders.reminder_send_urgent_now(concern_id=concern_id)
