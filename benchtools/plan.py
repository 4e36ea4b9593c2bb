"""How big the benchmark data set is, and the made-up words it is built from.

Every name, school and narrative here is invented. The sizes follow the issue: by default
100,000 concerns about 40,000 children from 500 practitioners over five years."""

from dataclasses import dataclass

BAND_MIX = {1: 0.55, 2: 0.28, 3: 0.13, 4: 0.04}  # Low, Medium, High, Immediate
YEARS = 5
REPEAT_CHILD_SHARE = 0.2  # a fifth of children are the subject of repeated concerns
CHILD_WINDOW_DAYS = 540  # repeated concerns about one child fall within about 18 months
LEADS = 6  # at least four, for make bench's rotating signed-in leads
PASSWORD = "bench-only-not-a-secret"  # noqa: S105 - benchmark database only


@dataclass(frozen=True)
class Plan:
    concerns: int
    children: int
    practitioners: int
    leads: int
    due_reminders: int

    @classmethod
    def for_concerns(cls, concerns: int) -> "Plan":
        return cls(
            concerns=concerns,
            children=max(1, round(concerns * 0.4)),
            practitioners=max(5, concerns // 200),
            # An authority's safeguarding team, whatever the volume: every notification
            # goes to each lead, so leads scaling with concerns would square that table.
            leads=LEADS,
            due_reminders=max(1, concerns // 100),
        )


FIRST_NAMES = str.split(
    "Amelia Ava Bella Chloe Daisy Ella Erin Evie Freya Grace Hannah Isla Ivy Jade Keira Layla "
    "Lily Maisie Mia Millie Molly Nia Olivia Phoebe Poppy Rosie Ruby Scarlett Sophie Zara "
    "Alfie Archie Ben Charlie Dylan Ethan Finley Harry Jack Jacob Kai Leo Liam Logan Mason "
    "Noah Oliver Oscar Reece Riley Ryan Sam Theo Tyler"
)
LAST_NAMES = str.split(
    "Abbott Ashby Bailey Barker Bennett Brooks Carter Chapman Clarke Cole Collins Cooper Dawson "
    "Dixon Edwards Ellis Evans Fisher Fletcher Foster Gibson Graham Grant Hale Harding Hayes "
    "Holmes Hughes Hunt Jarvis Jennings Kemp Knight Lawson Lloyd Marsh Mason Mills Moss Nash "
    "Norris Owen Palmer Parker Pearce Porter Reeves Rhodes Rowe Russell Shaw Stone Tucker "
    "Turner Walsh Ward Webb Wells West Wood"
)
AREAS = [
    "Amesbury", "Bradford on Avon", "Calne", "Chippenham", "Corsham", "Devizes", "Malmesbury",
    "Marlborough", "Melksham", "Mere", "Pewsey", "Royal Wootton Bassett", "Salisbury",
    "Tidworth", "Tisbury", "Trowbridge", "Warminster", "Westbury",
]  # fmt: skip
SCHOOL_KINDS = ["Academy", "School", "Community College", "Secondary School", "Pupil Referral Unit"]
GENDERS = ["Female"] * 65 + ["Male"] * 33 + ["Non-binary", "Not known"]
NARRATIVES = [
    "Seen getting into a car with an older man outside the school gates at the end of the day. "
    "Staff did not recognise the driver. The child was evasive when asked about it the next "
    "morning and said it was a friend of the family.",
    "Has been missing overnight twice this month and came back with a new phone and clothes. "
    "Parent reports the child will not say where they stayed. Attendance has dropped and the "
    "child appears tired in lessons.",
    "Disclosed to a teaching assistant that an older 'boyfriend' buys alcohol for them and their "
    "friends at weekends. Would not give a name. Other pupils have mentioned parties at a flat.",
    "Youth worker noticed the child is secretive about messages and became distressed when the "
    "phone was taken during an activity. Spends long periods online late at night.",
    "School nurse saw the child twice for sexual health advice in three weeks. The child seemed "
    "anxious and mentioned being given lifts by adults they met online.",
    "Police stopped the child in the town centre late at night in the company of adults known "
    "to officers. The child appeared under the influence and gave a false name at first.",
    "Behaviour has changed sharply since half term: aggressive with staff, withdrawn from "
    "friends, and has been excluded once. Carers report new friends who are much older.",
    "Looked after child returned to placement with cash and cigarettes that cannot be accounted "
    "for. Placement staff believe the child is being collected by unknown adults.",
    "Sibling told a teacher that the child has been sending images to someone they met in a "
    "game. The child has since deleted accounts and is refusing to come to school.",
    "Neighbours reported the child being dropped off at the family home in different cars at "
    "night. Parent is worried but feels unable to stop it.",
]
STATUS_REASONS = [
    "Discussed with the designated safeguarding lead; monitor through school pastoral support.",
    "Information shared with the school; no further action by this service at present.",
    "Early help offered to the family and accepted.",
    "Reviewed with the missing children coordinator; return interviews arranged.",
    "Not CSE on the information available; concern about online safety passed to school.",
]
NOTES = [
    "Reported by a member of staff.",
    "Seen more than once this term.",
    "Parent has mentioned this too.",
    "Other pupils have noticed.",
]
