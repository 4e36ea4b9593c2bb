"""The intake's section for people, vehicles, places, phone numbers and online accounts,
added through the intake's extension point (intake.sections) right after "What happened".

network depends on intake here, never the reverse: intake knows nothing of this app."""

from functools import partial

from intake import sections
from intake.forms import IntakeForm

from .entity_groups import EntityGroupsMixin
from .services import entities_at_filing

SLUG = "people-and-places"
TITLE = "People, vehicles, places, phones and accounts"


class NetworkIntakeForm(EntityGroupsMixin, IntakeForm):
    def layout(self) -> list:
        return self.entity_layout(heading=False)

    def contribute(self, filing) -> None:
        entities = self.entity_inputs()
        if entities:
            # Inside the filing's transaction, once, for a new concern only.
            filing.after_file.append(
                partial(entities_at_filing, entities=entities, by=self.context.user)
            )

    def summary_rows(self) -> list[tuple[str, str]]:
        return self.summary_entities() or [("Named", "None")]


def register() -> None:
    """Called once, from NetworkConfig.ready()."""
    if sections.section_get(SLUG) is None:
        section = sections.Section(SLUG, TITLE, [NetworkIntakeForm], intro=EntityGroupsMixin.intro)
        sections.section_add(section, after="what-happened")
