"""Building a section's forms from posted or saved data, and a filing from all of them."""

from __future__ import annotations

from django.utils.datastructures import MultiValueDict

from . import sections
from .forms import IntakeContext, IntakeForm


def section_forms(section, *, context: IntakeContext, data=None) -> list[IntakeForm]:
    """The section's forms, bound to `data` (a dict of lists or a QueryDict) if given."""
    bound = _as_multi(data) if data is not None else None
    return [form_class(bound, context=context) for form_class in section.forms]


def posted_values(forms: list[IntakeForm], data) -> dict[str, list[str]]:
    """Only the values the section's controls posted, as lists (how a draft keeps them)."""
    keys = [key for form in forms for key in form.field_keys()]
    # A NUL byte means nothing to a person, and PostgreSQL's JSON cannot hold one.
    return {key: [v.replace("\x00", "") for v in data.getlist(key)] for key in keys if key in data}


def section_keys(forms: list[IntakeForm]) -> list[str]:
    return [key for form in forms for key in form.field_keys()]


def has_values(forms: list[IntakeForm], data: dict) -> bool:
    return any(key in data for key in section_keys(forms))


def all_forms(*, context: IntakeContext, data) -> dict[str, list[IntakeForm]]:
    return {
        section.slug: section_forms(section, context=context, data=data)
        for section in sections.SECTIONS
    }


def first_invalid(forms_by_section: dict[str, list[IntakeForm]]) -> str | None:
    for slug, forms in forms_by_section.items():
        if not all(form.is_valid() for form in forms):
            return slug
    return None


def build_filing(forms_by_section: dict[str, list[IntakeForm]]) -> sections.Filing:
    filing = sections.Filing()
    for forms in forms_by_section.values():
        for form in forms:
            form.contribute(filing)
    return filing


def _as_multi(data) -> MultiValueDict:
    if isinstance(data, MultiValueDict):
        return data
    return MultiValueDict({key: list(values) for key, values in data.items()})
