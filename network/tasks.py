"""Celery tasks: thin, given ids only."""

from celery import shared_task

from . import alerts, services


@shared_task(name="network.tasks.send_entity_alert")
def send_entity_alert(alert_id: int) -> str:
    """No longer queued (filing publishes nothing; the sweep sends alerts). Kept so that
    messages queued before an upgrade still run; the claim keeps them to one send."""
    return alerts.alert_send(alert_id=alert_id)


@shared_task(name="network.tasks.sweep_entity_alerts")
def sweep_entity_alerts() -> int:
    return alerts.alerts_sweep()


@shared_task(name="network.tasks.offer_possible_matches")
def offer_possible_matches() -> int:
    """Beat runs this every REMINDER_SWEEP_SECONDS: people and places named since are compared
    with those filed before them. Run twice at once, each takes different ones."""
    return services.possible_matches_offer()
