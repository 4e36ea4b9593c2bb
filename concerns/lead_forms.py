"""Forms for the safeguarding lead: the dashboard filters, decisions and band overrides."""

import datetime

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import (
    Field,
    Layout,
    Size,
    Submit,
)
from django import forms

from common.forms import BaseForm, DayField, reason_field, text_field
from indicators.scoring import Band

from .dashboard_selectors import SORTS, Filters, filer_ids_matching
from .models import Concern

BAND_CHOICES = [(str(band.value), band.label) for band in reversed(Band)]
SORT_LABELS = {
    "newest": "Newest first",
    "oldest": "Oldest first",
    "band_high": "Highest band first",
    "band_low": "Lowest band first",
}


DATE_PARTS = (("Day", 2), ("Month", 2), ("Year", 4))


class TriageFilterForm(BaseForm):
    submit_label = "Apply filters"

    search = text_field(
        label="Child's name or concern reference",
        required=False,
        max_length=100,
        help_text="For example, Jamie Smith or CSE-2026-000123.",
        error_messages={"max_length": "Search must be 100 characters or fewer"},
    )
    band = forms.TypedChoiceField(
        label="Band",
        required=False,
        coerce=int,
        choices=[("", "Any band"), *BAND_CHOICES],
        error_messages={"invalid_choice": "Select a band from the list"},
    )
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("", "Any status"), *Concern.Status.choices],
        error_messages={"invalid_choice": "Select a status from the list"},
    )
    area = text_field(
        label="Area",
        required=False,
        max_length=100,
        error_messages={"max_length": "Area must be 100 characters or fewer"},
    )
    # A text box, not a list of everyone: the list grew with the authority's staff and cost
    # more to draw than the rest of the page.
    filed_by = text_field(
        label="Filed by (name or username)",
        required=False,
        max_length=150,
        help_text="For example, Sam Jones or sjones.",
        error_messages={"max_length": "Filed by must be 150 characters or fewer"},
    )
    filed_from = DayField(what="'filed from' date", label="Filed from", required=False)
    filed_to = DayField(what="'filed to' date", label="Filed to", required=False)
    sort = forms.ChoiceField(
        label="Sort by",
        required=False,
        choices=[(key, SORT_LABELS[key]) for key in SORTS],
        error_messages={"invalid_choice": "Select an order from the list"},
    )

    def govuk_fields(self) -> list[dict]:
        """What triage/_filters.html draws of each field, worked out here: crispy's layouts
        took a fifth of the time to draw the whole dashboard, afresh on every request."""
        return [self._govuk_field(self[name]) for name in self.fields]

    def _govuk_field(self, bound) -> dict:
        field = {
            "name": bound.html_name,
            "id": bound.auto_id,
            "label": bound.label,
            "hint": bound.help_text,
            "error": bound.errors[0] if bound.errors else "",
        }
        if isinstance(bound.field, DayField):
            parts = bound.value() if self.is_bound else None
            parts = parts if isinstance(parts, list | tuple) else ["", "", ""]
            field["date_parts"] = [
                (f"{bound.html_name}_{n}", f"{bound.auto_id}_{n}", label, parts[n] or "", width)
                for n, (label, width) in enumerate(DATE_PARTS)
            ]
        elif isinstance(bound.field, forms.ChoiceField):
            chosen = str(bound.value() or "")
            field["options"] = [
                (str(value), label, str(value) == chosen) for value, label in bound.field.choices
            ]
        else:
            field["value"] = bound.value() or ""
            field["maxlength"] = bound.field.max_length
        return field

    def clean_filed_by(self) -> tuple[int, ...]:
        text = self.cleaned_data["filed_by"].strip()
        if not text:
            return ()
        ids = filer_ids_matching(text)
        if not ids:
            raise forms.ValidationError("No one who can file concerns has that name or username")
        return ids

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("filed_from"), cleaned.get("filed_to")
        if start and end and end < start:
            self.add_error(
                "filed_to", "The 'filed to' date must be the same as or after the 'filed from' date"
            )
        return cleaned

    def filters(self) -> Filters:
        """The valid part of what was asked for (an invalid field is left out, not guessed)."""
        data = getattr(self, "cleaned_data", {})
        return Filters(
            search=data.get("search") or "",
            band=data.get("band") or None,
            status=data.get("status") or "",
            area=data.get("area") or "",
            filed_by_ids=data.get("filed_by") or (),
            filed_from=data.get("filed_from"),
            filed_to=data.get("filed_to"),
            sort=data.get("sort") or "newest",
        )


class DecisionForm(BaseForm):
    """A lead's decision on a non-urgent concern."""

    MONITOR, CLOSE, REFER = "monitoring", "closed", "referred"
    submit_label = "Record the decision"

    from_status = forms.CharField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(
        label="What is your decision?",
        widget=forms.RadioSelect,
        choices=[
            (MONITOR, "Monitor, and review on a date"),
            (CLOSE, "Close – no further action"),
            (REFER, "Refer to MASH (creates a referral)"),
        ],
        error_messages={"required": "Select monitor, close or refer"},
    )
    review_date = DayField(
        what="review date",
        label="Review date",
        required=False,
        help_text="Only if you chose to monitor. For example, 27 3 2027.",
    )
    reason = reason_field(
        "Reason for your decision",
        "Enter the reason for your decision",
        "Practitioners do not see this.",
    )

    def __init__(self, *args, today: datetime.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field("from_status"),
            Field.radios("decision"),
            Field("review_date"),
            Field.textarea("reason"),
        )
        self.helper.add_input(Submit("submit", self.submit_label))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") != self.MONITOR or "review_date" in self.errors:
            return cleaned
        review_date = cleaned.get("review_date")
        if review_date is None:
            self.add_error("review_date", "Enter the date to review this concern")
        elif review_date <= self.today:
            self.add_error("review_date", "The review date must be in the future")
        return cleaned


class OverrideForm(BaseForm):
    submit_label = "Change the band"

    from_band = forms.IntegerField(widget=forms.HiddenInput)
    to_band = forms.TypedChoiceField(
        label="New band",
        coerce=int,
        widget=forms.RadioSelect,
        choices=BAND_CHOICES,
        error_messages={"required": "Select the new band"},
    )
    reason = reason_field(
        "Reason for changing the band",
        "Enter the reason for changing the band",
        "This is kept with the concern, with the band it was scored at.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(
            Field("from_band"),
            Field.radios("to_band", legend_size=Size.SMALL),
            Field.textarea("reason"),
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("to_band") is not None and cleaned.get("to_band") == cleaned.get(
            "from_band"
        ):
            self.add_error("to_band", "Select a band different from the current one")
        return cleaned
