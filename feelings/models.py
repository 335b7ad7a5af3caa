"""Feelings check-ins, vicarious joys, needs check-ins and what a user learns about a metamour.

No model here rates a feeling: a feeling has a name, a group, a definition and
(inside a check-in) an intensity, and nothing else. Ordering is by group or name.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone

from accounts.models import Weekday
from compersion.lib.encryption import EncryptedCharField, EncryptedTextField
from compersion.lib.removal import Removable
from compersion.lib.submissions import submission_token_column, submission_token_unique
from feelings.vocabulary import FEELING_GROUPS


class Feeling(models.Model):
    """A word for a feeling: the team's (``owner`` empty) or one a user added for themself."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    name = models.CharField(max_length=40)
    group = models.CharField(max_length=20, choices=FEELING_GROUPS, default="own")
    definition = EncryptedCharField(max_length=200, blank=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"), name="feelings_team_feeling_name_unique", condition=models.Q(owner=None)
            ),
            models.UniqueConstraint(Lower("name"), "owner", name="feelings_own_feeling_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_own(self) -> bool:
        return self.owner_id is not None


class Need(models.Model):
    """A need that may lie under a feeling: the team's list or the user's own."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    name = models.CharField(max_length=40)
    definition = EncryptedCharField(max_length=200, blank=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"), name="feelings_team_need_name_unique", condition=models.Q(owner=None)
            ),
            models.UniqueConstraint(Lower("name"), "owner", name="feelings_own_need_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_own(self) -> bool:
        return self.owner_id is not None


class NeedMet(models.TextChoices):
    YES = "yes", "Yes"
    PARTLY = "partly", "Partly"
    NO = "no", "Not yet"


class CheckIn(Removable):
    """Everything present at one moment, each with its own intensity, plus what lies under it."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    local_date = models.DateField()
    time_zone = models.CharField(max_length=64)
    people = models.ManyToManyField("people.Person", blank=True, related_name="feeling_checkins")
    what_happened = EncryptedTextField(blank=True, max_length=5000)
    body = EncryptedCharField("where it sits in the body", max_length=200, blank=True)
    sat_with_it = models.BooleanField(default=False)
    # The needs underneath, as many as the user names (a need they delete leaves the check-in).
    needs = models.ManyToManyField(Need, blank=True, related_name="+")
    need_met = models.CharField(max_length=10, choices=NeedMet.choices, blank=True)
    action = EncryptedTextField("an action or an ask", blank=True, max_length=2000)
    submission_token = submission_token_column()  # compersion.lib.submissions: a resent form saves once

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["owner", "local_date"], name="feelings_checkin_owner_day"),
            models.Index(
                fields=["removed_at"],
                condition=models.Q(removed_at__isnull=False),
                name="feelings_checkin_removed",
            ),
        ]
        constraints = [submission_token_unique("feelings_checkin_one_per_submission")]

    def __str__(self) -> str:
        return f"Check-in on {self.local_date}"


class CheckInFeeling(models.Model):
    checkin = models.ForeignKey(CheckIn, on_delete=models.CASCADE, related_name="feelings")
    feeling = models.ForeignKey(Feeling, on_delete=models.CASCADE, related_name="+")
    intensity = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(10)])

    class Meta:
        ordering = ["feeling__name"]
        constraints = [
            models.UniqueConstraint(fields=["checkin", "feeling"], name="feelings_checkin_feeling_once"),
            models.CheckConstraint(
                condition=models.Q(intensity__gte=1, intensity__lte=10), name="feelings_intensity_1_10"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.feeling} {self.intensity}"


class LifeArea(models.TextChoices):
    WORK = "work", "Work"
    HEALTH = "health", "Health"
    FAMILY = "family", "Family"
    STUDY = "study", "Study"
    CREATIVE = "creative", "Creative"
    SPORT = "sport", "Sport"
    HOME = "home", "Home"
    OTHER = "other", "Other"


class VicariousJoy(Removable):
    """Gladness for someone else's good news outside romance."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="vicarious_joys"
    )
    who = EncryptedCharField("who (in your own words)", max_length=80, blank=True)
    area = models.CharField("area of life", max_length=10, choices=LifeArea.choices, default=LifeArea.OTHER)
    what_happened = EncryptedTextField(max_length=2000)
    joy = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(10)])
    created_at = models.DateTimeField(default=timezone.now)
    local_date = models.DateField()
    time_zone = models.CharField(max_length=64)
    submission_token = submission_token_column()  # compersion.lib.submissions: a resent form saves once

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["owner", "local_date"], name="feelings_joy_owner_day"),
            models.Index(
                fields=["removed_at"],
                condition=models.Q(removed_at__isnull=False),
                name="feelings_joy_removed",
            ),
        ]
        constraints = [
            submission_token_unique("feelings_joy_one_per_submission"),
            models.CheckConstraint(condition=models.Q(joy__gte=1, joy__lte=10), name="feelings_joy_1_10"),
        ]

    def __str__(self) -> str:
        return self.what_happened[:40]

    @property
    def who_label(self) -> str:
        return self.person.name if self.person else self.who


# The needs check-in day lives on the needs reminder's schedule row (accounts), its one home.
WEEKDAYS = Weekday.choices
DEFAULT_NEEDS_WEEKDAY = Weekday.SUNDAY.value


class NeedsCheckIn(models.Model):
    """Once a week, for one partner: are my needs being met with them? (1 to 5)."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # Deleting a person keeps the user's own history and drops only the link (people.timeline's contract).
    person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="needs_checkins"
    )
    score = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(5)])
    note = EncryptedTextField(blank=True, max_length=2000)
    created_at = models.DateTimeField(default=timezone.now)
    local_date = models.DateField()
    time_zone = models.CharField(max_length=64)

    class Meta:
        ordering = ["-local_date", "-id"]
        constraints = [
            # Answering twice on one day updates the answer instead of double-counting the week.
            models.UniqueConstraint(fields=["person", "local_date"], name="feelings_needs_once_a_day"),
            models.CheckConstraint(
                condition=models.Q(score__gte=1, score__lte=5), name="feelings_needs_score_1_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.score}/5"


class MetamourNote(Removable):
    """Something learned about a metamour: a real person is less frightening than an imagined one."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="metamour_notes"
    )
    prompt = models.CharField(max_length=80, blank=True)
    text = EncryptedTextField(max_length=2000)
    created_at = models.DateTimeField(default=timezone.now)
    local_date = models.DateField()
    submission_token = submission_token_column()  # compersion.lib.submissions: a resent form saves once

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["removed_at"],
                condition=models.Q(removed_at__isnull=False),
                name="feelings_note_removed",
            )
        ]
        constraints = [submission_token_unique("feelings_note_one_per_submission")]

    def __str__(self) -> str:
        return self.text[:40]
