"""The intake's question about earlier contact with MASH, the EDT or the police, on the "About
you" page. It lives here, not in referrals, because intake builds on referrals: the arrow runs
one way (tests/test_architecture.py)."""

from functools import partial

from referrals.forms import PriorContactFields
from referrals.services import prior_contact_record

from . import sections
from .forms import IntakeForm


class PriorContactIntakeForm(PriorContactFields, IntakeForm):
    def layout(self) -> list:
        return self.prior_contact_layout()

    def contribute(self, filing) -> None:
        data = self.prior_contact_data()
        if data is not None:
            filing.after_file.append(partial(_record, data=data))

    def summary_rows(self) -> list[tuple[str, str]]:
        rows = [(str(self.fields["prior_contact"].label), self.display("prior_contact"))]
        if self.prior_contact_data() is None:
            return rows
        return rows + [
            ("Date you contacted them", self.display("prior_contact_date")),
            ("Time you contacted them", self.cleaned_data["prior_contact_time"].strftime("%H:%M")),
            ("Reference they gave you", self.display("prior_contact_reference")),
        ]


def _record(concern, *, data: dict) -> None:
    # Filed with the concern and shown on it: nothing to add to the filing's audit event.
    prior_contact_record(concern=concern, **data)


def register() -> None:
    """Called once, from IntakeConfig.ready(); asking twice adds the question once."""
    section = sections.section_get("about-you")
    if section is not None and PriorContactIntakeForm not in section.forms:
        sections.section_extend("about-you", PriorContactIntakeForm)
