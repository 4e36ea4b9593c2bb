"""Filing concerns that name people, vehicles, places, phones and accounts, as the intake does."""

import uuid

from concerns.services import AnswerInput
from network.keys import EntityInput
from network.services import concern_file_with_entities

from .factories import child_details


def vehicle(registration="AB12 CDE", role="Picked the child up", **more) -> EntityInput:
    return EntityInput(kind="vehicle", registration=registration, role=role, **more)


def file_naming(
    *, filed_by, entities, first_name="Jamie", last_name="Example", answers=None, **child
):
    return concern_file_with_entities(
        entities=entities,
        filed_by=filed_by,
        child=child_details(first_name=first_name, last_name=last_name, **child),
        answers={key: AnswerInput(answer=value) for key, value in (answers or {}).items()},
        disclosure=False,
        immediate_risk=False,
        narrative="Seen getting into a silver Astra outside the kebab shop on Fore Street.",
        submission_token=uuid.uuid4(),
    )


def file_a_car_and_its_typo(*, filed_by, other_filer):
    """Two children's concerns naming one car, its registration mistyped in the second: two
    entries that matching cannot join, for a lead to merge by hand."""
    file_naming(filed_by=filed_by, entities=[vehicle("AB12 CDE")])
    file_naming(
        filed_by=other_filer,
        first_name="Riley",
        last_name="Sample",
        entities=[vehicle("AB12 CDF", role="Drove her to a party")],
    )
