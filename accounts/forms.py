from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm

from accounts.models import ReminderChannel, ReminderKind, ReminderSchedule, User, Weekday, normalize_email
from accounts.services import KindPreference
from compersion.lib import clock


def zone_label(name: str) -> str:
    """How a zone reads in its region's group: "America/Argentina/Buenos_Aires" → "Argentina/Buenos Aires"."""
    return name.partition("/")[2].replace("_", " ") or name


def zone_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """The zone list by region (``<optgroup>``s), from the one list in ``compersion.lib.clock``."""
    return [(region, [(name, zone_label(name)) for name in names]) for region, names in clock.zone_groups()]


class ZoneSelect(forms.Select):
    """The grouped zone list, plus the zone already chosen when the list no longer offers it.

    An account (or a form sent back) may hold an old alias such as "US/Pacific": it is still a
    zone (``clock.is_zone_name``), so it is shown selected in a group of its own, and saving the
    settings keeps it instead of silently moving the person to the list's first zone.
    """

    # Some 420 options: written in one loop rather than one included template each, which
    # took most of the settings and sign-up pages' rendering time.
    template_name = "widgets/zone_select.html"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        # static/js/app.js puts a filter box before every select marked so.
        super().__init__(attrs={"data-zone-filter": "", **(attrs or {})})

    def optgroups(self, name: str, value: list[Any], attrs: dict[str, Any] | None = None) -> list[Any]:
        groups = super().optgroups(name, value, attrs)
        chosen = next((str(v) for v in value if v), "")
        offered = any(option["selected"] for _, options, _ in groups for option in options)
        if chosen and not offered and clock.is_zone_name(chosen):
            option = self.create_option(
                name, chosen, chosen.replace("_", " "), True, len(groups), attrs=attrs
            )
            groups.append(("Older name, still fine", [option], len(groups)))
        return groups


# In the 24-hour form the reminder time and every time on the settings page use.
DAY_START_CHOICES = [(0, "00:00 (midnight)"), *((hour, f"{hour:02d}:00") for hour in range(1, 7))]


class ZoneField(forms.ChoiceField):
    default_error_messages = {
        "invalid_choice": "“%(value)s” is not a time zone we know. Pick one from the list, "
        "such as Europe/Berlin or America/New_York.",
    }

    widget = ZoneSelect

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=zone_choices, **kwargs)

    def valid_value(self, value: str) -> bool:
        # The list offers each place once, by its current name; an old alias an account or a
        # browser already uses names the same zone and stays valid.
        return clock.is_zone_name(value)


class NormalizedEmailField(forms.EmailField):
    """An address as it is stored (accounts.models.normalize_email), validated in that form."""

    def to_python(self, value: Any) -> str:
        return normalize_email(super().to_python(value) or "")


class SignupForm(forms.Form):
    email = NormalizedEmailField(
        label="Email", max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    display_name = forms.CharField(
        label="What should we call you?",
        max_length=80,
        required=False,
        help_text="Optional. Only you will see it.",
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )
    time_zone = ZoneField(
        label="Your time zone",
        initial="UTC",
        help_text="Your days, streaks and reminders follow this zone. "
        "We fill it in from your browser; change it if it's wrong.",
        widget=ZoneSelect(attrs={"data-detect-zone": "", "autocomplete": "off"}),
    )
    password1 = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="At least 8 characters; not a common password, and not all numbers.",
    )
    password2 = forms.CharField(
        label="Password again",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.is_bound:
            # After a failed submit, keep the zone the person chose rather than re-detecting.
            self.fields["time_zone"].widget.attrs.pop("data-detect-zone", None)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        password1 = cleaned.get("password1")
        password2 = cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", "The two passwords don't match.")
        elif password1:
            candidate = User(email=cleaned.get("email", ""), display_name=cleaned.get("display_name", ""))
            try:
                password_validation.validate_password(password1, candidate)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class SettingsForm(forms.ModelForm):
    """The "You and your days" section of settings; reminders have their own form and save."""

    time_zone = ZoneField(label="Time zone")
    day_start_hour = forms.TypedChoiceField(
        label="My day starts at",
        choices=DAY_START_CHOICES,
        coerce=int,
        help_text="Anything you write before this hour still counts for the day before.",
    )

    class Meta:
        model = User
        fields = ["display_name", "time_zone", "day_start_hour"]
        labels = {"display_name": "Name"}


class SignInForm(AuthenticationForm):
    username = NormalizedEmailField(
        label="Email",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )
    error_messages = {
        "invalid_login": "That email and password don't match an account. "
        "Check them and try again, or reset your password.",
        "inactive": "This account is inactive.",
    }


class PasswordResetRequestForm(forms.Form):
    email = NormalizedEmailField(
        label="Email", max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )


class IdleTimeoutForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["idle_timeout_minutes"]
        help_texts = {
            "idle_timeout_minutes": "After this long without using Compersion, you are signed out "
            "on that device. Useful on a shared computer.",
        }


class TwoFactorCodeForm(forms.Form):
    code = forms.CharField(
        label="Code",
        max_length=20,
        strip=True,
        help_text="The six digits your authenticator app shows now, or one of your recovery codes.",
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "text", "autocapitalize": "off"}
        ),
    )


class AppCodeForm(forms.Form):
    code = forms.CharField(
        label="The six digits your app shows",
        max_length=20,
        strip=True,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class PasswordConfirmForm(forms.Form):
    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    # Subclasses say what a wrong password means where they are used.
    mismatch_message = "That isn't your current password. Please try again."

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password: str = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(self.mismatch_message)
        return password


HOURS_CHOICES = [
    (hours, f"{hours} hour{'s' if hours > 1 else ''} before my day ends") for hours in range(1, 7)
]


class ReminderPreferencesForm(forms.Form):
    """The Reminders section: the master switch, the daily time and each kind of reminder."""

    reminders_enabled = forms.BooleanField(
        label="Send me reminders", required=False, help_text="Switches every reminder on or off at once."
    )
    reminder_time = forms.TimeField(
        label="Daily reminder at",
        help_text="Local time in your zone, in 24-hour form, for example 20:30.",
        # Text, not type="time": a browser shows that in its own locale's form ("8:30 PM"),
        # while the help text, the page and the emails say 20:30.
        widget=forms.TimeInput(
            format="%H:%M",
            attrs={
                "inputmode": "numeric",
                "pattern": "([01]?[0-9]|2[0-3]):[0-5][0-9]",
                "placeholder": "20:30",
                "size": "5",
                "maxlength": "5",
                "autocomplete": "off",
            },
        ),
    )
    daily = forms.BooleanField(label="Daily gratitude reminder, at my reminder time", required=False)
    last_chance = forms.BooleanField(label="A last-chance note while my streak is still open", required=False)
    last_chance_hours = forms.TypedChoiceField(
        label="Send the last-chance note", choices=HOURS_CHOICES, coerce=int, initial=2
    )
    kindness = forms.BooleanField(
        label="A weekly kindness nudge, if the week's target isn't met", required=False
    )
    kindness_weekday = forms.TypedChoiceField(
        label="Kindness nudge on", choices=Weekday.choices, coerce=int, initial=Weekday.WEDNESDAY
    )
    # Feelings keeps the needs check-in day; the reminder follows it.
    needs = forms.BooleanField(label="A weekly needs check-in, on your needs day in Feelings", required=False)
    reminder_channel = forms.ChoiceField(
        label="Send reminders",
        choices=ReminderChannel.choices,
        widget=forms.RadioSelect,
        required=False,  # left out, the channel stays as it is
        help_text="Push goes to the devices listed below. While none is, reminders come by email.",
    )

    def __init__(self, *args: Any, push_available: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not push_available:
            # No VAPID keys on this server: email is the only way, so there is nothing to choose.
            del self.fields["reminder_channel"]

    def full_clean(self) -> None:
        super().full_clean()
        # The section sits below "You and your days": a refused save opens the page on its
        # first wrong field, so its message is in view without scrolling, and without JS.
        first = next((name for name in self.errors if name in self.fields), None)
        if first is not None:
            self.fields[first].widget.attrs["autofocus"] = True

    @classmethod
    def initial_for(cls, *, user: User, rows: dict[str, ReminderSchedule]) -> dict[str, object]:
        return {
            "reminders_enabled": user.reminders_enabled,
            "reminder_time": user.reminder_time,
            "daily": rows[ReminderKind.DAILY].enabled,
            "last_chance": rows[ReminderKind.LAST_CHANCE].enabled,
            "last_chance_hours": rows[ReminderKind.LAST_CHANCE].hours_before_end,
            "kindness": rows[ReminderKind.KINDNESS].enabled,
            "kindness_weekday": rows[ReminderKind.KINDNESS].weekday,
            "needs": rows[ReminderKind.NEEDS].enabled,
            "reminder_channel": user.reminder_channel,
        }

    def preferences(self) -> dict[str, KindPreference]:
        data = self.cleaned_data
        return {
            ReminderKind.DAILY: KindPreference(enabled=data["daily"]),
            ReminderKind.LAST_CHANCE: KindPreference(
                enabled=data["last_chance"], hours_before_end=data["last_chance_hours"]
            ),
            ReminderKind.KINDNESS: KindPreference(enabled=data["kindness"], weekday=data["kindness_weekday"]),
            ReminderKind.NEEDS: KindPreference(enabled=data["needs"]),
        }
