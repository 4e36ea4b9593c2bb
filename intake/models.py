"""A concern being typed: saved section by section, seen by its author alone."""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models


class Draft(models.Model):
    """What a practitioner has typed so far, as it was posted (field name -> list of values),
    so every section draws again exactly as typed, valid or not. It holds child data: only its
    author may open it (intake.selectors), it is never in the admin, it expires, and filing
    deletes it. The id goes in addresses: it is random and says nothing about the child."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="intake_drafts"
    )
    data = models.JSONField(default=dict)
    # Sections whose answers were last saved complete and valid.
    sections_done = models.JSONField(default=list)
    # Filing the draft files with this token, so a second submit finds the first concern.
    submission_token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["-updated_at"]
        indexes = [models.Index(fields=["author", "-updated_at"])]

    def __str__(self):
        return f"Draft {self.pk}"


class DraftPolicy(models.Model):
    """How long an unfinished concern is kept after it was last saved. One row."""

    keep_days = models.PositiveIntegerField(
        "keep unfinished concerns for (days)",
        default=30,
        validators=[
            MinValueValidator(1, "Keep unfinished concerns for at least 1 day"),
            MaxValueValidator(365, "Keep unfinished concerns for 365 days or fewer"),
        ],
        help_text="Counted from the last time the practitioner saved it. A purge every hour "
        "deletes older drafts.",
    )
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "unfinished concern policy"
        verbose_name_plural = "unfinished concern policy"

    def __str__(self):
        return f"Keep unfinished concerns for {self.keep_days} days"
