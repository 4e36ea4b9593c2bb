"""Reads of the configuration every filing needs, kept in memory (common.config_cache:
any save of these tables clears it)."""

from common.config_cache import remembered

from .models import Indicator, ScoringPolicy


def active_indicators(*, kind: str | None = None) -> list[Indicator]:
    return remembered(f"active-indicators:{kind or 'all'}", lambda: _active(kind))


def _active(kind: str | None) -> list[Indicator]:
    queryset = Indicator.objects.filter(active=True)
    if kind:
        queryset = queryset.filter(kind=kind)
    return list(queryset.order_by("order", "id"))


def current_policy() -> ScoringPolicy:
    return remembered("scoring-policy", lambda: ScoringPolicy.objects.order_by("-version").first())
