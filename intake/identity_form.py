"""The child's identity as MASH asks it, on the intake's "More about the child" page, right
after "About the child". All optional.

The fields and their checks are concerns.identity_fields (the NHS number's checksum with the
nhs-number package); this form puts them on the intake and hands them to the filing, which
gives them to concerns.services.concern_file as ChildDetails (matching by NHS number, and the
child record's identity, are concerns.child_services)."""

from concerns.identity_fields import identity_fields, identity_layout, identity_values
from concerns.models import AGENCY_LABELS, ETHNICITY_LABELS, Child

from .forms import IntakeForm

NOT_GIVEN = "Not given"


class ChildIdentityForm(IntakeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(identity_fields())

    def layout(self):
        return identity_layout()

    def contribute(self, filing):
        filing.child.update(identity_values(self.cleaned_data))

    def summary_rows(self) -> list[tuple[str, str]]:
        # Only what was given: seventeen "Not given" rows would bury the answers on a phone.
        rows = super().summary_rows()
        given = [(question, answer) for question, answer in rows if answer != NOT_GIVEN]
        return given or [("More about the child", NOT_GIVEN)]

    def display(self, name: str) -> str:
        value = self.cleaned_data.get(name)
        if name == "ethnicity" and value:
            return ETHNICITY_LABELS.get(value, value)
        if name == "other_agencies":
            return ", ".join(AGENCY_LABELS.get(v, v) for v in value or []) or NOT_GIVEN
        if name == "known_to_social_care" and value:
            return dict(Child.KnownToSocialCare.choices).get(value, value)
        if name == "gender_description" and self.cleaned_data.get("gender") != (
            Child.Gender.SELF_DESCRIBE
        ):
            return NOT_GIVEN  # not kept unless "Prefer to self-describe" was chosen
        return super().display(name)
