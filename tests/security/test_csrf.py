"""Every URL refuses a POST without a valid CSRF token, with CSRF checks enforced.

Django's CSRF middleware runs before any view, so every pattern is posted to (a view that
answers only GET must still refuse, not run). The same POST *with* the token is then let
through, which proves the 403 came from the missing token and not from somewhere else.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from tests.security.registry import url_kwargs
from tests.security.urlwalk import is_admin, routes

# Views that must work without a token, each with the reason; anything else is checked.
CSRF_EXEMPT: dict[str, str] = {
    "reminders:unsubscribe": "RFC 8058 one-click unsubscribe; the encrypted URL token is the proof",
}
ROUTES = [r for r in routes() if not is_admin(r)]
ROUTE_NAMES = sorted({r.name for r in ROUTES} - set(CSRF_EXEMPT))
SIGNED_OUT_FORMS = ["accounts:signup", "accounts:login", "accounts:password_reset"]


def _csrf_client() -> Client:
    return Client(enforce_csrf_checks=True)


def _token(client: Client, url: str) -> str:
    # Any page that renders a form sets the cookie; the settings page is always there.
    client.get(url)
    cookie = client.cookies.get("csrftoken")
    assert cookie is not None, "no CSRF cookie was set"
    return cookie.value


def test_the_walk_finds_the_state_changing_urls() -> None:
    assert {"settings", "people:edit", "journal:item_add", "privacy:delete"} <= set(ROUTE_NAMES)


def test_only_the_listed_views_are_csrf_exempt() -> None:
    exempt = {r.name for r in ROUTES if getattr(r.callback, "csrf_exempt", False)}
    assert exempt == set(CSRF_EXEMPT)


@pytest.mark.parametrize("name", ROUTE_NAMES)
def test_a_signed_in_post_without_a_token_is_refused(name: str, user: User) -> None:
    client = _csrf_client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    url = reverse(name, kwargs=url_kwargs(name, user))

    refused = client.post(url, {"text": "x", "name": "x"})

    assert refused.status_code == 403, f"{name} accepted a POST without a CSRF token"
    assert b"CSRF" in refused.content or refused.reason_phrase == "Forbidden"


@pytest.mark.parametrize("name", ROUTE_NAMES)
def test_the_same_post_with_a_token_gets_past_the_check(name: str, user: User) -> None:
    client = _csrf_client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    url = reverse(name, kwargs=url_kwargs(name, user))
    token = _token(client, reverse("settings"))

    response = client.post(url, {"csrfmiddlewaretoken": token}, HTTP_X_CSRFTOKEN=token)

    assert response.status_code != 403


@pytest.mark.parametrize("name", SIGNED_OUT_FORMS)
def test_a_signed_out_post_without_a_token_is_refused(name: str, db: None) -> None:
    response = _csrf_client().post(reverse(name), {"username": "a@example.com", "password": "x"})
    assert response.status_code == 403
