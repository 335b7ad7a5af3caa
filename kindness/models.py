from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from compersion.lib import seasons
from compersion.lib.encryption import EncryptedCharField, EncryptedTextField
from compersion.lib.removal import Removable
from compersion.lib.submissions import submission_token_column, submission_token_unique
from people.models import PersonKind


class RecipientKind(models.TextChoices):
    STRANGER = "stranger", "A stranger"
    NEIGHBOUR = "neighbour", "A neighbour"
    COLLEAGUE = "colleague", "A colleague"
    FRIEND = "friend", "A friend"
    FAMILY = "family", "Family"
    PARTNER = "partner", "A partner"
    METAMOUR = "metamour", "A metamour"
    COMMUNITY = "community", "The community"
    ANIMALS = "animals", "Animals"
    PLANET = "planet", "The planet"


class Category(models.TextChoices):
    TIME = "time", "Time"
    HELP = "help", "Help"
    GIFT = "gift", "Gift"
    WORDS = "words", "Words"
    SERVICE = "service", "Service"
    DONATION = "donation", "Donation"
    ENVIRONMENT = "environment", "Environment"
    OTHER = "other", "Other"


class Effort(models.TextChoices):
    SMALL = "small", "Small"
    MEDIUM = "medium", "Medium"
    LARGE = "large", "Large"


class Cost(models.TextChoices):
    FREE = "free", "Free"
    LOW = "low", "Low cost"
    SOME = "some", "Some cost"


class Setting(models.TextChoices):
    HOME = "home", "At home"
    WORK = "work", "At work"
    OUT = "out", "Out and about"
    ONLINE = "online", "Online"


class Season(models.TextChoices):
    """When an idea fits the weather; which months that is depends on the user's hemisphere
    (compersion.lib.seasons). Most ideas fit any time and leave it empty."""

    WINTER = seasons.WINTER, "Winter"
    SPRING = seasons.SPRING, "Spring"
    SUMMER = seasons.SUMMER, "Summer"
    AUTUMN = seasons.AUTUMN, "Autumn"


# A person's relationship decides which kind of recipient an act for them counts as.
PERSON_KIND_TO_RECIPIENT: dict[str, str] = {
    PersonKind.PARTNER: RecipientKind.PARTNER,
    PersonKind.NESTING_PARTNER: RecipientKind.PARTNER,
    PersonKind.METAMOUR: RecipientKind.METAMOUR,
    PersonKind.FRIEND: RecipientKind.FRIEND,
    PersonKind.FAMILY: RecipientKind.FAMILY,
    PersonKind.COLLEAGUE: RecipientKind.COLLEAGUE,
    PersonKind.OTHER: RecipientKind.FRIEND,
}

WEEKLY_TARGET_MIN = 1
WEEKLY_TARGET_MAX = 7
DEFAULT_WEEKLY_TARGET = 1


class KindnessPreference(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="kindness_preference"
    )
    weekly_target = models.PositiveSmallIntegerField(default=DEFAULT_WEEKLY_TARGET)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    weekly_target__gte=WEEKLY_TARGET_MIN, weekly_target__lte=WEEKLY_TARGET_MAX
                ),
                name="kindness_preference_weekly_target_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.weekly_target} a week"


class KindnessIdea(models.Model):
    """An idea for an act. ``owner`` is empty for the shared store, set for a user's private idea."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="kindness_ideas",
    )
    # Stable name for the shared ideas, so the data migration can be run again safely.
    key = models.SlugField(max_length=60, null=True, blank=True, unique=True)
    text = EncryptedCharField(max_length=280)
    category = models.CharField(max_length=20, choices=Category.choices)
    effort = models.CharField(max_length=10, choices=Effort.choices, default=Effort.SMALL)
    cost = models.CharField(max_length=10, choices=Cost.choices, default=Cost.FREE)
    recipient_kind = models.CharField("for", max_length=20, choices=RecipientKind.choices)
    setting = models.CharField(max_length=10, choices=Setting.choices)
    # Empty for an idea that fits any time of year; shared ideas only (ideas.txt).
    season = models.CharField(max_length=10, choices=Season.choices, blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now)
    submission_token = submission_token_column()  # compersion.lib.submissions: a resent form saves once

    class Meta:
        constraints = [submission_token_unique("kindness_idea_one_per_submission")]
        # Not by text: it is encrypted; kindness.selectors sorts a user's (small) list in Python.
        ordering = ["category", "id"]
        indexes = [models.Index(fields=["owner", "category"], name="kindness_idea_owner_cat")]

    def __str__(self) -> str:
        return self.text

    @property
    def is_private(self) -> bool:
        return self.owner_id is not None


class KindnessAct(Removable):
    """One act of kindness, counted for the local date the user chose. Removing one keeps it
    for Undo (compersion.lib.removal)."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="kindness_acts"
    )
    text = EncryptedTextField("what you did", max_length=1000)
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="kindness_acts",
    )
    # Always set: derived from the person's relationship when the act was for one of the user's people.
    recipient_kind = models.CharField(max_length=20, choices=RecipientKind.choices)
    category = models.CharField(max_length=20, choices=Category.choices)
    effort = models.CharField(max_length=10, choices=Effort.choices, default=Effort.SMALL)
    local_date = models.DateField()
    time_zone = models.CharField(max_length=64)
    reflection = EncryptedTextField("private reflection", blank=True, max_length=5000)
    is_secret = models.BooleanField(default=True)
    told_at = models.DateTimeField(null=True, blank=True)
    idea = models.ForeignKey(
        KindnessIdea, on_delete=models.SET_NULL, null=True, blank=True, related_name="acts"
    )
    created_at = models.DateTimeField(default=timezone.now)
    submission_token = submission_token_column()  # compersion.lib.submissions: a resent form saves once

    class Meta:
        ordering = ["-local_date", "-id"]
        constraints = [submission_token_unique("kindness_act_one_per_submission")]
        indexes = [
            models.Index(fields=["owner", "local_date"], name="kindness_act_owner_date"),
            models.Index(fields=["person"], name="kindness_act_person"),
            models.Index(
                fields=["removed_at"],
                condition=models.Q(removed_at__isnull=False),
                name="kindness_act_removed",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def recipient_key(self) -> str:
        """Who the act was for, as the variety rule compares it: a person, else a kind."""
        return f"person:{self.person_id}" if self.person_id else f"kind:{self.recipient_kind}"

    @property
    def recipient_label(self) -> str:
        if self.person is not None:
            return self.person.name
        return self.get_recipient_kind_display()

    @property
    def recipient_phrase(self) -> str:
        """Who it was for, to sit mid-sentence: "Sam", "a stranger", "the planet"."""
        if self.person is not None:
            return self.person.name
        return str(self.get_recipient_kind_display()).lower()
