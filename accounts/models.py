from __future__ import annotations

from datetime import time
from typing import Any, ClassVar
from zoneinfo import ZoneInfo

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.http import HttpRequest
from django.utils import timezone
from django_htmx.middleware import HtmxDetails

from accounts import clock

DEFAULT_DAY_START_HOUR = 3
DEFAULT_REMINDER_TIME = time(20, 0)


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra: Any) -> User:
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=normalize_email(email), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)

    def get_by_natural_key(self, username: str | None) -> User:
        return self.get(email=normalize_email(username or ""))


def normalize_email(email: str) -> str:
    # Addresses are compared case-insensitively everywhere, so store them folded.
    return email.strip().lower()


class User(AbstractBaseUser, PermissionsMixin):
    # Stored folded to lower case (normalize_email), so a plain unique index is case-insensitive.
    email = models.EmailField("email address", max_length=254, unique=True)
    display_name = models.CharField(max_length=80, blank=True)
    time_zone = models.CharField(max_length=64, default="UTC")
    day_start_hour = models.PositiveSmallIntegerField(
        default=DEFAULT_DAY_START_HOUR,
        validators=[MinValueValidator(0), MaxValueValidator(6)],
        help_text="Writing before this hour still counts for the day before.",
    )
    reminder_time = models.TimeField(default=DEFAULT_REMINDER_TIME)
    reminders_enabled = models.BooleanField(default=True)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)
    date_joined = models.DateTimeField(default=timezone.now)

    objects: ClassVar[UserManager] = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(day_start_hour__gte=0, day_start_hour__lte=6),
                name="accounts_user_day_start_hour_range",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name or self.email

    @property
    def tz(self) -> ZoneInfo:
        return clock.zone(self.time_zone)

    @property
    def name_for_greeting(self) -> str:
        return self.display_name or self.email.split("@", 1)[0]


class AuthenticatedHttpRequest(HttpRequest):
    """The request type of views behind ``login_required`` (with django-htmx's details)."""

    user: User
    htmx: HtmxDetails
