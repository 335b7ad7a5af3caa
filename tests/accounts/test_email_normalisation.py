"""Email addresses are one spelling per mailbox: NFKC, then folded (issue #12, 4)."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps as global_apps
from django.test import Client
from django.urls import reverse

from accounts.models import User, normalize_email
from tests.factories import TEST_PASSWORD, UserFactory

FULLWIDTH_E = "demo1@\uff45xample.com"  # ｅ, FULLWIDTH LATIN SMALL LETTER E


def admin_add(email: str) -> dict[str, str]:
    return {"email": email, "password1": TEST_PASSWORD, "password2": TEST_PASSWORD, "usable_password": "true"}


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        (FULLWIDTH_E, "demo1@example.com"),
        ("DEMO1@EXAMPLE.COM", "demo1@example.com"),
        ("\uff24emo1@example.com", "demo1@example.com"),  # Ｄ in the local part
        ("  demo1@example.com\u3000", "demo1@example.com"),  # an ideographic space
        ("demo1@ex\u00e4mple.com", "demo1@ex\u00e4mple.com"),  # ä stays ä (NFKC, not ASCII)
        ("demo1@exa\u0308mple.com", "demo1@ex\u00e4mple.com"),  # a + combining diaeresis is ä
        ("demo1@EXAMPLE.\u212a\u212a", "demo1@example.kk"),  # the Kelvin sign folds to k
    ],
)
def test_addresses_are_normalised_then_folded(typed: str, stored: str) -> None:
    assert normalize_email(typed) == stored


@pytest.mark.django_db
def test_signing_up_with_a_lookalike_of_an_existing_address_makes_no_second_account(
    client: Client, django_capture_on_commit_callbacks
) -> None:
    UserFactory.create(email="demo1@example.com")
    data = {
        "email": FULLWIDTH_E,
        "time_zone": "UTC",
        "password1": "lanterns over the quiet harbour",
        "password2": "lanterns over the quiet harbour",
    }

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:signup"), data)

    assert list(User.objects.values_list("email", flat=True)) == ["demo1@example.com"]


@pytest.mark.django_db
def test_a_new_account_from_a_fullwidth_address_is_stored_normalised(
    client: Client, django_capture_on_commit_callbacks
) -> None:
    data = {
        "email": "Ｓam@ＥXAMPLE.com",
        "time_zone": "UTC",
        "password1": "lanterns over the quiet harbour",
        "password2": "lanterns over the quiet harbour",
    }

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:signup"), data)

    assert list(User.objects.values_list("email", flat=True)) == ["sam@example.com"]


@pytest.mark.django_db
def test_signing_in_with_a_lookalike_spelling_finds_the_account(client: Client) -> None:
    person = UserFactory.create(email="demo1@example.com")

    response = client.post(reverse("accounts:login"), {"username": FULLWIDTH_E, "password": TEST_PASSWORD})

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(person.pk)


@pytest.mark.django_db
def test_the_admin_refuses_a_lookalike_of_an_existing_address(admin_client: Client) -> None:
    UserFactory.create(email="demo1@example.com")
    before = User.objects.count()

    response = admin_client.post(
        reverse("admin:accounts_user_add"),
        admin_add(FULLWIDTH_E),
    )

    assert response.status_code == 200
    assert "already exists" in response.content.decode()
    assert User.objects.count() == before


@pytest.mark.django_db
def test_the_admin_stores_a_new_address_normalised(admin_client: Client) -> None:
    admin_client.post(
        reverse("admin:accounts_user_add"),
        admin_add("Ｎew@Ｅxample.com"),
    )

    assert User.objects.filter(email="new@example.com").exists()


@pytest.mark.django_db
def test_the_migration_normalises_old_rows_and_leaves_a_clash_for_the_operator() -> None:
    # Rows written before normalisation: one alone, one a look-alike of a real account.
    alone = UserFactory.create(email="robin@\uff45xample.org")
    real = UserFactory.create(email="demo1@example.com")
    lookalike = UserFactory.create(email=FULLWIDTH_E)
    migration = importlib.import_module("accounts.migrations.0005_normalise_stored_emails")

    migration.emails_normalise(global_apps, None)

    alone.refresh_from_db()
    real.refresh_from_db()
    lookalike.refresh_from_db()
    assert alone.email == "robin@example.org"
    assert real.email == "demo1@example.com"
    # Its owner signs in by the real address now, which is the real account's: left as it
    # was, it can no longer be reached, and the operator decides.
    assert lookalike.email == FULLWIDTH_E
