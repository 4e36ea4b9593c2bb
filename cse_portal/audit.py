"""Writing the audit trail. Call inside the same transaction as the change being recorded."""

import ipaddress

from django.conf import settings

from .models import AuditEvent


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
    return AuditEvent.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        actor_username=_clean(actor_username, 150),
        action=action,
        object_type=object_type,
        object_id=object_id,
        object_ref=_clean(object_ref, 32),
        ip_address=client_ip(request) if request is not None else _valid_ip(ip_address or ""),
        detail=detail or {},
    )
