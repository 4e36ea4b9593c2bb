"""The intake's people, vehicles, places, phones and accounts: any number of each, each
optional, with an "Add another" button that works without JavaScript (it posts the page,
which comes back with one more blank set of questions and everything typed kept).

One Django form with numbered fields (`vehicle_1_registration`), so that it can be one piece
of an intake page among others: each group is checked by the kind's own form (network.forms)
and its messages are put on the numbered fields."""

import copy
from collections import Counter
from functools import cache

from crispy_forms_gds.layout import HTML, Field, Fieldset
from django import forms
from django.utils.html import format_html

from .forms import FORMS, EntityForm
from .keys import EntityInput, given, tidy
from .models import Entity, Kind

MAX_EACH = 20
GROUPS = [
    (Kind.PERSON, "People of concern", "person"),
    (Kind.VEHICLE, "Vehicles", "vehicle"),
    (Kind.PLACE, "Places", "place"),
    (Kind.PHONE, "Phone numbers", "phone number"),
    (Kind.ACCOUNT, "Online accounts", "online account"),
]


@cache
def _field_names(kind: str) -> tuple[str, ...]:
    """A kind's questions, in order (its form adds the role to the class's fields)."""
    return tuple(FORMS[kind]().fields)


def _count(data, kind: str) -> int:
    try:
        count = int((data or {}).get(f"{kind}_count", 0))
    except (TypeError, ValueError):
        count = 0
    if data is not None and data.get(f"add_{kind}"):
        count += 1
    return max(0, min(count, MAX_EACH))


class EntityGroupsMixin:
    """Mix into a form class (a BaseForm, or the intake's IntakeForm)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.counts = {
            kind: _count(self.data if self.is_bound else None, kind) for kind, *_ in GROUPS
        }
        # Each group's own form, reading its numbered fields from this form's data: its fields
        # are this form's too, and it checks the group as a whole in clean().
        self.group_forms: dict[tuple[str, int], EntityForm] = {}
        for kind, *_ in GROUPS:
            self.fields[f"{kind}_count"] = forms.IntegerField(
                widget=forms.HiddenInput, required=False, initial=self.counts[kind]
            )
            for number in range(1, self.counts[kind] + 1):
                group = FORMS[kind](
                    data=self.data if self.is_bound else None, prefix=f"{kind}_{number}"
                )
                self.group_forms[kind, number] = group
                for name, field in group.fields.items():
                    self.fields[group.add_prefix(name)] = field
        if self.is_bound:
            # The count drawn is the count of groups now shown (one more after "Add another").
            # A shallow copy: the counts are replaced, never changed in place, and a QueryDict's
            # own copy() deep-copies every value posted.
            self.data = copy.copy(self.data)
            for kind, *_ in GROUPS:
                self.data[f"{kind}_count"] = str(self.counts[kind])

    def stay(self) -> bool:
        return self.is_bound and any(self.data.get(f"add_{kind}") for kind, *_ in GROUPS)

    def _groups(self):
        for kind, *_ in GROUPS:
            for number in range(1, self.counts[kind] + 1):
                yield kind, number, f"{kind}_{number}_"

    def clean(self):
        data = super().clean()
        self._entities = []
        for kind, number, prefix in self._groups():
            sub = self.group_forms[kind, number]
            if not sub.has_changed():
                continue  # left blank: left out
            if not sub.is_valid():
                for name, errors in sub.errors.items():
                    for error in errors:
                        self.add_error(prefix + name, error)
                continue
            self._entities.append(sub.to_input())
        return data

    def entity_inputs(self) -> list[EntityInput]:
        return list(getattr(self, "_entities", []))

    def entity_layout(self, heading: bool = True) -> list:
        items = []
        if heading:
            items.append(HTML(format_html('<h2 class="govuk-heading-m">{}</h2>', self.heading)))
            items.append(HTML(format_html('<p class="govuk-body">{}</p>', self.intro)))
        tag, css = ("h3", "govuk-heading-s") if heading else ("h2", "govuk-heading-m")
        for kind, title, singular in GROUPS:
            items.append(Field(f"{kind}_count"))
            items.append(HTML(format_html('<{} class="{}">{}</{}>', tag, css, title, tag)))
            for number in range(1, self.counts[kind] + 1):
                prefix = f"{kind}_{number}_"
                fields = [Field(prefix + name) for name in _field_names(kind)]
                items.append(Fieldset(*fields, legend=f"{singular.capitalize()} {number}"))
            article = "an" if singular[0] in "aeiou" else "a"
            label = f"Add {'another' if self.counts[kind] else article} {singular}"
            items.append(
                HTML(
                    format_html(
                        '<button type="submit" name="add_{}" value="1" formnovalidate '
                        'class="govuk-button govuk-button--secondary" data-module="govuk-button">'
                        "{}</button>",
                        kind,
                        label,
                    )
                )
            )
        return items

    heading = "People, vehicles, places, phones and accounts"
    intro = (
        "Add anyone or anything involved: an adult the child spends time with, a car that picks "
        "them up, a place they are taken to, a number or an account that contacts them. All "
        "optional. A set of questions left blank is left out."
    )

    def summary_entities(self) -> list[tuple[str, str]]:
        """Check your answers: each as it will be stored, numbered when a kind has several."""
        items = self.entity_inputs()
        kinds = Counter(item.kind for item in items)
        seen: Counter = Counter()
        rows = []
        for item in items:
            seen[item.kind] += 1
            label = dict(Kind.choices)[item.kind]
            if kinds[item.kind] > 1:
                label = f"{label} {seen[item.kind]}"
            rows.append((label, describe(item)))
        return rows


def describe(item: EntityInput) -> str:
    """'AB12 CDE Silver Vauxhall Astra (Picks her up)', 'Dazza, about 30', 'Snapchat dazza_k':
    the details as they will be stored, with the choices' words, not their codes."""
    entity = Entity(kind=item.kind, **given(tidy(item.kind, item.details())))
    parts = [entity.label]
    if entity.approximate_age:
        parts.append(f"about {entity.approximate_age}")
    if entity.place_type:
        parts.append(entity.get_place_type_display())
    parts += [part for part in (entity.address, entity.postcode, entity.description) if part]
    text = ", ".join(parts)
    return f"{text} ({item.role})" if item.role else text
