import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models


class Contact(models.Model):
    """A number shown to practitioners and leads (MASH, the Emergency Duty Team, 999), or
    another route the public page lists (Childline, CEOP, police 101, Crimestoppers)."""

    class Purpose(models.TextChoices):
        MASH = "mash", "Multi-Agency Safeguarding Hub (office hours)"
        EDT = "edt", "Emergency Duty Team (out of hours)"
        EMERGENCY = "emergency", "Emergency services"
        CHILDLINE = "childline", "Other route: Childline"
        CEOP = "ceop", "Other route: CEOP (online abuse)"
        POLICE = "police", "Other route: police non-emergency"
        CRIMESTOPPERS = "crimestoppers", "Other route: Crimestoppers"

    purpose = models.CharField(max_length=20, choices=Purpose.choices, unique=True)
    name = models.CharField(max_length=100)
    number = models.CharField(max_length=30, blank=True)
    link = models.URLField(
        "web address", blank=True, help_text="For a route that is a website, such as CEOP's."
    )
    description = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["purpose"]

    def __str__(self):
        return f"{self.name} {self.number or self.link}"

    @property
    def link_text(self) -> str:
        """The web address as people read it: no https://, no trailing slash."""
        return self.link.split("://", 1)[-1].rstrip("/")

    def clean(self):
        if not (self.number or self.link):
            raise ValidationError("Enter a phone number or a web address")

    @property
    def tel(self) -> str:
        return "".join(ch for ch in self.number if ch.isdigit() or ch == "+")


class OfficeHours(models.Model):
    """The MASH's office hours. One row; bank holidays in England are always closed."""

    opens = models.TimeField(default=datetime.time(9, 0))
    closes = models.TimeField(default=datetime.time(17, 0))
    monday = models.BooleanField(default=True)
    tuesday = models.BooleanField(default=True)
    wednesday = models.BooleanField(default=True)
    thursday = models.BooleanField(default=True)
    friday = models.BooleanField(default=True)
    saturday = models.BooleanField(default=False)
    sunday = models.BooleanField(default=False)

    class Meta:
        verbose_name_plural = "office hours"

    def __str__(self):
        return f"MASH office hours {self.opens:%H:%M}–{self.closes:%H:%M}"

    def open_weekdays(self) -> set[int]:
        days = [self.monday, self.tuesday, self.wednesday, self.thursday, self.friday]
        days += [self.saturday, self.sunday]
        return {index for index, is_open in enumerate(days) if is_open}


class ReminderTimings(models.Model):
    """When reminders fall due. One row."""

    acknowledge_reminder_minutes = models.PositiveIntegerField(default=30)
    escalate_minutes = models.PositiveIntegerField(default=60)
    follow_up_hours = models.PositiveIntegerField(default=24)
    review_working_days = models.PositiveIntegerField(default=1)
    monitoring_review_days = models.PositiveIntegerField(default=91)

    class Meta:
        verbose_name_plural = "reminder timings"

    def __str__(self):
        return "Reminder timings"


class Outcome(models.Model):
    """What came of a referral: strategy discussion, section 47 enquiry, and so on."""

    name = models.CharField(max_length=100, unique=True)
    order = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class Referral(models.Model):
    class Status(models.TextChoices):
        AWAITING = "awaiting", "Awaiting contact"
        ACKNOWLEDGED = "acknowledged", "Acknowledged"
        MASH_CONTACTED = "mash_contacted", "MASH contacted"
        EDT_CONTACTED = "edt_contacted", "EDT contacted"
        POLICE_CONTACTED = "police_contacted", "Police contacted"
        OUTCOME_RECORDED = "outcome_recorded", "Outcome recorded"
        CLOSED = "closed", "Closed"
        WITHDRAWN = "withdrawn", "Withdrawn"

    class Hub(models.TextChoices):
        MASH = "mash", "MASH"
        EDT = "edt", "Emergency Duty Team"
        POLICE = "police", "Police"

    concern = models.OneToOneField(
        "concerns.Concern", on_delete=models.CASCADE, related_name="referral"
    )
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.AWAITING, db_index=True
    )
    created_at = models.DateTimeField(db_index=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    contacted_at = models.DateTimeField(null=True, blank=True)
    contacted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Who was phoned. Kept after the status moves on, since only a call to MASH needs the
    # written follow-up.
    contacted_hub = models.CharField(max_length=6, choices=Hub.choices, blank=True)
    hub_reference = models.CharField(max_length=60, blank=True)
    follow_up_sent_at = models.DateTimeField(null=True, blank=True)
    outcome = models.ForeignKey(Outcome, null=True, blank=True, on_delete=models.PROTECT)
    outcome_note = models.TextField(blank=True, max_length=5000)
    # Written by the lead for the practitioner who filed: the only note the filer sees.
    filer_note = models.TextField(blank=True, max_length=5000, db_default="")
    outcome_at = models.DateTimeField(null=True, blank=True)
    outcome_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Why a referral closed with its written referral unsent (empty when it was sent).
    unsent_reason = models.TextField(blank=True, max_length=5000, db_default="")
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    withdrawn_reason = models.TextField(blank=True, max_length=5000, db_default="")
    # Minus the concern's band, kept by the database (migration 0007's triggers, on PostgreSQL):
    # the queue's order in each status, Immediate first and then oldest, is then one ascending
    # index order, read from a page's cursor without joining or sorting the concerns.
    queue_band = models.SmallIntegerField(db_default=0, editable=False)

    class Meta:
        ordering = ["created_at", "id"]
        permissions = [("open_escalated", "Can open a referral escalated to them")]
        indexes = [
            # Each status's oldest first; with the id too, ties need no sort.
            models.Index(fields=["status", "created_at", "id"], name="referral_queue_order"),
            models.Index(
                fields=["status", "queue_band", "created_at", "id"], name="referral_queue_band"
            ),
        ]

    def __str__(self):
        return f"Referral for {self.concern_id}"

    @property
    def mash_called(self) -> bool:
        return self.contacted_hub == self.Hub.MASH


class Reminder(models.Model):
    """Something due to be sent. The sweep claims it with one conditional update."""

    class Kind(models.TextChoices):
        URGENT_FILED = "urgent_filed", "Urgent referral filed"
        ACK_REMINDER = "ack_reminder", "Urgent referral not acknowledged"
        ESCALATION = "escalation", "Urgent referral escalated to duty managers"
        FOLLOW_UP = "follow_up", "Written follow-up to MASH not sent"
        REVIEW_DUE = "review_due", "Concern not reviewed"
        MONITORING_REVIEW = "monitoring_review", "Monitoring review due"
        WITHDRAWN = "withdrawn", "Referral withdrawn"
        FILER_UPDATE = "filer_update", "Update for the practitioner who filed"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    concern = models.ForeignKey(
        "concerns.Concern", on_delete=models.CASCADE, related_name="reminders"
    )
    due_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "concern", "due_at"], name="uniq_reminder_kind_concern_due"
            )
        ]
        indexes = [
            models.Index(
                fields=["due_at"],
                name="reminder_pending_due",
                condition=models.Q(sent_at__isnull=True, cancelled_at__isnull=True),
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} due {self.due_at:%Y-%m-%d %H:%M}"


class Notification(models.Model):
    """One row per message sent to one person: who, what kind, when."""

    reminder = models.ForeignKey(Reminder, on_delete=models.CASCADE, related_name="notifications")
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    kind = models.CharField(max_length=20, choices=Reminder.Kind.choices)
    sent_at = models.DateTimeField()

    class Meta:
        ordering = ["-sent_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["reminder", "recipient"], name="uniq_notification_per_recipient"
            )
        ]

    def __str__(self):
        return f"{self.kind} to {self.recipient_id}"


class CallAttempt(models.Model):
    """One phone call to MASH, the Emergency Duty Team or the police, as it happened."""

    class Result(models.TextChoices):
        NO_ANSWER = "no_answer", "No answer"
        LEFT_MESSAGE = "left_message", "Left a message"
        SPOKE_TO = "spoke_to", "Spoke to someone"

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="calls")
    hub = models.CharField(max_length=6, choices=Referral.Hub.choices)
    result = models.CharField(max_length=12, choices=Result.choices)
    spoke_to = models.CharField(max_length=100, blank=True)
    reference = models.CharField(max_length=60, blank=True)
    called_at = models.DateTimeField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["called_at", "id"]

    def __str__(self):
        return f"{self.get_hub_display()}: {self.get_result_display()}"


class PriorContact(models.Model):
    """What the practitioner said at filing: they had already contacted MASH, EDT or police."""

    concern = models.OneToOneField(
        "concerns.Concern", on_delete=models.CASCADE, related_name="prior_contact"
    )
    hub = models.CharField(max_length=6, choices=Referral.Hub.choices)
    contacted_at = models.DateTimeField(null=True, blank=True)
    reference = models.CharField(max_length=60, blank=True)

    def __str__(self):
        return f"Prior contact with {self.get_hub_display()}"


class WrittenReferral(models.Model):
    """A generated written referral: the PDF as it was, and whether and how it went to MASH."""

    class Method(models.TextChoices):
        EMAIL_ATTACHMENT = "email_attachment", "Emailed to MASH as an attachment"
        EMAIL_LINK = "email_link", "Emailed to MASH as a link that needs sign-in"
        BY_HAND = "by_hand", "Downloaded and sent by the lead"

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="documents")
    pdf = models.BinaryField()
    sha256 = models.CharField(max_length=64)
    generated_at = models.DateTimeField()
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    sent_at = models.DateTimeField(null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    sent_to = models.EmailField(blank=True)
    method = models.CharField(max_length=20, choices=Method.choices, blank=True)

    class Meta:
        ordering = ["generated_at", "id"]

    def __str__(self):
        return f"Written referral {self.pk}"


class MashSettings(models.Model):
    """Where written referrals are emailed. One row, set by an admin."""

    secure_email = models.EmailField(
        "MASH secure email address",
        blank=True,
        help_text="Written referrals are only ever emailed to this address.",
    )
    attach_pdf = models.BooleanField(
        "Attach the PDF",
        default=False,
        help_text="Only if this address is secure for case content. Otherwise the email "
        "carries a link that needs signing in.",
    )

    class Meta:
        verbose_name = "MASH email settings"
        verbose_name_plural = "MASH email settings"

    def __str__(self):
        return "MASH email settings"


class DutyShift(models.Model):
    """Who is the duty lead for one day's office hours or out of hours."""

    class Period(models.TextChoices):
        OFFICE_HOURS = "office", "Office hours"
        OUT_OF_HOURS = "out", "Out of hours"

    day = models.DateField()
    period = models.CharField(max_length=6, choices=Period.choices)
    lead = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["day", "period"]
        verbose_name = "duty rota entry"
        verbose_name_plural = "duty rota"
        constraints = [
            models.UniqueConstraint(fields=["day", "period"], name="uniq_duty_day_period")
        ]

    def __str__(self):
        return f"{self.day:%d %B %Y}, {self.get_period_display().lower()}"
