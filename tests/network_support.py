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
