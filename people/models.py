from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from compersion.lib.encryption import EncryptedCharField, EncryptedTextField
from compersion.lib.submissions import submission_token_column, submission_token_unique


class PersonKind(models.TextChoices):
    PARTNER = "partner", "Partner"
    NESTING_PARTNER = "nesting_partner", "Nesting partner"
    METAMOUR = "metamour", "Metamour"
    FRIEND = "friend", "Friend"
    FAMILY = "family", "Family"
    COLLEAGUE = "colleague", "Colleague"
    OTHER = "other", "Other"


class Person(models.Model):
    """Someone in a user's life. Only their owner ever sees them."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="people")
    name = models.CharField("name or pseudonym", max_length=80)
    kind = models.CharField(max_length=20, choices=PersonKind.choices, default=PersonKind.FRIEND)
    # The user's own word for the relationship ("anchor partner", "comet"), shown instead of the kind.
    kind_label = EncryptedCharField("your own label", max_length=40, blank=True)
    notes = EncryptedTextField("private notes", blank=True, max_length=5000)
    archived_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    submission_token = submission_token_column()  # compersion.lib.submissions: a resent form saves once

    class Meta:
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["owner", "archived_at", "name"], name="people_owner_active_name")]
        constraints = [
            # The form trims and requires a name; this stops any other writer storing a nameless person.
            models.CheckConstraint(condition=~models.Q(name=""), name="people_person_name_not_blank"),
            submission_token_unique("people_person_one_per_submission"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def relationship(self) -> str:
        return self.kind_label or self.get_kind_display()

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    @property
    def is_partner(self) -> bool:
        return self.kind in {PersonKind.PARTNER, PersonKind.NESTING_PARTNER}

    @property
    def is_metamour(self) -> bool:
        return self.kind == PersonKind.METAMOUR
