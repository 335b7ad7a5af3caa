"""The WHO-5 Well-Being Index, answered at most once a month, if the user wants to.

WHO-5 © Psychiatric Centre North Zealand (Region Hovedstaden), from the World Health
Organization Regional Office for Europe's 1998 DepCare project; free to use with attribution.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

# The five statements, in the authors' order and words; "Over the last two weeks…".
WHO5_ITEMS: tuple[str, ...] = (
    "I have felt cheerful and in good spirits",
    "I have felt calm and relaxed",
    "I have felt active and vigorous",
    "I woke up feeling fresh and rested",
    "My daily life has been filled with things that interest me",
)
# The answers, 5 down to 0, as the questionnaire lists them.
WHO5_ANSWERS: tuple[tuple[int, str], ...] = (
    (5, "All of the time"),
    (4, "Most of the time"),
    (3, "More than half of the time"),
    (2, "Less than half of the time"),
    (1, "Some of the time"),
    (0, "At no time"),
)


def _answer() -> models.PositiveSmallIntegerField[int, int]:
    return models.PositiveSmallIntegerField(validators=[MinValueValidator(0), MaxValueValidator(5)])


class WellbeingCheckIn(models.Model):
    """One month's WHO-5 answers (0 to 5 each). Answering again in the same month replaces them."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # The first day of the user's local month it counts for, fixed when written.
    month = models.DateField()
    local_date = models.DateField()
    time_zone = models.CharField(max_length=64)
    cheerful = _answer()
    calm = _answer()
    active = _answer()
    rested = _answer()
    interested = _answer()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["month"]
        constraints = [
            # Two tabs sending the same month's answers make one row: the service upserts on this.
            models.UniqueConstraint(fields=["owner", "month"], name="insights_wellbeing_once_a_month"),
            models.CheckConstraint(
                condition=models.Q(
                    cheerful__lte=5, calm__lte=5, active__lte=5, rested__lte=5, interested__lte=5
                ),
                name="insights_wellbeing_answers_0_5",
            ),
        ]

    def __str__(self) -> str:
        return f"WHO-5 for {self.month:%B %Y}"

    @property
    def answers(self) -> tuple[int, int, int, int, int]:
        return (self.cheerful, self.calm, self.active, self.rested, self.interested)
