import datetime
import uuid

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models.functions import Upper

from indicators.scoring import ANSWERS, Band

# The ONS 2021 Census ethnic groups (England and Wales), as the census lists them.
ETHNICITY_CHOICES = [
    (
        "Asian or Asian British",
        [
            ("asian_bangladeshi", "Bangladeshi"),
            ("asian_chinese", "Chinese"),
            ("asian_indian", "Indian"),
            ("asian_pakistani", "Pakistani"),
            ("asian_other", "Any other Asian background"),
        ],
    ),
    (
        "Black, Black British, Caribbean or African",
        [
            ("black_african", "African"),
            ("black_caribbean", "Caribbean"),
            ("black_other", "Any other Black, Black British or Caribbean background"),
        ],
    ),
    (
        "Mixed or multiple ethnic groups",
        [
            ("mixed_white_asian", "White and Asian"),
            ("mixed_white_black_african", "White and Black African"),
            ("mixed_white_black_caribbean", "White and Black Caribbean"),
            ("mixed_other", "Any other Mixed or multiple ethnic background"),
        ],
    ),
    (
        "White",
        [
            ("white_british", "English, Welsh, Scottish, Northern Irish or British"),
            ("white_irish", "Irish"),
            ("white_gypsy_traveller", "Gypsy or Irish Traveller"),
            ("white_roma", "Roma"),
            ("white_other", "Any other White background"),
        ],
    ),
    (
        "Other ethnic group",
        [
            ("other_arab", "Arab"),
            ("other_any", "Any other ethnic group"),
        ],
    ),
    (
        "Not known",
        [
            ("not_known", "Not known"),
            ("not_stated", "Prefer not to say"),
        ],
    ),
]
ETHNICITY_LABELS = {
    value: f"{group}: {label}" if group != "Not known" else label
    for group, options in ETHNICITY_CHOICES
    for value, label in options
}
AGENCY_CHOICES = [
    ("police", "Police"),
    ("health", "Health"),
    ("camhs", "Child and adolescent mental health services (CAMHS)"),
    ("youth_justice", "Youth justice"),
    ("school", "School or education"),
    ("voluntary", "Voluntary sector"),
    ("other", "Other"),
]
AGENCY_LABELS = dict(AGENCY_CHOICES)
BAND_CHOICES = [(band.value, band.label) for band in Band]
ANSWER_CHOICES = [(answer, answer.capitalize()) for answer in ANSWERS]


def identity_rows(values: dict) -> list[tuple[str, str]]:
    """The optional identity details in `values` (a concern's `reported`, or a child record's
    columns) as (label, text), leaving out what is not given."""
    carers = "; ".join(
        ", ".join(part for part in (c.get("name"), c.get("relationship"), c.get("phone")) if part)
        for c in values.get("carers") or []
    )
    agencies = ", ".join(AGENCY_LABELS.get(a, a) for a in values.get("other_agencies") or [])
    known = dict(Child.KnownToSocialCare.choices).get(values.get("known_to_social_care"), "")
    rows = [
        ("NHS number", values.get("nhs_number", "")),
        ("Unique pupil number", values.get("upn", "")),
        ("Home postcode", values.get("postcode", "")),
        ("Home address", values.get("address", "")),
        ("Parents or carers", carers),
        ("Ethnicity", ETHNICITY_LABELS.get(values.get("ethnicity", ""), "")),
        ("Known to children's social care", known),
        ("Other agencies involved", agencies),
    ]
    return [(label, value) for label, value in rows if value]


class Child(models.Model):
    """A child as identified across concerns. The *_norm, *_key and birth_year columns are the
    indexed keys matching looks candidates up by (concerns/matching.py): each lookup is an
    index range, so it costs the same among a thousand children as among a million."""

    class Gender(models.TextChoices):
        # Stored as the words: records from before the fixed list hold "Female", "Male".
        FEMALE = "Female", "Female"
        MALE = "Male", "Male"
        NON_BINARY = "Non-binary", "Non-binary"
        SELF_DESCRIBE = "Self-describe", "Prefer to self-describe"
        NOT_KNOWN = "Not known", "Not known"

    class KnownToSocialCare(models.TextChoices):
        YES = "yes", "Yes"
        NO = "no", "No"
        NOT_KNOWN = "not_known", "Not known"

    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    date_of_birth = models.DateField(null=True, blank=True)
    gender = models.CharField(max_length=40, blank=True)
    gender_description = models.CharField(max_length=100, blank=True, default="", db_default="")
    match_key = models.CharField(max_length=220, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    nhs_number = models.CharField(
        "NHS number", max_length=10, blank=True, default="", db_default="", db_index=True
    )
    upn = models.CharField(
        "unique pupil number", max_length=13, blank=True, default="", db_default="", db_index=True
    )
    postcode = models.CharField(max_length=8, blank=True, default="", db_default="")
    address = models.TextField(blank=True, default="", db_default="", max_length=500)
    carers = models.JSONField(
        default=list, db_default=[], blank=True
    )  # [{name, relationship, phone}]
    ethnicity = models.CharField(max_length=40, blank=True, default="", db_default="")
    known_to_social_care = models.CharField(
        max_length=10, choices=KnownToSocialCare.choices, blank=True, default="", db_default=""
    )
    other_agencies = models.JSONField(default=list, db_default=[], blank=True)
    school = models.CharField(
        max_length=200, blank=True, default="", db_default=""
    )  # as given on the latest concern

    # Match keys (concerns/matching.py keys_for).
    first_norm = models.CharField(max_length=100, blank=True, default="", db_default="")
    last_norm = models.CharField(max_length=100, blank=True, default="", db_default="")
    first_key = models.CharField(max_length=20, blank=True, default="", db_default="")
    last_key = models.CharField(max_length=20, blank=True, default="", db_default="")
    name_pair_key = models.CharField(max_length=41, blank=True, default="", db_default="")
    birth_year = models.PositiveSmallIntegerField(null=True, blank=True)
    postcode_key = models.CharField(max_length=8, blank=True, default="", db_default="")

    # A merged record holds no concerns, so it goes with the record it was merged into
    # (when retention deletes that one for having none either).
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        verbose_name_plural = "children"
        indexes = [
            models.Index(fields=["last_name", "first_name"]),
            models.Index(fields=["name_pair_key"], name="child_name_pair"),
            models.Index(fields=["last_norm", "birth_year"], name="child_last_year"),
            models.Index(fields=["first_norm", "birth_year"], name="child_first_year"),
            models.Index(fields=["date_of_birth", "first_key"], name="child_dob_first"),
            models.Index(fields=["date_of_birth", "last_key"], name="child_dob_last"),
            models.Index(fields=["postcode_key", "first_key"], name="child_postcode_first"),
            models.Index(fields=["last_key", "birth_year"], name="child_lastkey_year"),
        ]

    def __str__(self):
        return f"Child {self.pk}"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def gender_shown(self) -> str:
        if self.gender == self.Gender.SELF_DESCRIBE and self.gender_description:
            return self.gender_description
        return dict(self.Gender.choices).get(self.gender, self.gender)

    @property
    def identity_rows(self) -> list[tuple[str, str]]:
        """What the record holds (from every concern about the child), for leads."""
        columns = {
            name: getattr(self, name)
            for name in ("nhs_number", "upn", "postcode", "address", "carers", "ethnicity")
        }
        columns |= {
            "known_to_social_care": self.known_to_social_care,
            "other_agencies": self.other_agencies,
        }
        rows = identity_rows(columns)
        gender = self.gender_shown
        return ([("Gender", gender)] if gender else []) + rows

    @property
    def gender_display(self) -> str:
        if self.gender == self.Gender.SELF_DESCRIBE and self.gender_description:
            return self.gender_description
        labels = dict(self.Gender.choices)
        return labels.get(self.gender, self.gender)


class PossibleMatch(models.Model):
    """Two child records that may be the same child, for a lead to confirm or dismiss."""

    class Status(models.TextChoices):
        OPEN = "open", "Waiting for a decision"
        MERGED = "merged", "Same child: merged"
        DISMISSED = "dismissed", "Not the same child"

    class FoundBy(models.TextChoices):
        FILING = "filing", "When a concern was filed"
        NIGHTLY = "nightly", "The nightly check"

    child_a = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="+")
    child_b = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="+")
    weight = models.FloatField()
    levels = models.JSONField(default=dict)
    found_by = models.CharField(max_length=10, choices=FoundBy.choices)
    found_at = models.DateTimeField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(blank=True, max_length=5000)

    class Meta:
        ordering = ["-weight", "id"]
        constraints = [
            models.UniqueConstraint(fields=["child_a", "child_b"], name="child_match_pair"),
            models.CheckConstraint(
                condition=models.Q(child_a__lt=models.F("child_b")), name="child_match_order"
            ),
        ]
        indexes = [models.Index(fields=["status", "-weight"], name="child_match_open")]

    def __str__(self):
        return f"Possible match {self.child_a_id}/{self.child_b_id}"


class ChildMerge(models.Model):
    """One merge of child records, with all that undoing it needs."""

    kept = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="merges_kept")
    merged = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="merges_absorbed")
    concern_ids = models.JSONField(default=list)  # the concerns moved to the kept record
    filled = models.JSONField(default=dict)  # kept's blank fields filled from merged: old values
    possible_match = models.ForeignKey(
        PossibleMatch, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(max_length=5000)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    undo_reason = models.TextField(blank=True, max_length=5000)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self):
        return f"Merge of child {self.merged_id} into {self.kept_id}"


def status_text(status: str, referral_status: str | None, outcome_name: str | None) -> str:
    """A concern's status as every list and page shows it: a referred or closed concern with
    a referral says where the referral is, and its outcome once there is one."""
    if referral_status:
        from referrals.models import Referral  # referrals depends on concerns, not the reverse

        text = Referral.Status(referral_status).label
        return f"{text}: {outcome_name}" if outcome_name else text
    return Concern.Status(status).label


class Concern(models.Model):
    class Status(models.TextChoices):
        NEW = "new", "Awaiting review"
        REFERRED = "referred", "Referred"
        MONITORING = "monitoring", "Monitoring"
        CLOSED = "closed", "Closed"

    reference = models.CharField(max_length=20, unique=True)
    submission_token = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)
    # No single-column indexes where a composite index below starts with the same column:
    # they only gave the planner more to weigh on every query (migration 0004).
    child = models.ForeignKey(
        Child, on_delete=models.PROTECT, related_name="concerns", db_index=False
    )
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="concerns_filed",
        db_index=False,
    )
    filed_at = models.DateTimeField()  # indexed by concern_filed_band

    # The child's circumstances as reported on this concern.
    age_years = models.PositiveSmallIntegerField()
    age_is_approximate = models.BooleanField(default=False)
    school = models.CharField("school or setting", max_length=200, blank=True)
    area = models.CharField(max_length=100, blank=True)  # searched by concern_area_filed
    learning_disability = models.BooleanField(default=False)
    # The child's identity as typed on this concern: a practitioner sees this, never the
    # child record, which may hold what others reported.
    reported = models.JSONField(default=dict, db_default={}, blank=True)
    looked_after = models.BooleanField("looked after child", default=False)

    disclosure = models.BooleanField(default=False)
    immediate_risk = models.BooleanField(default=False)
    narrative = models.TextField(max_length=20000)
    # Filled by the sectioned intake; a database default keeps bulk loads (make bench) simple.
    # What happened, in the practitioner's words (the intake's "What happened" section).
    incident_when = models.CharField(
        "when it happened", max_length=200, blank=True, default="", db_default=""
    )
    incident_where = models.CharField(
        "where it happened", max_length=500, blank=True, default="", db_default=""
    )
    people_present = models.TextField(
        "who was there", max_length=2000, blank=True, default="", db_default=""
    )
    others_aware = models.TextField(
        "who else knows", max_length=2000, blank=True, default="", db_default=""
    )
    # About the person filing, as MASH will ask (the intake's "About you" section).
    reporter_organisation = models.CharField(
        "organisation", max_length=200, blank=True, default="", db_default=""
    )
    reporter_phone = models.CharField(
        "phone number", max_length=40, blank=True, default="", db_default=""
    )

    # The score as computed at filing (never changes) and the band in force (after override).
    total = models.DecimalField(max_digits=6, decimal_places=1)
    scored_band = models.PositiveSmallIntegerField(choices=BAND_CHOICES)
    band = models.PositiveSmallIntegerField(choices=BAND_CHOICES)
    explanation = models.JSONField()
    policy = models.ForeignKey("indicators.ScoringPolicy", on_delete=models.PROTECT)

    status = models.CharField(max_length=12, choices=Status.choices, default=Status.NEW)
    status_reason = models.TextField(blank=True, max_length=5000)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    status_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    review_date = models.DateField(null=True, blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-filed_at", "-id"]
        permissions = [
            ("file_concern", "Can file a concern"),
            ("triage_concern", "Can triage concerns and work referrals"),
        ]
        indexes = [
            # The triage list's orders and filters, paged by keyset (common.paging): each ends
            # in the id, so a page starts at its cursor however deep it is. Read backwards
            # for the newest first.
            models.Index(fields=["filed_at", "id"], name="concern_filed_id"),
            models.Index(fields=["band", "filed_at", "id"], name="concern_band_filed_id"),
            models.Index(fields=["status", "filed_at", "id"], name="concern_status_filed_id"),
            models.Index(Upper("area"), "filed_at", "id", name="concern_area_filed_id"),
            # A status or area sorted by band: without these the band index is read from its
            # top, past every referred concern, looking for a monitored one.
            models.Index(
                fields=["status", "band", "filed_at", "id"], name="concern_status_band_filed_id"
            ),
            models.Index(
                Upper("area"), "band", "filed_at", "id", name="concern_area_band_filed_id"
            ),
            models.Index(fields=["filed_by", "filed_at", "id"], name="concern_filer_filed_id"),
            # A child's concerns by date; with the id, a search by name ranks its matches
            # from this index alone (dashboard_selectors.concerns_page).
            models.Index(fields=["child", "filed_at", "id"], name="concern_child_filed_id"),
            models.Index(fields=["status", "review_date"], name="concern_status_review"),
        ]

    def __str__(self):
        return self.reference

    @property
    def band_label(self) -> str:
        return Band(self.band).label

    # What was typed about the child on this concern. The child record may since hold more,
    # from others' concerns or a merge, which the filer must not see.

    @property
    def child_name(self) -> str:
        reported = self.reported or {}
        if reported.get("first_name"):
            return f"{reported['first_name']} {reported['last_name']}"
        return self.child.full_name

    @property
    def reported_date_of_birth(self):
        reported = self.reported or {}
        if "date_of_birth" not in reported:
            return self.child.date_of_birth
        value = reported["date_of_birth"]
        return datetime.date.fromisoformat(value) if value else None

    @property
    def reported_gender(self) -> str:
        reported = self.reported or {"gender": self.child.gender}
        gender = reported.get("gender", "")
        if gender == Child.Gender.SELF_DESCRIBE and reported.get("gender_description"):
            return reported["gender_description"]
        return dict(Child.Gender.choices).get(gender, gender)

    @property
    def identity_rows(self) -> list[tuple[str, str]]:
        """The optional identity details given on this concern, as (label, text)."""
        return identity_rows(self.reported or {})

    @property
    def what_happened(self) -> list[tuple[str, str]]:
        """The structured parts of what happened, and who filed it, as the page lists them."""
        return [
            ("When", self.incident_when),
            ("Where", self.incident_where),
            ("Who was there", self.people_present),
            ("Who else knows", self.others_aware),
            ("Filer's organisation", self.reporter_organisation),
            ("Filer's phone number", self.reporter_phone),
        ]

    @property
    def is_urgent(self) -> bool:
        return self.band >= Band.HIGH


class Answer(models.Model):
    """One answer, with the wording and weight it was given against."""

    concern = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="answers")
    indicator = models.ForeignKey(
        "indicators.Indicator", on_delete=models.PROTECT, related_name="+"
    )
    indicator_version = models.PositiveIntegerField()
    key = models.CharField(max_length=40)
    kind = models.CharField(max_length=10)
    text = models.CharField(max_length=300)
    weight = models.PositiveSmallIntegerField()
    answer = models.CharField(max_length=8, choices=ANSWER_CHOICES)
    note = models.TextField(blank=True, max_length=2000)
    order = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["concern", "order"]

    def __str__(self):
        return f"{self.key}: {self.answer}"


class Addendum(models.Model):
    concern = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="addenda")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    created_at = models.DateTimeField(auto_now_add=True)
    text = models.TextField(max_length=10000)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name_plural = "addenda"

    def __str__(self):
        return f"Addendum {self.pk} to {self.concern_id}"


class BandOverride(models.Model):
    """A lead's override of the band, with the reason. The original score is kept."""

    concern = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="overrides")
    from_band = models.PositiveSmallIntegerField(choices=BAND_CHOICES)
    to_band = models.PositiveSmallIntegerField(choices=BAND_CHOICES)
    reason = models.TextField(max_length=5000)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self):
        return f"Override of {self.concern_id} to {self.get_to_band_display()}"


class ReferenceCounter(models.Model):
    """One row per year; incremented with a row lock so references never collide."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.year}: {self.last}"


class ConcernCount(models.Model):
    """How many concerns there are with each band and status, for the triage dashboard.

    Kept by a database trigger on the concern table (migration 0003), in the same transaction
    as every insert, delete and change of band or status, whichever code makes it: counting
    the whole table on every page view grew with the table."""

    band = models.PositiveSmallIntegerField(choices=BAND_CHOICES)
    status = models.CharField(max_length=20)
    count = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["band", "status"], name="concern_count_band_status")
        ]

    def __str__(self):
        return f"{self.band}/{self.status}: {self.count}"


class WeeklyCount(models.Model):
    """How many concerns were filed each week (Monday to Sunday, UK time) in each band, for
    the dashboard's twelve-week trend. Kept by a trigger as ConcernCount is (migration 0010):
    counting the weeks' concerns on every page view grew with the number filed a week."""

    week = models.DateField()  # the Monday
    band = models.PositiveSmallIntegerField(choices=BAND_CHOICES)
    count = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["week", "band"], name="concern_weekly_count_week_band")
        ]

    def __str__(self):
        return f"{self.week}/{self.band}: {self.count}"


RETENTION_75_YEARS_IN_DAYS = 27394  # 75 × 365.25


class RetentionPolicy(models.Model):
    """How long closed concerns are kept before `manage.py purge_expired` deletes them. One row."""

    # 75 years: IICSA's final report (2022) recommends keeping records known to relate to child
    # sexual abuse for 75 years, so that a survivor can see them as an adult and later inquiries
    # can find them. 7 years (the usual default for case files) is far too short for these.
    closed_concern_retention_days = models.PositiveIntegerField(
        "keep closed concerns for (days)",
        default=RETENTION_75_YEARS_IN_DAYS,
        validators=[MinValueValidator(30, "Keep closed concerns for at least 30 days")],
        help_text="Counted from the child's date of birth or the concern's last change, "
        "whichever is later. 27,394 days is 75 years, as the Independent Inquiry into Child "
        "Sexual Abuse (2022) recommends for records of child sexual abuse. A concern is never "
        "deleted while the child has any concern still open.",
    )
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "cse_portal_retentionpolicy"
        verbose_name = "retention policy"
        verbose_name_plural = "retention policy"

    def __str__(self):
        return f"Keep closed concerns for {self.closed_concern_retention_days} days"
