"""The child's identity as MASH asks it, for the intake's child section. All optional.

`identity_fields()` gives fresh form fields to add to a form; `identity_layout()` the GOV.UK
layout for them; `identity_values(cleaned_data)` the values for ChildDetails."""

from crispy_forms_gds.layout import HTML, Field, Fieldset, Size
from django import forms

from common.forms import NUL_MESSAGE, labelled_text

from .child_forms import clean_nhs_number, clean_postcode, clean_upn
from .models import AGENCY_CHOICES, ETHNICITY_CHOICES, Child

CARERS = 2


class _NormalisedField(forms.CharField):
    """A text field whose value is checked and put in its usual form by `normalise`."""

    def __init__(self, *, normalise, **kwargs):
        super().__init__(required=False, **kwargs)
        self.normalise = normalise
        self.error_messages["null_characters_not_allowed"] = NUL_MESSAGE

    def clean(self, value):
        return self.normalise(super().clean(value))


def _text(label: str, max_length: int, **kwargs) -> forms.CharField:
    return labelled_text(label, max_length, required=False, **kwargs)


def identity_fields() -> dict[str, forms.Field]:
    fields = {
        "gender": forms.ChoiceField(
            label="Gender (optional)",
            choices=Child.Gender.choices,
            required=False,
            widget=forms.RadioSelect,
        ),
        "gender_description": _text("If the child prefers to self-describe, how? (optional)", 100),
        "nhs_number": _NormalisedField(
            label="NHS number (optional)",
            max_length=14,
            normalise=clean_nhs_number,
            help_text="10 digits, for example 943 476 5919",
            widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}),
        ),
        "upn": _NormalisedField(
            label="Unique pupil number (UPN) (optional)",
            max_length=16,
            normalise=clean_upn,
            help_text="13 characters, from the child's school",
            widget=forms.TextInput(attrs={"spellcheck": "false"}),
        ),
        "postcode": _NormalisedField(
            label="Home postcode (optional)",
            max_length=10,
            normalise=clean_postcode,
            widget=forms.TextInput(attrs={"autocomplete": "off"}),
        ),
        "address": _text("Home address (optional)", 500, widget=forms.Textarea(attrs={"rows": 3})),
        "ethnicity": forms.ChoiceField(
            label="Ethnicity (optional)",
            choices=[("", "Not given"), *ETHNICITY_CHOICES],
            required=False,
            help_text="As the child or their family describe it, in the 2021 Census groups.",
        ),
        "known_to_social_care": forms.ChoiceField(
            label="Is the child known to children's social care? (optional)",
            choices=Child.KnownToSocialCare.choices,
            required=False,
            widget=forms.RadioSelect,
        ),
        "other_agencies": forms.MultipleChoiceField(
            label="Which other agencies are involved? (optional)",
            choices=AGENCY_CHOICES,
            required=False,
            widget=forms.CheckboxSelectMultiple,
            help_text="Select all that apply.",
        ),
    }
    for n in range(1, CARERS + 1):
        fields[f"carer_{n}_name"] = _text(f"Parent or carer {n}: name (optional)", 200)
        fields[f"carer_{n}_relationship"] = _text(
            f"Parent or carer {n}: relationship to the child (optional)", 100
        )
        fields[f"carer_{n}_phone"] = _text(
            f"Parent or carer {n}: phone number (optional)",
            30,
            widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
        )
    return fields


IDENTITY_FIELD_NAMES = list(identity_fields())


def identity_layout() -> list:
    """The items for a page of their own ("More about the child"): no outer fieldset, as the
    page's heading already says what they are about; each carer is a fieldset of three."""
    carers = [
        Fieldset(
            *(
                Field.text(f"carer_{n}_{part}", field_width=20)
                for part in ("name", "relationship", "phone")
            ),
            legend=f"Parent or carer {n} (optional)",
            legend_size=Size.SMALL,
        )
        for n in range(1, CARERS + 1)
    ]
    return [
        HTML('<p class="govuk-body">Tell us what you know: MASH will ask for these.</p>'),
        Field.radios("gender", legend_size=Size.SMALL),
        Field.text("gender_description", field_width=20),
        Field.text("nhs_number", field_width=10),
        Field.text("upn", field_width=10),
        Field.text("postcode", field_width=10),
        Field.textarea("address"),
        *carers,
        Field.select("ethnicity"),
        Field.radios("known_to_social_care", inline=True, legend_size=Size.SMALL),
        Field.checkboxes("other_agencies", legend_size=Size.SMALL, small=True),
    ]


def identity_values(data: dict) -> dict:
    """ChildDetails keyword arguments from a form's cleaned data."""
    carers = []
    for n in range(1, CARERS + 1):
        carer = {
            part: data.get(f"carer_{n}_{part}", "") for part in ("name", "relationship", "phone")
        }
        if any(carer.values()):
            carers.append(carer)
    gender = data.get("gender", "")
    return {
        "gender": gender,
        "gender_description": data.get("gender_description", "")
        if gender == Child.Gender.SELF_DESCRIBE
        else "",
        "nhs_number": data.get("nhs_number", ""),
        "upn": data.get("upn", ""),
        "postcode": data.get("postcode", ""),
        "address": data.get("address", ""),
        "carers": tuple(carers),
        "ethnicity": data.get("ethnicity", ""),
        "known_to_social_care": data.get("known_to_social_care", ""),
        "other_agencies": tuple(data.get("other_agencies", [])),
    }
