from __future__ import annotations

import re

import pytest
from django.test import Client

from tests.factories import UserFactory

pytestmark = pytest.mark.integration


def test_a_password_reset_email_travels_through_redis_and_a_real_worker_to_smtp(
    start_worker, smtp_sink, settings
):
    settings.SITE_URL = "https://compersion.example"
    UserFactory.create(email="robin@example.com")
    # The worker writes the link (the task carries only the account's id), so it is the
    # worker's SITE_URL that the mail names.
    start_worker("--concurrency=1", env={"SITE_URL": "https://compersion.example"})

    response = Client().post("/accounts/password/reset/", {"email": "Robin@Example.com"})
    assert response.status_code == 302

    messages = smtp_sink.wait_for(1)
    assert len(messages) == 1
    message = messages[0]
    assert message["To"] == "robin@example.com"
    assert message["Subject"] == "Your Compersion password reset link"
    text = next(part for part in message.walk() if part.get_content_type() == "text/plain")
    body = text.get_payload(decode=True).decode()
    link = re.search(r"https://compersion\.example(/accounts/password/reset/\S+/)", body)
    assert link, body

    # The emailed link really works: it opens the form to choose a new password.
    page = Client().get(link.group(1), follow=True)
    assert b"Choose a new password" in page.content


def test_no_email_leaves_for_an_address_without_an_account(start_worker, smtp_sink):
    start_worker("--concurrency=1")
    UserFactory.create(email="robin@example.com")

    unknown = Client().post("/accounts/password/reset/", {"email": "nobody@example.com"})
    known = Client().post("/accounts/password/reset/", {"email": "robin@example.com"})

    assert unknown.status_code == known.status_code == 302
    assert unknown["Location"] == known["Location"]
    messages = smtp_sink.wait_for(1)
    assert [m["To"] for m in messages] == ["robin@example.com"]
