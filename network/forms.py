"""Forms for people, vehicles, places, phone numbers and online accounts: one form per kind,
each optional in the intake (a blank form is ignored), with its role in the concern."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size, Submit
from django import forms
from django.utils.functional import cached_property

from common.forms import BaseForm, labelled_text

from . import normalise
from .keys import EntityInput
from .models import Kind, PlaceType, Platform


def _choice(label, choices, message):
    return forms.ChoiceField(
        label=label,
        choices=[("", "Choose one"), *choices],
        required=False,
        error_messages={"required": message, "invalid_choice": message},
    )


class EntityForm(BaseForm):
    kind: str = ""
    submit_label = "Save"
    role_label = "Role in this concern"
    role_hint = ""
    required_message = ""
    # The fields of which at least one must be filled for the form to mean something.
    identifying: tuple = ()

    def __init__(self, *args, with_role: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if with_role:
            self.fields["role"] = labelled_text(
                self.role_label, 200, required=False, help_text=self.role_hint
            )

    @cached_property
    def helper(self) -> FormHelper:
        helper = FormHelper()
        helper.add_input(Submit("submit", self.submit_label))
        return helper

    def add_prefix(self, field_name: str) -> str:
        # The intake's numbered groups name their fields "vehicle_1_registration".
        return f"{self.prefix}_{field_name}" if self.prefix else field_name

    def has_content(self) -> bool:
        return any(self.cleaned_data.get(name) for name in self.fields)

    def clean(self):
        data = super().clean()
        if (
            self.has_changed()
            and not self._errors
            and not any(data.get(n) for n in self.identifying)
        ):
            self.add_error(self.identifying[0], self.required_message)
        return data

    def to_input(self) -> EntityInput:
        data = {name: value for name, value in self.cleaned_data.items() if value is not None}
        data.setdefault("role", "")
        return EntityInput(kind=self.kind, **data)


class PersonForm(EntityForm):
    kind = Kind.PERSON
    role_label = "How the child knows them"
    role_hint = "For example, older boyfriend, gives lifts, met online."
    required_message = "Enter their name or nickname, or describe them"
    identifying = ("name", "alias", "description")

    name = labelled_text("Name or nickname", 200, required=False)
    alias = labelled_text("Other names they use", 200, required=False)
    approximate_age = forms.IntegerField(
        label="Approximate age",
        required=False,
        min_value=10,
        max_value=100,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
        error_messages={
            "invalid": "Approximate age must be a whole number, like 25",
            "min_value": "Approximate age must be 10 or more",
            "max_value": "Approximate age must be 100 or less",
        },
    )
    description = labelled_text(
        "Description", 2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class VehicleForm(EntityForm):
    kind = Kind.VEHICLE
    role_label = "What happened with the vehicle"
    role_hint = "For example, picked the child up after school."
    required_message = "Enter the registration, or the make, model or colour"
    identifying = ("registration", "make", "model", "colour")

    registration = labelled_text(
        "Registration", 20, required=False, help_text="For example, AB12 CDE."
    )
    make = labelled_text("Make", 60, required=False)
    model = labelled_text("Model", 60, required=False)
    colour = labelled_text("Colour", 40, required=False)

    def clean_registration(self):
        value = self.cleaned_data["registration"]
        if value and not 2 <= len(normalise.registration_key(value)) <= 10:
            raise forms.ValidationError("Enter the registration as it appears, like AB12 CDE")
        return value


class PlaceForm(EntityForm):
    kind = Kind.PLACE
    role_label = "What happened there"
    role_hint = "For example, where the child was taken, where they meet."
    required_message = "Enter the place's name, address or postcode"
    identifying = ("name", "address", "postcode", "description")

    name = labelled_text(
        "Name of the place",
        200,
        required=False,
        help_text="For example, the name of a takeaway or hotel.",
    )
    place_type = _choice(
        "Type of place", PlaceType.choices, "Choose the type of place from the list"
    )
    address = labelled_text("Address", 300, required=False)
    postcode = labelled_text("Postcode", 10, required=False)
    description = labelled_text(
        "Description", 2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean_postcode(self):
        value = self.cleaned_data["postcode"]
        if value and not normalise.postcode_key(value):
            raise forms.ValidationError("Enter a real postcode, like SP1 1AA")
        return value


class PhoneForm(EntityForm):
    kind = Kind.PHONE
    role_label = "Whose number it is, or how it was used"
    role_hint = "For example, texts the child, on a card given to the child."
    required_message = "Enter the phone number"
    identifying = ("number",)

    number = labelled_text(
        "Phone number",
        40,
        required=False,
        help_text="For example, 07700 900 982 or +44 7700 900 982.",
    )

    def clean_number(self):
        value = self.cleaned_data["number"]
        if value and not normalise.phone_key(value):
            raise forms.ValidationError(
                "Enter a phone number, like 07700 900 982 or +44 7700 900 982"
            )
        return value


class AccountForm(EntityForm):
    kind = Kind.ACCOUNT
    role_label = "How the account was used"
    role_hint = "For example, sends the child messages, asked for pictures."
    required_message = "Enter the username or handle"
    identifying = ("handle",)

    platform = _choice("App or site", Platform.choices, "Choose the app or site from the list")
    handle = labelled_text("Username or handle", 100, required=False)

    def clean(self):
        data = super().clean()
        if data.get("handle") and not data.get("platform"):
            self.add_error("platform", "Choose the app or site the account is on")
        return data


FORMS = {
    Kind.PERSON: PersonForm,
    Kind.VEHICLE: VehicleForm,
    Kind.PLACE: PlaceForm,
    Kind.PHONE: PhoneForm,
    Kind.ACCOUNT: AccountForm,
}


# What a lead types to find the entry to merge, by kind: (label, hint, message when blank).
FIND_WORDS = {
    Kind.PERSON: (
        "Name, nickname or postcode of the other person",
        "A name spelt differently, or sounding alike, finds them too.",
        "Enter a name, nickname or postcode",
    ),
    Kind.VEHICLE: (
        "Registration of the other vehicle, or part of it",
        "For example, AB12 or AB12 CDF.",
        "Enter the registration, or part of it",
    ),
    Kind.PLACE: (
        "Name or postcode of the other place",
        "A name spelt differently, or sounding alike, finds it too.",
        "Enter a name or postcode",
    ),
    Kind.PHONE: (
        "The other phone number, or part of it",
        "For example, 07700 900 983 or 900983.",
        "Enter the phone number, or part of it",
    ),
    Kind.ACCOUNT: (
        "Username or handle of the other account, or part of it",
        "For example, dazza or @dazza_99.",
        "Enter the username or handle, or part of it",
    ),
}


class MergeFindForm(BaseForm):
    """Step one of merging by hand: find the other entry of the same kind."""

    submit_label = "Find"
    submit_class = "govuk-button--secondary"  # merging is the page's main action

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        label, hint, message = FIND_WORDS[kind]
        self.fields["find"] = labelled_text(label, 200, message=message, help_text=hint)


class MergeChooseForm(BaseForm):
    """Step two: choose which of the entries found is the same as this one."""

    submit_label = "Merge the chosen entry"

    other = forms.TypedChoiceField(
        label="Which entry is the same?",
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the entry that is the same as this one",
            "invalid_choice": "Choose one of the entries listed",
        },
    )

    def __init__(self, *args, candidates: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = {entity.pk: entity for entity in candidates}
        self.fields["other"].choices = [(entity.pk, _named_in(entity)) for entity in candidates]
        # The page writes the <form> tag: it carries what was typed to find them.
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(Field.radios("other", legend_size=Size.MEDIUM))

    @property
    def chosen(self):
        return self.candidates[self.cleaned_data["other"]]


def _named_in(entity) -> str:
    """'Dazza (Daz), about 25: named in 3 concerns': what tells two alike entries apart."""
    told = entity.label
    if entity.kind == Kind.PERSON and entity.approximate_age:
        told += f", about {entity.approximate_age}"
    if entity.kind == Kind.PLACE and entity.postcode:
        told += f", {entity.postcode}"
    count = entity.concerns
    return f"{told}: named in {count} concern{'' if count == 1 else 's'}"
