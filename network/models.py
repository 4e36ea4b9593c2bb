"""People, vehicles, places, phone numbers and online accounts named in concerns (the POLE
model's persons, objects and locations; concerns are its events), and the links between them.

Every field here is child-sensitive content: shown only to leads and to the concern's filer,
never put in an email, a log line or a URL."""

from django.conf import settings
from django.db import models


class Kind(models.TextChoices):
    PERSON = "person", "Person"
    VEHICLE = "vehicle", "Vehicle"
    PLACE = "place", "Place"
    PHONE = "phone", "Phone number"
    ACCOUNT = "account", "Online account"


class PlaceType(models.TextChoices):
    TAKEAWAY = "takeaway", "Takeaway or restaurant"
    HOTEL = "hotel", "Hotel or B&B"
    HOUSE = "house", "House or flat"
    PARK = "park", "Park or open space"
    SHOPS = "shops", "Shopping centre or shop"
    TRANSPORT = "transport", "Station, bus stop or taxi rank"
    OTHER = "other", "Somewhere else"


class Platform(models.TextChoices):
    SNAPCHAT = "snapchat", "Snapchat"
    INSTAGRAM = "instagram", "Instagram"
    TIKTOK = "tiktok", "TikTok"
    WHATSAPP = "whatsapp", "WhatsApp"
    FACEBOOK = "facebook", "Facebook"
    X = "x", "X (Twitter)"
    TELEGRAM = "telegram", "Telegram"
    DISCORD = "discord", "Discord"
    OTHER = "other", "Another app or site"


class Entity(models.Model):
    """One person, vehicle, place, phone or account. The details are as first reported (leads
    can correct them, audited); the keys are derived from them on every save by the services."""

    kind = models.CharField(max_length=10, choices=Kind.choices)
    # A person's name or nickname, or a place's name.
    name = models.CharField(max_length=200, blank=True)
    alias = models.CharField("also known as", max_length=200, blank=True)
    approximate_age = models.PositiveSmallIntegerField(null=True, blank=True)
    description = models.TextField(max_length=2000, blank=True)
    registration = models.CharField(max_length=20, blank=True)
    make = models.CharField(max_length=60, blank=True)
    model = models.CharField(max_length=60, blank=True)
    colour = models.CharField(max_length=40, blank=True)
    place_type = models.CharField(max_length=12, choices=PlaceType.choices, blank=True)
    address = models.CharField(max_length=300, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    number = models.CharField("phone number", max_length=40, blank=True)
    platform = models.CharField(max_length=12, choices=Platform.choices, blank=True)
    handle = models.CharField("username or handle", max_length=100, blank=True)

    # Match keys, indexed: an exact key for vehicles, phones and accounts (and places with a
    # postcode); normalised and phonetic names for people and places.
    exact_key = models.CharField(max_length=120, blank=True)
    name_text = models.CharField(max_length=200, blank=True)
    name_sound = models.CharField(max_length=60, blank=True)
    alias_sound = models.CharField(max_length=60, blank=True)
    postcode_key = models.CharField(max_length=8, blank=True)

    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged"
    )
    # A person or place with a name, not yet compared with those filed before it: the worker's
    # sweep (services.possible_matches_offer) compares it and offers the leads what it may be.
    to_compare = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "entities"
        indexes = [
            models.Index(fields=["kind", "exact_key"], name="entity_exact"),
            models.Index(fields=["kind", "name_sound"], name="entity_sound"),
            models.Index(
                fields=["kind", "alias_sound"],
                name="entity_alias_sound",
                condition=~models.Q(alias_sound=""),
            ),
            models.Index(fields=["kind", "postcode_key"], name="entity_postcode"),
            models.Index(
                fields=["id"], name="entity_to_compare", condition=models.Q(to_compare=True)
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.pk}"

    @property
    def particulars(self) -> str:
        """What tells two of a kind apart beside their names: 'Person, about 30',
        'Place, Takeaway or restaurant, SP1 1AA'."""
        parts = [self.get_kind_display()]
        if self.approximate_age:
            parts.append(f"about {self.approximate_age}")
        if self.place_type:
            parts.append(self.get_place_type_display())
        if self.postcode:
            parts.append(self.postcode)
        return ", ".join(parts)

    @property
    def label(self) -> str:
        """What the entity is called on pages (never in emails)."""
        if self.kind == Kind.VEHICLE:
            car = " ".join(part for part in (self.colour, self.make, self.model) if part)
            return f"{self.registration} {car}".strip() or "Vehicle"
        if self.kind == Kind.PHONE:
            return self.number
        if self.kind == Kind.ACCOUNT:
            return f"{self.get_platform_display()} {self.handle}"
        name = self.name or self.alias or "Name not known"
        if self.alias and self.name:
            name = f"{self.name} ({self.alias})"
        return name


# An entity's own details: what its form asks, and what a link keeps of what its concern said.
DETAIL_FIELDS = (
    *("name", "alias", "approximate_age", "description", "registration", "make", "model"),
    *("colour", "place_type", "address", "postcode", "number", "platform", "handle"),
)


class EntityLink(models.Model):
    """An entity named in a concern, with its role in that concern."""

    # No index of their own: entity_link_once leads with the entity, entity_link_concern is
    # the concern's. A filing writes every index of every link it makes.
    entity = models.ForeignKey(
        Entity, on_delete=models.PROTECT, related_name="links", db_index=False
    )
    concern = models.ForeignKey(
        "concerns.Concern", on_delete=models.CASCADE, related_name="entity_links", db_index=False
    )
    # The concern's child, kept here so that counting an entity's children reads its links
    # alone (an alert, the entity and network pages): set when the link is written and moved
    # with the concerns when child records are merged or a merge is undone.
    child = models.ForeignKey(
        "concerns.Child", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    # When the concern was filed (which never changes), so that a period's concerns are counted
    # from the links alone (the Networks and Places pages).
    filed_at = models.DateTimeField()
    role = models.CharField("role in this concern", max_length=200, blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    added_at = models.DateTimeField()
    at_filing = models.BooleanField(default=True)
    # The cluster (connected group of children and entities) the link is in: a label kept by
    # network.clusters as links are written; empty only on rows loaded around the services.
    cluster = models.BigIntegerField(null=True, blank=True)
    # What this concern said of the entity when it was named (its details as tidied, blanks
    # left out). The concern's filer and its written referral see this, never the entity's own
    # details: those may have been typed by another filer about another child, or corrected by
    # a lead. Never changed: merging, splitting or correcting the entity leaves it as filed.
    named = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["added_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["entity", "concern"], name="entity_link_once")
        ]
        indexes = [
            models.Index(fields=["concern"], name="entity_link_concern"),
            models.Index(fields=["child", "entity"], name="entity_link_child"),
            # Counting an entity's concerns and children, and finding its cluster, from the
            # index alone.
            models.Index(fields=["entity", "child", "cluster"], name="entity_link_children"),
            models.Index(
                fields=["filed_at", "cluster", "child", "concern", "entity"],
                name="entity_link_filed",
            ),
            models.Index(fields=["cluster", "entity"], name="entity_link_cluster"),
            models.Index(
                fields=["id"], name="entity_link_unlabelled", condition=models.Q(cluster=None)
            ),
        ]

    def __str__(self):
        return f"{self.entity_id} in {self.concern_id}"

    @property
    def as_named(self) -> Entity:
        """The entity as this concern named it (not saved): its label and details as typed."""
        details = {name: value for name, value in self.named.items() if name in DETAIL_FIELDS}
        return Entity(kind=self.entity.kind, **details)


class PossibleMatch(models.Model):
    """Two entities that may be the same (a similar name, a compatible age or postcode), for a
    lead to confirm (merge) or keep apart. Never merged automatically."""

    class Status(models.TextChoices):
        OPEN = "open", "To decide"
        MERGED = "merged", "Confirmed the same"
        APART = "apart", "Kept apart"

    first = models.ForeignKey(Entity, on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey(Entity, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(max_length=200)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["first", "second"], name="possible_match_once")
        ]
        indexes = [models.Index(fields=["status", "-created_at"], name="possible_match_open")]

    def __str__(self):
        return f"{self.first_id} ~ {self.second_id}"


class EntityAlert(models.Model):
    """A new concern names entities already in other concerns: the leads are told at once.

    `lines` holds, for each entity, its kind and id as filing found it; the sweep that sends the
    alert adds how many other concerns and children (services.alert_count). Never who or what:
    the email and the dashboard say the kind and the counts only. Sent like a reminder: claimed
    with one conditional update, `sent_at` set once the leads' messages went."""

    concern = models.OneToOneField(
        "concerns.Concern", on_delete=models.CASCADE, related_name="entity_alert"
    )
    lines = models.JSONField()
    # Above 0, the concern links to another child's and is flagged for review: 1 from filing
    # (whether any other child's concern names one of the entities), then, once counted, the
    # most other children any one of them reaches (its line's "children").
    other_children = models.PositiveIntegerField()
    created_at = models.DateTimeField()
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["created_at"],
                name="entity_alert_unsent",
                condition=models.Q(sent_at__isnull=True),
            ),
            models.Index(fields=["-created_at"], name="entity_alert_recent"),
        ]

    def __str__(self):
        return f"Alert for {self.concern_id}"
