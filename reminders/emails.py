"""Reminder emails: plain text and HTML, with a one-click unsubscribe."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from accounts.models import ReminderKind, User
from journal.prompts import prompt_for
from journal.selectors import streak_summary_for
from reminders.selectors import unsubscribe_token_for

SUBJECTS = {
    ReminderKind.DAILY: "A few minutes for gratitude",
    ReminderKind.LAST_CHANCE: "Still time to keep your streak going",
    ReminderKind.KINDNESS: "A quiet kindness this week?",
    ReminderKind.NEEDS: "How are your needs this week?",
}
PATHS = {
    ReminderKind.DAILY: "/",
    ReminderKind.LAST_CHANCE: "/",
    ReminderKind.KINDNESS: "/kindness/",
    ReminderKind.NEEDS: "/feelings/",
}


def reminder_message(
    *,
    user: User,
    kind: str,
    local_date: date,
    delivery_id: int | None = None,
    test: bool = False,
    streak: int | None = None,
) -> EmailMultiAlternatives:
    """The reminder email; ``streak`` is looked up when the caller has not already."""
    unsubscribe_url = settings.SITE_URL + reverse(
        "reminders:unsubscribe", kwargs={"token": unsubscribe_token_for(user=user)}
    )
    subject = ("Test: " if test else "") + SUBJECTS[ReminderKind(kind)]
    context = {
        "subject": subject,
        "user": user,
        "kind": kind,
        "test": test,
        "local_date": local_date,
        "prompt": prompt_for(user_id=user.pk, local_date=local_date),
        "streak": streak if streak is not None else streak_summary_for(user=user, today=local_date).current,
        "action_url": settings.SITE_URL + PATHS[ReminderKind(kind)],
        "settings_url": settings.SITE_URL + reverse("settings"),
        "unsubscribe_url": unsubscribe_url,
    }
    headers = {
        "List-Unsubscribe": f"<{unsubscribe_url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "Auto-Submitted": "auto-generated",
    }
    if delivery_id is not None:
        # One ledger row, one Message-ID: if a send is ever repeated after a crash,
        # mail clients that de-duplicate by Message-ID show it once.
        domain = urlsplit(settings.SITE_URL).hostname or "compersion.localhost"
        headers["Message-ID"] = f"<reminder.{delivery_id}.{local_date.isoformat()}@{domain}>"
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("reminders/email.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
        headers=headers,
    )
    message.attach_alternative(render_to_string("reminders/email.html", context), "text/html")
    return message
