import uuid

from django.conf import settings
from django.db import models
from django.db.models import F
from django.db.models.functions import Upper

from indicators.scoring import ANSWERS, Band

BAND_CHOICES = [(band.value, band.label) for band in Band]
ANSWER_CHOICES = [(answer, answer.capitalize()) for answer in ANSWERS]


class Child(models.Model):
    """A child as identified across concerns: matched on normalised name and date of birth."""

    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    date_of_birth = models.DateField(null=True, blank=True)
    gender = models.CharField(max_length=40, blank=True)
    match_key = models.CharField(max_length=220, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "children"
        indexes = [models.Index(fields=["last_name", "first_name"])]

    def __str__(self):
        return f"Child {self.pk}"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


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
            # The newest-first list, and the weekly trend by band read from the index alone.
            models.Index(fields=["filed_at"], include=["band"], name="concern_filed_band"),
            models.Index(fields=["filed_by", "-filed_at"]),
            models.Index(fields=["child", "filed_at"]),
            models.Index(fields=["status", "-filed_at"]),
            models.Index(fields=["band", "-filed_at"]),
            # For the triage dashboard's filters and sorts.
            models.Index(fields=["band", "filed_at"], name="concern_band_filed_asc"),
            models.Index(Upper("area"), F("filed_at").desc(), name="concern_area_filed"),
            models.Index(fields=["status", "review_date"], name="concern_status_review"),
        ]

    def __str__(self):
        return self.reference

    @property
    def band_label(self) -> str:
        return Band(self.band).label

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
