"""The intake's question about earlier contact with MASH, the EDT or the police, added to the
intake through its extension point (intake.sections) when the app is ready."""

from intake import sections
from intake.forms import IntakeForm

from .forms import PriorContactFields
from .services import prior_contact_record


class PriorContactIntakeForm(PriorContactFields, IntakeForm):
    def layout(self) -> list:
        return self.prior_contact_layout()

    def contribute(self, filing) -> None:
        data = self.prior_contact_data()
        if data is not None:
            filing.after_file.append(lambda concern: prior_contact_record(concern=concern, **data))

    def summary_rows(self) -> list[tuple[str, str]]:
        rows = [(str(self.fields["prior_contact"].label), self.display("prior_contact"))]
        if self.prior_contact_data() is None:
            return rows
        return rows + [
            ("Date you contacted them", self.display("prior_contact_date")),
            ("Time you contacted them", self.cleaned_data["prior_contact_time"].strftime("%H:%M")),
            ("Reference they gave you", self.display("prior_contact_reference")),
        ]


def register() -> None:
    """Called once, from ReferralsConfig.ready(); asking twice adds the question once."""
    section = sections.section_get("about-you")
    if section is not None and PriorContactIntakeForm not in section.forms:
        sections.section_extend("about-you", PriorContactIntakeForm)
