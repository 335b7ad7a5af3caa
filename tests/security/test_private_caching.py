"""Signed-in pages are never kept by a browser's disk cache or a shared cache, and signing
out clears what the browser kept (issue #12, item 13)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from tests.factories import TEST_PASSWORD
from tests.security.registry import url_kwargs
from tests.security.urlwalk import is_admin, routes

NOW = datetime(2026, 5, 4, 9, 0, 7, tzinfo=UTC)


def cache_directives(response) -> set[str]:
    header = response.get("Cache-Control", "")
    return {part.strip().split("=")[0] for part in header.split(",") if part.strip()}


# Every URL the resolver knows (the admin is Django's own and sends no-cache itself).
ROUTE_NAMES = sorted({route.name for route in routes() if not is_admin(route)})


@pytest.mark.django_db
@pytest.mark.parametrize("name", ROUTE_NAMES)
def test_every_signed_in_answer_tells_browsers_and_proxies_not_to_store_it(
    client: Client, user, name: str
) -> None:
    client.force_login(user)

    response = client.get(reverse(name, kwargs=url_kwargs(name, user)))

    assert {"no-store", "private"} <= cache_directives(response), (name, response.get("Cache-Control"))
    assert "Cookie" in response.get("Vary", ""), name


@pytest.mark.django_db
def test_a_signed_in_post_answer_is_not_stored_either(client: Client, user) -> None:
    client.force_login(user)

    response = client.post("/people/add/", {"name": "Sam", "kind": "friend"})

    assert "no-store" in cache_directives(response)


@pytest.mark.django_db
def test_signing_out_clears_the_browsers_cache_and_storage_but_not_its_cookies(client: Client, user) -> None:
    client.force_login(user)

    response = client.post("/accounts/logout/")

    assert response.status_code == 302
    assert response["Clear-Site-Data"] == '"cache", "storage"'
    assert "no-store" in cache_directives(response)


@pytest.mark.django_db
def test_after_signing_out_the_next_page_can_sign_in_again_with_csrf_enforced(user) -> None:
    # "cookies" is deliberately not cleared: Django already deletes the session cookie, and
    # clearing every cookie of the site would race the CSRF cookie the next page sets.
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    page = client.get("/")
    token = re.search(r'"X-CSRFToken": "([^"]+)"', page.content.decode())
    assert token is not None
    assert client.post("/accounts/logout/", headers={"X-CSRFToken": token.group(1)}).status_code == 302

    login = client.get("/accounts/login/")
    field = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login.content.decode())
    assert field is not None
    again = client.post(
        "/accounts/login/",
        {"csrfmiddlewaretoken": field.group(1), "username": user.email, "password": TEST_PASSWORD},
    )

    assert again.status_code == 302


@pytest.mark.django_db
def test_signed_out_pages_only_send_the_clear_site_data_on_sign_out(client: Client) -> None:
    response = client.get("/accounts/login/")

    assert "Clear-Site-Data" not in response


@pytest.mark.django_db
def test_static_files_keep_their_long_cache(client: Client, user) -> None:
    client.force_login(user)

    response = client.get("/static/css/app.css")

    assert response.status_code == 200
    assert "no-store" not in cache_directives(response)


@pytest.mark.django_db
def test_being_signed_out_for_idleness_also_clears_the_browser(user) -> None:
    with time_machine.travel(NOW, tick=False) as traveller:
        client = Client()
        client.force_login(user)
        client.post(reverse("accounts:idle_timeout"), {"idle_timeout_minutes": 15})
        traveller.shift(timedelta(minutes=16))
        response = client.get(reverse("journal:index"))

    assert response.status_code == 302
    assert response["Clear-Site-Data"] == '"cache", "storage"'
