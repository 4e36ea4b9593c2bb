"""What apps built on concerns add to its pages, without concerns importing them.

The concern page, the child summary at its top and the triage dashboard each take panels: a
template to include and a function giving the keys that template reads. An app adds its
panels from its ``AppConfig.ready()``, as the network app does (network.pages)::

    from concerns import extensions
    extensions.panel_add(extensions.CONCERN_PAGE, Panel("network/_concern_entities.html",
                                                        concern_entities))

Context functions:
- CONCERN_PAGE: ``fn(concern=, viewer_is_lead=) -> dict`` (for the filer as well as leads:
  say nothing about other concerns unless viewer_is_lead);
- CHILD_SUMMARY: ``fn(concern=) -> dict``, leads only; the keys join the summary's own;
- DASHBOARD: ``fn() -> dict``, leads only.
ROW_FLAGS take the concern ids on a dashboard page and give those flagged for review.
Keys are shared with the page's context: name them for the app (``entity_links``).
The ``children_changed`` signal is sent, inside the transaction, with the child records
whose concerns moved (a merge, or a merge undone): ``receiver(sender, child_ids=, **kwargs)``.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.dispatch import Signal


@dataclass(frozen=True)
class Panel:
    template: str
    context: Callable[..., dict]


CONCERN_PAGE: list[Panel] = []
CHILD_SUMMARY: list[Panel] = []
DASHBOARD: list[Panel] = []
ROW_FLAGS: list[Callable[[list[int]], set[int]]] = []
children_changed = Signal()  # child_ids


def panel_add(where: list[Panel], panel: Panel) -> None:
    """Add once: ready() may run more than once in tests."""
    if all(known.template != panel.template for known in where):
        where.append(panel)


def row_flag_add(flag: Callable[[list[int]], set[int]]) -> None:
    if flag not in ROW_FLAGS:
        ROW_FLAGS.append(flag)


def panels_context(where: list[Panel], **arguments) -> dict:
    """Every panel's keys, and `templates`: the templates to include, in order."""
    context: dict = {"templates": [panel.template for panel in where]}
    for panel in where:
        context.update(panel.context(**arguments))
    return context


def flagged_rows(concern_ids: list[int]) -> set[int]:
    flagged: set[int] = set()
    for flag in ROW_FLAGS:
        flagged |= flag(concern_ids)
    return flagged
