"""Writing the audit trail. Call inside the same transaction as the change being recorded.

A read (recorded outside any transaction, with its request) is written at the end of the
request by accounts.sessions, together with the session renewal, or with the request's first
change if it makes one: one commit for both, and none lost."""

import ipaddress

from django.conf import settings
from django.db import connection
from django.utils import timezone

from audit.models import AuditEvent


def client_ip(request) -> str | None:
    """The address a request came from. Behind TRUSTED_PROXY_COUNT reverse proxies the address
    is read from X-Forwarded-For, counting back from the right (the part the proxies wrote)."""
    if request is None:
        return None
    address = request.META.get("REMOTE_ADDR") or ""
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= proxies:
            address = hops[-proxies]
    return _valid_ip(address)


def _valid_ip(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def _clean(value: str, length: int) -> str:
    # PostgreSQL refuses NUL in text; a guessed URL may carry one.
    return value.replace("\x00", "")[:length]


def audit_record(
    *,
    action: str,
    actor=None,
    request=None,
    obj=None,
    object_type: str = "",
    object_ref: str = "",
    object_id: int | None = None,
    actor_username: str = "",
    ip_address: str | None = None,
    detail: dict | None = None,
) -> AuditEvent:
    """Record one event. The actor defaults to the signed-in user of `request`; the address
    comes from `request`, or from `ip_address` when there is no request to attribute."""
    if actor is None and request is not None and request.user.is_authenticated:
        actor = request.user
    if obj is not None:
        object_type = object_type or obj._meta.model_name
        object_ref = object_ref or getattr(obj, "reference", "") or str(obj.pk)
        object_id = obj.pk
    if actor is not None:
        actor_username = actor.get_username()
    event = AuditEvent(
        actor=actor if actor is not None and actor.is_authenticated else None,
        actor_username=_clean(actor_username, 150),
        action=action,
        object_type=object_type,
        object_id=object_id,
        object_ref=_clean(object_ref, 32),
        ip_address=client_ip(request) if request is not None else _valid_ip(ip_address or ""),
        detail=detail or {},
    )
    return _write(event, request)


PENDING = "_cse_audit_pending"  # the request's read rows, not yet written
WROTE = "_cse_wrote"  # whether the request has committed, or is committing, a change


def _write(event: AuditEvent, request) -> AuditEvent:
    pending = getattr(request, PENDING, None)
    if pending is None:  # no request, or one not passing through the session middleware
        event.save()
        return event
    if not _in_transaction():
        event.at = timezone.now()  # for a trail drawn before the row is written
        pending.append(event)
        return event
    setattr(request, WROTE, True)
    write_pending(request)
    pending.clear()  # a change's transaction rolls back only before its own audit row
    event.save()
    return event


def pending_about(request, *, object_type: str, object_ref: str) -> list[AuditEvent]:
    """The request's own events about one record not yet written, newest first: a trail
    drawn by this request shows them as if they were."""
    pending = getattr(request, PENDING, None) or []
    return [
        event
        for event in reversed(pending)
        if event.object_type == object_type and event.object_ref == object_ref
    ]


def write_pending(request) -> None:
    """Write the request's deferred rows; the caller forgets them once they have committed."""
    pending = getattr(request, PENDING, None)
    if pending:
        for event in pending:
            event.pk = None  # written afresh if an earlier attempt rolled back
        AuditEvent.objects.bulk_create(pending)


def _in_transaction() -> bool:
    """Inside a transaction the application opened (not one a test wraps itself in)."""
    return any(not getattr(block, "_from_testcase", False) for block in connection.atomic_blocks)
