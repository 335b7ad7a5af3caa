"""Account emails, written and sent in the worker from ids.

Tasks take only a user id (or none, for an address without an account): links and bodies
are made here, from the account as it is when the mail leaves, so no reset link or
personal text ever sits in the broker.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.models import User
from accounts.tokens import signup_confirm_tokens


def mail_send(*, to: str, subject: str, text: str, html: str | None = None) -> None:
    message = EmailMultiAlternatives(
        subject=subject, body=text, from_email=settings.DEFAULT_FROM_EMAIL, to=[to]
    )
    if html:
        message.attach_alternative(html, "text/html")
    message.send()


def password_reset_mail_send(*, user_id: int | None) -> None:
    """The reset link for an active account with a password; nothing for anyone else."""
    user = User.objects.filter(pk=user_id, is_active=True).first() if user_id is not None else None
    if user is None or not user.has_usable_password():
        return
    context = {
        "site_url": settings.SITE_URL,
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user),
    }
    subject = "".join(render_to_string("registration/password_reset_subject.txt", context).splitlines())
    context["subject"] = subject
    mail_send(
        to=user.email,
        subject=subject,
        text=render_to_string("registration/password_reset_email.txt", context),
        html=render_to_string("registration/password_reset_email.html", context),
    )


def signup_mail_send(*, user_id: int) -> None:
    """After a sign-up: the confirmation link for a new account, or, when the address has a
    journal already, a note to its owner (the visitor was shown the same page either way)."""
    user = User.objects.filter(pk=user_id).first()
    if user is None:
        return
    if not user.is_active and user.email_confirmed_at is None:
        link = reverse(
            "accounts:signup_confirm",
            kwargs={
                "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                "token": signup_confirm_tokens.make_token(user),
            },
        )
        template, subject = "accounts/email/signup_confirm.txt", "Confirm your address for Compersion"
    elif user.is_active:
        link = reverse("accounts:login")
        template, subject = "accounts/email/signup_taken.txt", "You already have a Compersion journal"
    else:
        return  # switched off by an operator: no mail
    context = {
        "site_url": settings.SITE_URL,
        "link": settings.SITE_URL + link,
        "reset_link": settings.SITE_URL + reverse("accounts:password_reset"),
    }
    mail_send(to=user.email, subject=subject, text=render_to_string(template, context))
