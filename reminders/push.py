"""Web Push (RFC 8030) with VAPID (RFC 8292) and aes128gcm payloads (RFC 8291), by pywebpush.

What is pushed is what any stranger reading the lock screen could read: a fixed title, the
day's prompt (written by the Compersion team, the same list for everyone) and where to go.
Never a word the user wrote: the push service, and the lock screen, are the outside world.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from email.utils import parseaddr
from enum import Enum

import requests
from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse
from py_vapid import Vapid
from pywebpush import WebPushException, webpush

from accounts.models import ReminderKind
from journal.prompts import prompt_for

TITLES = {
    ReminderKind.DAILY: "Time for today's five",
    ReminderKind.LAST_CHANCE: "Still time for today's five",
    ReminderKind.KINDNESS: "A quiet kindness this week?",
    ReminderKind.NEEDS: "How are your needs this week?",
}
WEEKLY_BODIES = {
    ReminderKind.KINDNESS: "Something small, for someone, that nobody needs to know about.",
    ReminderKind.NEEDS: "A few minutes to check in with what you need.",
}
# How long a push service keeps a message for a device that is off: past the two hours a
# reminder may be late (services.LATE_AFTER), it is no longer worth showing.
TTL_SECONDS = 2 * 60 * 60
TIMEOUT_SECONDS = 10


class Outcome(Enum):
    SENT = "sent"
    GONE = "gone"  # 404 or 410: the subscription has expired or was withdrawn; forget it
    RETRY = "retry"  # the push service is busy or unreachable: try again later, like mail
    REFUSED = "refused"  # any other answer: this message will never be taken


@dataclass(frozen=True)
class Device:
    endpoint: str
    p256dh: str
    auth: str


def push_enabled() -> bool:
    """Push is offered only where the operator configured a VAPID key pair."""
    return bool(settings.VAPID_PRIVATE_KEY)


def vapid_subject() -> str:
    if settings.VAPID_SUBJECT:
        return str(settings.VAPID_SUBJECT)
    return "mailto:" + (parseaddr(settings.DEFAULT_FROM_EMAIL)[1] or "hello@compersion.localhost")


def reminder_payload(*, user_id: int, kind: str, local_date: date) -> dict[str, object]:
    """The notification, as JSON the service worker shows: nothing a stranger should not read."""
    reminder = ReminderKind(kind)
    if reminder in WEEKLY_BODIES:
        body = WEEKLY_BODIES[reminder]
    else:
        body = prompt_for(user_id=user_id, local_date=local_date)
    return {
        "title": TITLES[reminder],
        "body": body,
        "icon": static("img/app-192.png"),
        # One tag a day per kind: if a send is ever repeated after a crash, the device
        # replaces the notification instead of showing a second one.
        "tag": f"reminder-{reminder.value}-{local_date.isoformat()}",
        "url": {
            ReminderKind.KINDNESS: reverse("kindness:index"),
            ReminderKind.NEEDS: reverse("feelings:index"),
        }.get(reminder, reverse("home")),
        "actions": [
            {"action": "not-today", "title": "Not today", "url": reverse("reminders:not_today")},
            {"action": "settings", "title": "Settings", "url": reverse("settings") + "#reminders"},
        ],
    }


def push_send(
    *, device: Device, payload: dict[str, object], topic: str, session: requests.Session
) -> tuple[Outcome, str]:
    """Push one message to one device; the outcome and, unless sent, why."""
    try:
        webpush(
            subscription_info={
                "endpoint": device.endpoint,
                "keys": {"p256dh": device.p256dh, "auth": device.auth},
            },
            data=json.dumps(payload, separators=(",", ":")),
            vapid_private_key=Vapid.from_raw(settings.VAPID_PRIVATE_KEY.encode()),
            # A fresh dict each time: pywebpush writes aud and exp into the one it is given.
            vapid_claims={"sub": vapid_subject()},
            content_encoding="aes128gcm",
            ttl=TTL_SECONDS,
            # RFC 8030's Topic: a push service holding an undelivered message with the same
            # topic for this device replaces it rather than queueing a second.
            headers={"Topic": topic, "Urgency": "normal"},
            timeout=TIMEOUT_SECONDS,
            requests_session=session,
        )
    except WebPushException as error:
        status = error.response.status_code if error.response is not None else None
        if status in (404, 410):
            return Outcome.GONE, f"push service answered {status}"
        if status is None or status == 429 or status >= 500:
            return Outcome.RETRY, f"push service answered {status or 'nothing'}"
        return Outcome.REFUSED, f"push service refused with {status}"
    except (requests.ConnectionError, requests.Timeout) as error:
        return Outcome.RETRY, f"push service unreachable: {type(error).__name__}"
    return Outcome.SENT, ""


def browser_label(user_agent: str) -> str:
    """The browser family and the system ("Firefox on Android"), nothing more of the User-Agent
    (no versions, no device model), enough for the user to tell their devices apart."""
    browser = next((name for token, name in _BROWSERS if token in user_agent), "A browser")
    system = next((name for token, name in _SYSTEMS if token in user_agent), "")
    return f"{browser} on {system}" if system else browser


# Order matters: Edge and Opera say Chrome too, Chrome says Safari, and iOS browsers say Safari.
_BROWSERS = (
    ("Edg/", "Edge"),
    ("EdgiOS", "Edge"),
    ("OPR/", "Opera"),
    ("SamsungBrowser", "Samsung Internet"),
    ("Firefox/", "Firefox"),
    ("FxiOS", "Firefox"),
    ("CriOS", "Chrome"),
    ("Chromium/", "Chromium"),
    ("Chrome/", "Chrome"),
    ("Safari/", "Safari"),
)
_SYSTEMS = (
    ("iPhone", "iPhone"),
    ("iPad", "iPad"),
    ("Android", "Android"),
    ("Windows", "Windows"),
    ("Mac OS X", "macOS"),
    ("CrOS", "ChromeOS"),
    ("Linux", "Linux"),
)
