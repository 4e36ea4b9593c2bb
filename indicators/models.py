from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from .scoring import Item, Policy


class Indicator(models.Model):
    """A grooming indicator or a defining feature of CSE. Editing one bumps its version;
    concerns keep a copy of the wording and weight they were scored against."""

    KIND_INDICATOR = "indicator"
    KIND_FEATURE = "feature"
    KIND_CHOICES = [(KIND_INDICATOR, "Grooming indicator"), (KIND_FEATURE, "Defining feature")]

    key = models.SlugField(max_length=40, unique=True)
    kind = models.CharField(max_length=10, choices=KIND_CHOICES, default=KIND_INDICATOR)
    text = models.CharField("wording", max_length=300)
    help_text = models.CharField(max_length=500, blank=True)
    weight = models.PositiveSmallIntegerField(validators=[MaxValueValidator(10)])
    order = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(default=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["order", "id"]
        permissions = [("view_indicator_public", "See indicator wording")]

    def __str__(self):
        return self.text

    def as_item(self) -> Item:
        return Item(key=self.key, text=self.text, weight=self.weight, kind=self.kind)


class IndicatorVersion(models.Model):
    """History of every wording and weight an indicator has had."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="versions")
    version = models.PositiveIntegerField()
    text = models.CharField(max_length=300)
    help_text = models.CharField(max_length=500, blank=True)
    weight = models.PositiveSmallIntegerField()
    active = models.BooleanField()
    changed_at = models.DateTimeField(auto_now_add=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        ordering = ["indicator", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "version"], name="uniq_indicator_version")
        ]

    def __str__(self):
        return f"{self.indicator_id} v{self.version}"


class ScoringPolicy(models.Model):
    """Thresholds and floor numbers. Rows are never edited: a change adds a new version,
    and the newest version is the one in force."""

    version = models.PositiveIntegerField(unique=True, editable=False)
    medium_threshold = models.DecimalField(
        max_digits=5, decimal_places=1, default=Decimal(6), validators=[MinValueValidator(0)]
    )
    high_threshold = models.DecimalField(
        max_digits=5, decimal_places=1, default=Decimal(12), validators=[MinValueValidator(0)]
    )
    young_age = models.PositiveSmallIntegerField(
        default=13,
        help_text="A child under this age with any indicator present is at least Medium.",
    )
    repeat_count = models.PositiveSmallIntegerField(
        default=3,
        validators=[MinValueValidator(2)],
        help_text="This many concerns about one child (including the new one)…",
    )
    repeat_days = models.PositiveSmallIntegerField(
        default=90, help_text="…within this many days raise the band by one."
    )
    looked_after_floor = models.BooleanField(
        "looked after children lift the band",
        default=True,
        help_text="A looked after child with any indicator present is at least Medium, "
        "as a child with a learning disability is.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        ordering = ["-version"]
        verbose_name_plural = "scoring policies"

    def __str__(self):
        return f"Scoring policy v{self.version}"

    def clean(self):
        if (
            self.medium_threshold is not None
            and self.high_threshold is not None
            and self.medium_threshold > self.high_threshold
        ):
            raise ValidationError(
                {"high_threshold": "The High threshold must be at least the Medium threshold"}
            )

    def as_policy(self) -> Policy:
        return Policy(
            version=self.version,
            medium_threshold=self.medium_threshold,
            high_threshold=self.high_threshold,
            young_age=self.young_age,
            repeat_count=self.repeat_count,
            repeat_days=self.repeat_days,
            looked_after_floor=self.looked_after_floor,
        )
