from __future__ import annotations

import unicodedata
from datetime import time
from typing import Any, ClassVar
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django_htmx.middleware import HtmxDetails

from accounts import schedule
from compersion.lib import clock
from compersion.lib.encryption import EncryptedCharField, EncryptedTextField

DEFAULT_DAY_START_HOUR = 3
DEFAULT_REMINDER_TIME = time(20, 0)


class IdleTimeout(models.IntegerChoices):
    OFF = 0, "Never (stay signed in)"
    QUARTER_HOUR = 15, "After 15 minutes"
    HOUR = 60, "After 1 hour"
    DAY = 1440, "After 1 day"


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
    """The one spelling of an address that is stored and compared.

    NFKC first, so look-alikes that mail servers deliver to the same mailbox (a fullwidth
    "ｅxample.com" is example.com) are one account; then folded, as addresses are compared
    case-insensitively everywhere (the local part lower-cased as it always was, the domain
    case-folded). Every way in (sign-up, sign-in, password reset, the admin) comes here.
    """
    folded = unicodedata.normalize("NFKC", email).strip()
    local, at, domain = folded.rpartition("@")
    if not at:
        return folded.lower()
    return local.lower() + "@" + domain.casefold()


class ReminderChannel(models.TextChoices):
    EMAIL = "email", "By email"
    PUSH = "push", "On my devices (push)"
    BOTH = "both", "Both"


class User(AbstractBaseUser, PermissionsMixin):
    # Stored folded to lower case (normalize_email), so a plain unique index is case-insensitive.
    email = models.EmailField("email address", max_length=254, unique=True)
    display_name = EncryptedCharField(max_length=80, blank=True)
    time_zone = models.CharField(max_length=64, default="UTC")
    day_start_hour = models.PositiveSmallIntegerField(
        default=DEFAULT_DAY_START_HOUR,
        validators=[MinValueValidator(0), MaxValueValidator(6)],
        help_text="Writing before this hour still counts for the day before.",
    )
    reminder_time = models.TimeField(default=DEFAULT_REMINDER_TIME)
    reminders_enabled = models.BooleanField(default=True)
    # db_default too: a process still running the code from before this field (a rolling deploy,
    # or the migration tests' older states) can still add a user.
    reminder_channel = models.CharField(
        "send reminders",
        max_length=5,
        choices=ReminderChannel.choices,
        default=ReminderChannel.EMAIL,
        db_default=ReminderChannel.EMAIL,
    )
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)
    date_joined = models.DateTimeField(default=timezone.now)
    # A sign-up makes an inactive account; following the emailed link sets this and makes
    # it active. An inactive account with this set was switched off by an operator.
    email_confirmed_at = models.DateTimeField(null=True, blank=True)
    # Part of the session hash: changing it ends every session ("sign out everywhere").
    session_salt = models.CharField(max_length=32, blank=True, default="")
    idle_timeout_minutes = models.PositiveIntegerField(
        "sign me out after", choices=IdleTimeout.choices, default=IdleTimeout.OFF
    )

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

    @classmethod
    def normalize_username(cls, username: str) -> str:
        # Django's ModelForms (the admin's) call this through clean() before the unique check.
        return normalize_email(username)

    def _get_session_auth_hash(self, secret: str | None = None) -> str:
        # Django's own hash covers only the password; the salt lets the user end every
        # session without changing it. An empty salt gives Django's hash, so sessions
        # made before the salt existed stay valid.
        key_salt = "django.contrib.auth.models.AbstractBaseUser.get_session_auth_hash"
        return salted_hmac(
            key_salt, self.password + self.session_salt, secret=secret, algorithm="sha256"
        ).hexdigest()

    @property
    def tz(self) -> ZoneInfo:
        return clock.zone(self.time_zone)

    @property
    def name_for_greeting(self) -> str:
        return self.display_name or self.email.split("@", 1)[0]


class TwoFactor(models.Model):
    """A TOTP authenticator app linked to the account; active once ``confirmed_at`` is set."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="two_factor")
    secret = EncryptedCharField(max_length=64)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    # The last 30-second step accepted, so a code seen over a shoulder cannot be replayed.
    last_used_step = models.BigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    # Wrong codes (app or recovery) in a row, counted here rather than in the session so
    # that starting again with the password, or another browser, cannot reset the count.
    code_failures = models.PositiveSmallIntegerField(default=0)
    # Set when code_failures reaches the limit: no code is checked before this moment.
    code_paused_until = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"two-factor for {self.user_id}"


class RecoveryCode(models.Model):
    """A one-use code for signing in without the app. Only a keyed hash is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="recovery_codes")
    code_hash = models.CharField(max_length=64)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "code_hash"], name="accounts_recovery_code_unique"),
        ]

    def __str__(self) -> str:
        return f"recovery code for {self.user_id}"


class MailThrottle(models.Model):
    """How many emails one address, or one client, has asked us to send in the current hour.

    ``key`` is a keyed hash of what is counted (never the address or IP itself), so the
    table holds nothing a reader could turn back into a person.
    """

    key = models.CharField(max_length=64, unique=True)
    window_started_at = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"mail throttle {self.key[:8]}"


class ReminderKind(models.TextChoices):
    DAILY = schedule.DAILY, "Daily gratitude reminder"
    LAST_CHANCE = schedule.LAST_CHANCE, "Last chance to keep your streak"
    KINDNESS = schedule.KINDNESS, "Weekly kindness nudge"
    NEEDS = schedule.NEEDS, "Weekly needs check-in"


class Weekday(models.IntegerChoices):
    MONDAY = 0, "Monday"
    TUESDAY = 1, "Tuesday"
    WEDNESDAY = 2, "Wednesday"
    THURSDAY = 3, "Thursday"
    FRIDAY = 4, "Friday"
    SATURDAY = 5, "Saturday"
    SUNDAY = 6, "Sunday"


class ReminderSchedule(models.Model):
    """One row per user per kind: the user's choice for that reminder, and the next time
    it fires (UTC), derived from it and the user's zone, day start and reminder time.

    The weekly kinds fire on ``weekday``; the needs row's weekday is the user's needs
    check-in day, which the feelings pages read and set here (its only home).
    ``next_fire_at`` is NULL while the reminder is off; the partial index keeps the
    dispatcher's "due now" scan proportional to what is actually due. The reminders
    app claims due rows (with raw SQL naming this table) and keeps the delivery ledger.
    """

    # No separate index on user: the unique constraint below starts with user and serves it.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    kind = models.CharField(max_length=16, choices=ReminderKind.choices)
    enabled = models.BooleanField(default=False)
    hours_before_end = models.PositiveSmallIntegerField(
        default=2, validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices, default=Weekday.SUNDAY)
    next_fire_at = models.DateTimeField(null=True, blank=True)
    next_local_date = models.DateField(null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        # Made by the reminders app, which owned it first; the name stays.
        db_table = "reminders_reminderschedule"
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="reminders_schedule_one_per_kind"),
        ]
        indexes = [
            models.Index(
                fields=["next_fire_at"],
                name="reminders_schedule_due",
                condition=models.Q(next_fire_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} for user {self.user_id} at {self.next_fire_at}"


class PushSubscription(models.Model):
    """One browser or phone the user turned push reminders on in (the Push API's subscription).

    The endpoint is a capability URL (whoever holds it can push to the device) and the two keys
    encrypt what is pushed, so all three are stored encrypted like the user's words. Sending
    needs none of them to be searchable; ``endpoint_digest`` (SHA-256, not reversible) is what
    makes a second subscribe of the same device update its row instead of adding one.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    endpoint = EncryptedTextField()
    endpoint_digest = models.CharField(max_length=64, unique=True)
    p256dh = EncryptedCharField(max_length=200)
    auth = EncryptedCharField(max_length=100)
    # From the User-Agent's browser family only ("Firefox on Android"), never the whole string.
    browser = models.CharField(max_length=60)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.browser} for user {self.user_id}"


class AuthenticatedHttpRequest(HttpRequest):
    """The request type of views behind ``login_required`` (with django-htmx's details)."""

    user: User
    htmx: HtmxDetails
