"""The intake's sections, in order: the one place that says what the intake asks.

A section is one page of the intake: a slug for its address, a title, and a list of small
form classes drawn one after another on that page. Field names form one namespace across the
whole intake (a one-step filing posts every section's fields at once), so a name is used once.

To add to the intake, from your app's ``AppConfig.ready()``::

    from intake import sections
    sections.section_add(
        sections.Section("network", "People, vehicles and places", [NetworkForm]),
        after="what-happened",
    )
    sections.section_extend("child", SomeForm)  # more fields on an existing page

Each form class is an ``IntakeForm`` (intake.forms): it declares its fields, ``layout()``
(crispy-forms-gds items), ``contribute(filing)`` to move its cleaned data onto the ``Filing``
given to ``concerns.services.concern_file``, and optionally ``summary_rows()`` for Check your
answers and ``stay()`` for an "Add another" button that redraws the page instead of moving on.
Work that needs the new concern (linked entities, earlier calls) goes on
``filing.after_file``: it runs inside the filing's transaction, once, for a new concern only.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Section:
    slug: str
    title: str
    forms: list[type]
    # Shown under the heading, as plain text.
    intro: str = ""


@dataclass
class Filing:
    """What the sections' forms contribute, gathered for concern_file."""

    child: dict = field(default_factory=dict)  # concerns.services.ChildDetails fields
    answers: dict = field(default_factory=dict)  # indicator key -> AnswerInput
    disclosure: bool = False
    immediate_risk: bool = False
    narrative: str = ""
    details: dict = field(default_factory=dict)  # concerns.services.CONCERN_DETAILS
    after_file: list[Callable] = field(default_factory=list)

    def run_after_file(self, concern) -> dict:
        """Each step returns None, or a dict of what the filing's audit event records of it."""
        recorded: dict = {}
        for step in self.after_file:
            recorded.update(step(concern) or {})
        return recorded


SECTIONS: list[Section] = []


def section_get(slug: str) -> Section | None:
    return next((section for section in SECTIONS if section.slug == slug), None)


def section_add(section: Section, *, after: str | None = None) -> None:
    """Add a page after the section `after` (or at the end)."""
    if section_get(section.slug) is not None:
        raise ValueError(f"The intake already has a section {section.slug!r}")
    position = len(SECTIONS) if after is None else _index(after) + 1
    SECTIONS.insert(position, section)


def section_extend(slug: str, form_class: type) -> None:
    """Add a form's fields to the end of an existing page."""
    SECTIONS[_index(slug)].forms.append(form_class)


def section_after(slug: str) -> Section | None:
    position = _index(slug) + 1
    return SECTIONS[position] if position < len(SECTIONS) else None


def _index(slug: str) -> int:
    for position, section in enumerate(SECTIONS):
        if section.slug == slug:
            return position
    raise KeyError(f"No intake section {slug!r}")


# The intake as it ships. Imported last: the forms do not need this module.
from .forms import (  # noqa: E402
    AboutYouForm,
    ChildForm,
    DangerForm,
    DisclosureForm,
    FeaturesForm,
    GroomingForm,
    WhatHappenedForm,
)
from .identity_form import ChildIdentityForm  # noqa: E402

SECTIONS += [
    Section("danger", "Is the child in danger right now?", [DangerForm]),
    Section("child", "About the child", [ChildForm]),
    # Its own page: seventeen optional questions after the nine on "About the child" would
    # make one long scroll on a phone.
    Section("more-about-the-child", "More about the child", [ChildIdentityForm]),
    Section("grooming", "Signs of grooming", [GroomingForm]),
    Section("features", "Features of exploitation and disclosure", [FeaturesForm, DisclosureForm]),
    Section("what-happened", "What happened", [WhatHappenedForm]),
    Section("about-you", "About you", [AboutYouForm]),
]
