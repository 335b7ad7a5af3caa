from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.contrib.auth.hashers import check_password, make_password
from django.db import IntegrityError, transaction
from django.db.models import Case, F, Q, Value, When
from django.utils import timezone

from accounts import otp, schedule
from accounts.models import (
    PushSubscription,
    RecoveryCode,
    ReminderChannel,
    ReminderKind,
    ReminderSchedule,
    TwoFactor,
    User,
    normalize_email,
)
from accounts.tasks import email_send, password_reset_email_send, signup_email_send


def user_signup(*, email: str, password: str, display_name: str, time_zone: str) -> None:
    """Start a sign-up; the email that follows says what happened.

    Whether the address is new or taken, the visitor sees the same page and the request
    does the same work: one slow password hash, one INSERT (which the unique index
    refuses for a taken address), and the same task queued with only an id. A new address
    gets an inactive account and a confirmation link; a taken one, a note to its owner.
    Reminders are scheduled when the address is confirmed, not here.
    """
    email = normalize_email(email)
    password_hash = make_password(password)
    try:
        with transaction.atomic():
            user = User.objects.create(
                email=email,
                password=password_hash,
                display_name=display_name.strip(),
                time_zone=time_zone,
                is_active=False,
            )
    except IntegrityError:
        # Taken: long ago, or by another sign-up that committed a moment ago (a double
        # click). Either way an existing account, never a 500 and never a second one.
        user = User.objects.get(email=email)
        _signup_for_taken_address(
            user=user,
            password=password,
            password_hash=password_hash,
            display_name=display_name,
            time_zone=time_zone,
        )
    signup_email_send.delay_on_commit(user_id=user.pk)  # type: ignore[attr-defined]


def _signup_for_taken_address(
    *, user: User, password: str, password_hash: str, display_name: str, time_zone: str
) -> None:
    if user.is_active or user.email_confirmed_at is not None:
        return  # nothing changes; the owner is told by email
    # Never confirmed: whoever signed up first may not own the mailbox, so the latest
    # sign-up's choices win (and the earlier link stops working). The same password again
    # (a double click) keeps the link already sent valid.
    if check_password(password, user.password):
        return
    # Conditional: a confirmation that lands first must not have its password changed.
    User.objects.filter(pk=user.pk, is_active=False, email_confirmed_at=None).update(
        password=password_hash, display_name=display_name.strip(), time_zone=time_zone
    )


def user_signup_confirm(*, user: User, now: datetime) -> bool:
    """Open the account whose address the link proved; False if it was opened already."""
    # Two clicks on the link (or a mail scanner and a person) race: one flips the row.
    opened = User.objects.filter(pk=user.pk, is_active=False, email_confirmed_at=None).update(
        is_active=True, email_confirmed_at=now
    )
    if opened != 1:
        return False
    user.refresh_from_db()
    # Reminders skip inactive accounts; now that it is open, its first one gets a time.
    reminder_schedules_sync(user=user)
    return True


def password_reset_request(*, email: str) -> None:
    """Queue the reset mail: the same task and the same work for any address, with the
    account's id (or None) as its only argument; the worker makes the link."""
    user = User.objects.filter(email=normalize_email(email), is_active=True).first()
    user_id = user.pk if user is not None and user.has_usable_password() else None
    password_reset_email_send.delay_on_commit(user_id=user_id)  # type: ignore[attr-defined]


def user_days_update(*, user: User, display_name: str, time_zone: str, day_start_hour: int) -> User:
    with transaction.atomic():
        user.display_name = display_name.strip()
        user.time_zone = time_zone
        user.day_start_hour = day_start_hour
        user.save(update_fields=["display_name", "time_zone", "day_start_hour"])
        # The zone or the day-start hour may have changed: the next fire times are recomputed.
        reminder_schedules_sync(user=user)
    return user


def user_preferences_update(
    *,
    user: User,
    display_name: str,
    time_zone: str,
    day_start_hour: int,
    reminder_time: time,
    reminders_enabled: bool,
    reminder_channel: str | None = None,
) -> User:
    """Every preference at once (the import), through the services of the two settings forms.

    Each recomputes the schedule; the second, with everything saved, is the one that stands.
    A ``reminder_channel`` of None (a file from before channels) leaves the channel as it is.
    """
    with transaction.atomic():
        user_days_update(
            user=user, display_name=display_name, time_zone=time_zone, day_start_hour=day_start_hour
        )
        user_reminders_update(
            user=user,
            reminder_time=reminder_time,
            reminders_enabled=reminders_enabled,
            preferences={},
            reminder_channel=reminder_channel,
        )
    return user


# --- Reminder choices and the schedule derived from them --------------------------

DEFAULTS_ON = frozenset({ReminderKind.DAILY})


def reminder_rule(*, user: User, row: ReminderSchedule) -> schedule.Rule:
    return schedule.Rule(
        kind=row.kind,
        time_zone=user.time_zone,
        day_start_hour=user.day_start_hour,
        reminder_time=user.reminder_time,
        hours_before_end=row.hours_before_end,
        weekday=row.weekday,
    )


def reminder_schedules_ensure(*, user: User) -> list[ReminderSchedule]:
    rows = [
        ReminderSchedule(user=user, kind=kind, enabled=kind in DEFAULTS_ON) for kind in ReminderKind.values
    ]
    # Two requests for one new user may race here; the unique (user, kind) decides.
    ReminderSchedule.objects.bulk_create(rows, ignore_conflicts=True)
    return list(ReminderSchedule.objects.filter(user=user).order_by("id"))


def reminder_schedules_sync(*, user: User, now: datetime | None = None) -> list[ReminderSchedule]:
    """Recompute every next fire time for ``user``; call after any zone, time or preference change.

    The next occurrence may be for a day already reminded (the time moved later the same
    evening): the dispatcher then finds that day in its ledger, whose unique key refuses a
    second reminder, and moves the row on. No second email, whatever the change.
    """
    now = now or timezone.now()
    rows = reminder_schedules_ensure(user=user)
    for row in rows:
        if user.is_active and user.reminders_enabled and row.enabled:
            occurrence = schedule.reminder_next_fire_at(reminder_rule(user=user, row=row), after=now)
            row.next_fire_at, row.next_local_date = occurrence.fire_at, occurrence.local_date
        else:
            row.next_fire_at, row.next_local_date = None, None
        row.updated_at = now
    ReminderSchedule.objects.bulk_update(rows, ["next_fire_at", "next_local_date", "updated_at"])
    return rows


@dataclass(frozen=True)
class KindPreference:
    enabled: bool
    hours_before_end: int = 2
    weekday: int | None = None  # None keeps the day already chosen (the needs day is set on its own page)


def reminder_preferences_update(
    *, user: User, preferences: dict[str, KindPreference], now: datetime | None = None
) -> list[ReminderSchedule]:
    """Each kind's choice, saved on the user's rows in one statement, then the schedule recomputed."""
    with transaction.atomic():
        rows = reminder_schedules_ensure(user=user)
        for row in rows:
            preference = preferences.get(row.kind)
            if preference is None:
                continue
            row.enabled = preference.enabled
            row.hours_before_end = preference.hours_before_end
            if preference.weekday is not None:
                row.weekday = preference.weekday
        ReminderSchedule.objects.bulk_update(rows, ["enabled", "hours_before_end", "weekday"])
        return reminder_schedules_sync(user=user, now=now)


def user_reminders_update(
    *,
    user: User,
    reminder_time: time,
    reminders_enabled: bool,
    preferences: dict[str, KindPreference],
    reminder_channel: str | None = None,
    now: datetime | None = None,
) -> list[ReminderSchedule]:
    """The Reminders section in one save: the daily time, the master switch, each kind and,
    where push is offered, the channel (None leaves it as it is)."""
    with transaction.atomic():
        user.reminder_time = reminder_time
        user.reminders_enabled = reminders_enabled
        fields = ["reminder_time", "reminders_enabled"]
        if reminder_channel is not None:
            user.reminder_channel = ReminderChannel(reminder_channel)
            fields.append("reminder_channel")
        user.save(update_fields=fields)
        # Recomputes every next fire time from the time and switch just saved.
        return reminder_preferences_update(user=user, preferences=preferences, now=now)


def reminder_weekday_set(*, user: User, kind: str, weekday: int) -> None:
    """Move a weekly reminder to ``weekday`` (for the needs check-in, the user's needs day)."""
    with transaction.atomic():
        ReminderSchedule.objects.update_or_create(
            user=user,
            kind=ReminderKind(kind),
            defaults={"weekday": weekday},
            create_defaults={"weekday": weekday, "enabled": kind in DEFAULTS_ON},
        )
        reminder_schedules_sync(user=user)


def account_email_queue(*, to: str, subject: str, text: str, html: str | None = None) -> None:
    """Queue an account email; it leaves only once the surrounding transaction commits."""
    # The task takes plain strings: by the time a worker runs it, the user row may
    # have changed, and the message must say what the user was shown.
    # celery-types predates Celery 5.4's DjangoTask.delay_on_commit.
    email_send.delay_on_commit(to=to, subject=subject, text=text, html=html)  # type: ignore[attr-defined]


def user_sessions_end_everywhere(*, user: User) -> None:
    """End every session of the user, on every device, this one included.

    The salt is part of the session hash Django checks on each request, so every
    existing session stops matching at once, without a scan of the session table.
    """
    user.session_salt = secrets.token_hex(16)
    user.save(update_fields=["session_salt"])


def user_idle_timeout_set(*, user: User, minutes: int) -> User:
    user.idle_timeout_minutes = minutes
    user.save(update_fields=["idle_timeout_minutes"])
    return user


def two_factor_setup_start(*, user: User) -> TwoFactor:
    """The unconfirmed app link for the setup page: a fresh secret unless one is pending."""
    two_factor, created = TwoFactor.objects.get_or_create(
        user=user, defaults={"secret": otp.totp_secret_new()}
    )
    if not created and two_factor.confirmed_at is not None:
        raise ValueError("Two-factor sign-in is already on.")
    return two_factor


def two_factor_confirm(*, user: User, code: str, now: datetime) -> list[str] | None:
    """Turn two-factor on once the app shows a right code; the new recovery codes, or None."""
    two_factor = TwoFactor.objects.filter(user=user, confirmed_at=None).first()
    if two_factor is None:
        return None
    step = otp.totp_matching_step(secret=two_factor.secret, code=code, now=now)
    if step is None:
        return None
    with transaction.atomic():
        # Two confirmations racing (a double-click): only the one that flips the row wins.
        flipped = TwoFactor.objects.filter(pk=two_factor.pk, confirmed_at=None).update(
            confirmed_at=now, last_used_step=step
        )
        if flipped != 1:
            return None
        return recovery_codes_replace(user=user)


def recovery_codes_replace(*, user: User) -> list[str]:
    """Ten new one-use codes; the old ones stop working. Only their hashes are kept."""
    codes = otp.recovery_codes_new()
    with transaction.atomic():
        RecoveryCode.objects.filter(user=user).delete()
        RecoveryCode.objects.bulk_create(
            RecoveryCode(user=user, code_hash=otp.recovery_code_hash(user_id=user.pk, code=code))
            for code in codes
        )
    return codes


# Five codes, then a 15-minute pause counted from the fifth: at most 20 guesses an hour
# per account, each right with odds of 3 in a million (the current step and one either side).
TWO_FACTOR_FAILURE_LIMIT = 5
TWO_FACTOR_PAUSE = timedelta(minutes=15)


def _two_factor_guess_claim(*, two_factor_id: int, now: datetime) -> bool:
    """Count one guess against the account before checking it; False while paused.

    Counting first, in one conditional UPDATE, means guesses sent at the same moment from
    several connections each take their own turn under the row lock: none goes
    uncounted and no more than the limit are ever checked. A right code clears the count.
    """
    pause_over = Q(code_paused_until__lte=now)
    return (
        TwoFactor.objects.filter(pk=two_factor_id)
        .filter(Q(code_failures__lt=TWO_FACTOR_FAILURE_LIMIT) | pause_over)
        .update(
            code_failures=Case(When(pause_over, then=Value(1)), default=F("code_failures") + 1),
            code_paused_until=Case(
                When(pause_over, then=Value(None)),
                When(code_failures__gte=TWO_FACTOR_FAILURE_LIMIT - 1, then=Value(now + TWO_FACTOR_PAUSE)),
                default=F("code_paused_until"),
            ),
        )
        == 1
    )


def two_factor_verify(*, user: User, code: str, now: datetime) -> bool:
    """True when ``code`` is the app's current code (not used before) or an unused recovery code.

    Every try counts towards TWO_FACTOR_FAILURE_LIMIT for the account; past it, nothing is
    checked (not even a right code) until the pause ends.
    """
    two_factor = TwoFactor.objects.filter(user=user).exclude(confirmed_at=None).first()
    if two_factor is None or not _two_factor_guess_claim(two_factor_id=two_factor.pk, now=now):
        return False
    if not _two_factor_code_accept(two_factor=two_factor, user=user, code=code, now=now):
        return False
    TwoFactor.objects.filter(pk=two_factor.pk).update(code_failures=0, code_paused_until=None)
    return True


def _two_factor_code_accept(*, two_factor: TwoFactor, user: User, code: str, now: datetime) -> bool:
    step = otp.totp_matching_step(secret=two_factor.secret, code=code, now=now)
    if step is not None:
        # The same code tried twice (a replay, or two tabs) must not sign in twice:
        # only a step later than the last one accepted moves the row.
        return (
            TwoFactor.objects.filter(pk=two_factor.pk)
            .filter(Q(last_used_step__isnull=True) | Q(last_used_step__lt=step))
            .update(last_used_step=step)
            == 1
        )
    if not otp.recovery_code_normalize(code):
        return False
    used = RecoveryCode.objects.filter(
        user=user, code_hash=otp.recovery_code_hash(user_id=user.pk, code=code), used_at=None
    ).update(used_at=now)
    return used == 1


def two_factor_disable(*, user: User) -> None:
    with transaction.atomic():
        TwoFactor.objects.filter(user=user).delete()
        RecoveryCode.objects.filter(user=user).delete()


# --- Push subscriptions (the devices reminders are pushed to; reminders sends them) -----------


def push_endpoint_digest(endpoint: str) -> str:
    return hashlib.sha256(endpoint.encode()).hexdigest()


def push_subscription_save(
    *, user: User, endpoint: str, p256dh: str, auth: str, browser: str, now: datetime | None = None
) -> PushSubscription:
    """Remember this device for push, or refresh it: the same endpoint twice is one row.

    A browser has one subscription whoever is signed in, so a device turned on by another
    account before moves to this one: reminders follow whoever turned them on last there.
    """
    # Two taps racing: update_or_create catches the unique violation on the digest and updates.
    subscription, _ = PushSubscription.objects.update_or_create(
        endpoint_digest=push_endpoint_digest(endpoint),
        defaults={"user": user, "endpoint": endpoint, "p256dh": p256dh, "auth": auth, "browser": browser},
        create_defaults={
            "user": user,
            "endpoint": endpoint,
            "p256dh": p256dh,
            "auth": auth,
            "browser": browser,
            "created_at": now or timezone.now(),
        },
    )
    return subscription


def push_subscription_remove(*, subscription: PushSubscription) -> None:
    PushSubscription.objects.filter(pk=subscription.pk).delete()
