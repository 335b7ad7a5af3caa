from __future__ import annotations

import smtplib

from celery import shared_task

from accounts import emails

# SMTP hiccups are retried with backoff for about an hour; the mail is rebuilt each time.
_TRANSIENT = (smtplib.SMTPException, ConnectionError, TimeoutError)


@shared_task(autoretry_for=_TRANSIENT, retry_backoff=True, retry_backoff_max=600, max_retries=8)
def email_send(*, to: str, subject: str, text: str, html: str | None = None) -> None:
    emails.mail_send(to=to, subject=subject, text=text, html=html)


@shared_task(autoretry_for=_TRANSIENT, retry_backoff=True, retry_backoff_max=600, max_retries=8)
def password_reset_email_send(*, user_id: int | None) -> None:
    emails.password_reset_mail_send(user_id=user_id)


@shared_task(autoretry_for=_TRANSIENT, retry_backoff=True, retry_backoff_max=600, max_retries=8)
def signup_email_send(*, user_id: int) -> None:
    emails.signup_mail_send(user_id=user_id)
