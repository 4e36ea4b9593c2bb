"""A labelled set of child records for measuring matching: who each record really is is known.

Made up, reproducible from a seed: names from Faker's en_GB lists plus common spelling
variants, dates of birth for children of 10 to 17, Wiltshire-like postcodes and schools. Some
records are the same child again, as practitioners really type them: nicknames, spelling
variants, typos, transposed letters, first and last names swapped, a date of birth slipped or
missing (an approximate age instead), a changed school or postcode. Twins share a surname, date
of birth, school and postcode, and are different children."""

import datetime
import random
from dataclasses import dataclass, replace

from faker import Faker

TODAY = datetime.date(2026, 12, 1)
SPELLINGS = [
    ("Chloe", "Cloe", "Chloé"),
    ("Mohammed", "Muhammad", "Mohamed", "Mohammad"),
    ("Sophie", "Sofie", "Sophy"),
    ("Katie", "Katy", "Katey"),
    ("Aiden", "Aidan", "Ayden"),
    ("Zoe", "Zoey", "Zoë"),
    ("Isabelle", "Isabel", "Isobel"),
    ("Jayden", "Jaden", "Jaydon"),
    ("Leah", "Lea", "Leigh"),
    ("Ellie", "Elly", "Elli"),
    ("Aaliyah", "Aliyah", "Aleah"),
    ("Niamh", "Neve", "Nieve"),
    ("Frankie", "Franky"),
    ("Caitlin", "Katelyn", "Kaitlyn"),
]
NICKNAMES = {
    "Alexander": "Alex",
    "Samuel": "Sam",
    "Thomas": "Tom",
    "William": "Will",
    "Joseph": "Joe",
    "Daniel": "Dan",
    "Rebecca": "Becky",
    "Elizabeth": "Liz",
    "Katherine": "Kate",
    "Jessica": "Jess",
    "Matthew": "Matt",
    "Benjamin": "Ben",
    "Charlotte": "Charlie",
    "Jennifer": "Jen",
    "Christopher": "Chris",
    "Nicholas": "Nick",
    "Victoria": "Vicky",
    "Abigail": "Abby",
}
DISTRICTS = ["SP1", "SP2", "SP4", "SP5", "BA12", "BA13", "BA14", "SN1", "SN2", "SN3", "SN10"]
SCHOOLS = [
    f"{place} {kind}"
    for place in (
        "Salisbury",
        "Trowbridge",
        "Swindon",
        "Devizes",
        "Warminster",
        "Chippenham",
        "Melksham",
        "Amesbury",
        "Westbury",
        "Calne",
        "Marlborough",
        "Corsham",
    )
    for kind in ("Academy", "School", "College")
]
VARIANTS = [
    "exact",
    "nickname",
    "spelling",
    "typo",
    "transposition",
    "swapped names",
    "approximate age",
    "date slip",
    "changed school",
    "moved house",
]


@dataclass(frozen=True)
class Record:
    person: int  # the real child: the label
    variant: str
    first_name: str
    last_name: str
    date_of_birth: datetime.date | None
    age_years: int
    gender: str
    school: str
    postcode: str
    nhs_number: str


def age_on(dob: datetime.date, day: datetime.date) -> int:
    return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))


class Generator:
    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        faker = Faker("en_GB")
        faker.seed_instance(seed)
        person = faker.provider("faker.providers.person")
        spellings = [names[0] for names in SPELLINGS]
        girls = {"Rebecca", "Elizabeth", "Katherine", "Jessica", "Charlotte", "Jennifer"}
        girls |= {"Victoria", "Abigail"}
        boys = set(NICKNAMES) - girls
        self.girls = sorted(set(person.first_names_female) | girls) + spellings[:7]
        self.boys = sorted(set(person.first_names_male) | boys) + spellings[7:]
        self.surnames = sorted(set(person.last_names))
        self.nhs = iter(_nhs_numbers(self.rng))

    def child(self, person: int) -> Record:
        rng = self.rng
        gender = rng.choice(["Girl", "Boy"])
        first = rng.choice(self.girls if gender == "Girl" else self.boys)
        dob = TODAY - datetime.timedelta(days=rng.randint(10 * 365, 18 * 365 - 2))
        postcode = f"{rng.choice(DISTRICTS)} {rng.randint(1, 9)}{_letters(rng, 2)}"
        return Record(
            person=person,
            variant="first",
            first_name=first,
            last_name=rng.choice(self.surnames),
            date_of_birth=dob,
            age_years=age_on(dob, TODAY),
            gender=gender,
            school=rng.choice(SCHOOLS),
            postcode=postcode if rng.random() < 0.7 else "",
            nhs_number=next(self.nhs) if rng.random() < 0.4 else "",
        )

    def twin(self, of: Record, person: int) -> Record:
        """A different child: same surname, birthday, school and home; another first name."""
        names = self.girls if of.gender == "Girl" else self.boys
        first = self.rng.choice([name for name in names if name[0] != of.first_name[0]])
        nhs = next(self.nhs) if of.nhs_number else ""
        return replace(of, person=person, first_name=first, nhs_number=nhs)

    def again(self, record: Record) -> Record:
        """The same child reported again, with one or two of the ways records differ."""
        rng = self.rng
        kinds = rng.sample(VARIANTS, rng.choice([1, 1, 2]))
        again = replace(record, variant="+".join(kinds), nhs_number="")
        if record.nhs_number and rng.random() < 0.3:
            again = replace(again, nhs_number=record.nhs_number)
        for kind in kinds:
            again = getattr(self, "_" + kind.replace(" ", "_"))(again)
        return again

    def _exact(self, r: Record) -> Record:
        return r

    def _nickname(self, r: Record) -> Record:
        short = NICKNAMES.get(r.first_name)
        return replace(r, first_name=short) if short else self._spelling(r)

    def _spelling(self, r: Record) -> Record:
        for names in SPELLINGS:
            if r.first_name in names:
                others = [name for name in names if name != r.first_name]
                return replace(r, first_name=self.rng.choice(others))
        return self._typo(r)

    def _typo(self, r: Record) -> Record:
        if self.rng.random() < 0.5:
            return replace(r, first_name=_typo(self.rng, r.first_name))
        return replace(r, last_name=_typo(self.rng, r.last_name))

    def _transposition(self, r: Record) -> Record:
        if self.rng.random() < 0.5:
            return replace(r, first_name=_transpose(self.rng, r.first_name))
        return replace(r, last_name=_transpose(self.rng, r.last_name))

    def _swapped_names(self, r: Record) -> Record:
        return replace(r, first_name=r.last_name, last_name=r.first_name)

    def _approximate_age(self, r: Record) -> Record:
        if r.date_of_birth is None:
            return r
        age = age_on(r.date_of_birth, TODAY) + self.rng.choice([0, 0, 0, 1, -1])
        return replace(r, date_of_birth=None, age_years=age)

    def _date_slip(self, r: Record) -> Record:
        dob = r.date_of_birth
        if dob is None:
            return r
        if dob.day <= 12 and dob.day != dob.month and self.rng.random() < 0.5:
            return replace(r, date_of_birth=dob.replace(day=dob.month, month=dob.day))
        day = dob.day + self.rng.choice([-1, 1]) if 1 < dob.day < 28 else 15
        return replace(r, date_of_birth=dob.replace(day=day))

    def _changed_school(self, r: Record) -> Record:
        return replace(r, school=self.rng.choice([s for s in SCHOOLS if s != r.school]))

    def _moved_house(self, r: Record) -> Record:
        postcode = f"{self.rng.choice(DISTRICTS)} {self.rng.randint(1, 9)}{_letters(self.rng, 2)}"
        return replace(r, postcode=postcode if self.rng.random() < 0.6 else "")


def _letters(rng, n: int) -> str:
    return "".join(rng.choice("ABDEFGHJLNPQRSTUWXYZ") for _ in range(n))


def _typo(rng, name: str) -> str:
    i = rng.randrange(1, len(name)) if len(name) > 1 else 0
    kind = rng.choice(["substitute", "drop", "double"])
    if kind == "substitute":
        return name[:i] + rng.choice("aeioulnrst") + name[i + 1 :]
    if kind == "drop" and len(name) > 3:
        return name[:i] + name[i + 1 :]
    return name[:i] + name[i] + name[i:]


def _transpose(rng, name: str) -> str:
    if len(name) < 3:
        return name
    i = rng.randrange(1, len(name) - 1)
    return name[:i] + name[i + 1] + name[i] + name[i + 2 :]


def _nhs_numbers(rng):
    """Valid NHS numbers (checksum), from the synthetic test range 999 000 0000 upwards."""
    from nhs_number import calculate_checksum

    seen = set()
    while True:
        stem = f"999{rng.randrange(10**6):06d}"
        check = calculate_checksum(stem)
        if check is not None and check != 10 and stem not in seen:
            seen.add(stem)
            yield f"{stem}{check}"


def labelled_records(total: int, seed: int = 13) -> list[Record]:
    """`total` records: about 70% first sightings (2% of them with a twin), 30% the same child
    again. Shuffled; each child's first sighting comes before its repeats."""
    gen = Generator(seed)
    firsts: list[Record] = []
    records: list[Record] = []
    person = 0
    while len(records) < total:
        if not firsts or gen.rng.random() < 0.7:
            person += 1
            record = gen.child(person)
            if gen.rng.random() < 0.02:
                person += 1
                firsts.append(gen.twin(record, person))
                records.append(firsts[-1])
        else:
            record = gen.again(gen.rng.choice(firsts))
        if record.variant == "first":
            firsts.append(record)
        records.append(record)
    return records[:total]
