"""Issue #12, item 16: body sizes, time zone names, the 500 page and the CSRF failure page."""

from __future__ import annotations

import re
from html import escape

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from accounts.forms import ZoneField
from accounts.models import User

MEGABYTE = 1024 * 1024


# --- request bodies ---------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["people:index", "journal:index", "settings", "accounts:idle_timeout"])
def test_a_form_url_refuses_a_multipart_body_of_a_few_megabytes(
    client: Client, user: User, name: str
) -> None:
    client.force_login(user)
    upload = SimpleUploadedFile("notes.txt", b"x" * (2 * MEGABYTE), content_type="text/plain")

    response = client.post(reverse(name), {"name": "Sam", "file": upload})

    assert response.status_code == 413
    assert "more than we can take" in response.content.decode()


@pytest.mark.django_db
def test_the_import_page_still_takes_a_file_of_several_megabytes(client: Client, user: User) -> None:
    client.force_login(user)
    upload = SimpleUploadedFile("export.json", b" " * (4 * MEGABYTE) + b"{}", content_type="application/json")

    response = client.post(reverse("privacy:import"), {"file": upload})

    assert response.status_code != 413


@pytest.mark.django_db
def test_the_import_page_refuses_a_body_past_its_advertised_limit(
    client: Client, user: User, settings
) -> None:
    settings.LARGE_BODY_VIEWS = {"privacy:import": 3 * MEGABYTE}
    client.force_login(user)
    upload = SimpleUploadedFile("export.json", b" " * (5 * MEGABYTE), content_type="application/json")

    response = client.post(reverse("privacy:import"), {"file": upload})

    assert response.status_code == 413


# --- time zones -------------------------------------------------------------------


@pytest.mark.parametrize("name", ["localtime", "Factory"])
def test_zones_that_are_not_places_are_refused(name: str) -> None:
    # "localtime" is whatever the server's clock is set to; "Factory" is the placeholder
    # zone of an unconfigured machine. Neither names where the user lives.
    with pytest.raises(forms.ValidationError):
        ZoneField().clean(name)


def test_real_zones_are_still_accepted() -> None:
    for name in ["Europe/Berlin", "America/New_York", "Asia/Kolkata", "UTC", "Pacific/Chatham"]:
        assert ZoneField().clean(name) == name


@pytest.mark.django_db
def test_signing_up_with_the_localtime_zone_is_explained(client: Client) -> None:
    response = client.post(
        "/accounts/signup/",
        {
            "email": "zone@example.com",
            "time_zone": "localtime",
            "password1": "a long and calm passphrase",
            "password2": "a long and calm passphrase",
        },
    )

    assert response.status_code in (200, 400)
    assert "is not a time zone we know" in response.content.decode()
    assert not User.objects.filter(email="zone@example.com").exists()


# --- the 500 page -----------------------------------------------------------------


@pytest.fixture
def failing_client(settings) -> Client:
    settings.ROOT_URLCONF = "tests.security.urls_failing"
    return Client(raise_request_exception=False)


@pytest.mark.django_db
def test_without_error_mail_the_500_page_does_not_claim_anyone_was_told(
    failing_client: Client, settings
) -> None:
    settings.ADMINS = []

    response = failing_client.get("/boom/")

    page = response.content.decode()
    assert response.status_code == 500
    assert "told" not in page
    assert "error log" in page


@pytest.mark.django_db
def test_with_error_mail_set_up_the_500_page_says_the_team_was_emailed(
    failing_client: Client, settings
) -> None:
    settings.ADMINS = [("Ops", "ops@example.org")]

    response = failing_client.get("/boom/")

    assert response.status_code == 500
    assert "emailed" in response.content.decode()


# --- the CSRF failure page --------------------------------------------------------


@pytest.mark.django_db
def test_a_stale_form_gets_our_page_with_the_typed_words_back_as_plain_text(user: User) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    client.get("/journal/")  # the CSRF cookie is set
    words = 'My partner <b>laughed</b> "at last" & <script>alert(1)</script>'

    response = client.post(
        "/people/",
        {"csrfmiddlewaretoken": "stale" * 6 + "xy", "name": "Sam", "notes": words},
        headers={"Origin": "http://testserver"},
    )

    page = response.content.decode()
    assert response.status_code == 403
    assert "Your words are below" in page
    assert re.search(r"<textarea[^>]*readonly[^>]*>\s*" + re.escape(escape(words)), page)
    assert "<b>laughed</b>" not in page
    assert "<script>alert(1)" not in page
    assert '<link rel="stylesheet"' in page  # our page, in our layout, not Django's bare one


@pytest.mark.django_db
def test_the_csrf_page_never_shows_a_password_back(user: User) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    client.get("/settings/")

    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": "my-old-secret-words", "new_password1": "new-secret-words-1", "new_password2": "x"},
        headers={"Origin": "http://testserver"},
    )

    page = response.content.decode()
    assert response.status_code == 403
    assert "my-old-secret-words" not in page
    assert "new-secret-words-1" not in page


@pytest.mark.django_db
def test_a_post_from_another_site_is_refused_without_echoing_its_text(user: User) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    client.get("/journal/")

    response = client.post(
        "/people/", {"name": "Call this number now"}, headers={"Origin": "https://evil.example"}
    )

    assert response.status_code == 403
    assert "Call this number now" not in response.content.decode()
