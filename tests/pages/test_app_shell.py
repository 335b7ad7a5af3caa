"""The installed app's shell: a manifest browsers can install from, a service worker that keeps
nothing of anyone, and an offline page that is the same for everyone."""

from __future__ import annotations

import json
import struct

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

from accounts.models import User
from journal.models import GratitudeItem
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _png_size(path: str) -> tuple[int, int]:
    found = finders.find(path)
    assert found, path
    with open(found, "rb") as file:
        head = file.read(24)
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", head[16:24])


def test_the_manifest_is_served_as_a_manifest_with_what_installing_needs(client: Client) -> None:
    response = client.get("/manifest.webmanifest")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["name"] == "Compersion"
    assert manifest["short_name"] == "Compersion"
    assert manifest["description"]
    assert (manifest["start_url"], manifest["scope"], manifest["display"]) == ("/", "/", "standalone")
    assert manifest["theme_color"] and manifest["background_color"]
    by_purpose = {(icon["purpose"], icon["sizes"]): icon for icon in manifest["icons"]}
    assert {("any", "192x192"), ("any", "512x512"), ("maskable", "512x512")} <= set(by_purpose)
    for (_, sizes), icon in by_purpose.items():
        if icon["type"] == "image/png":
            width, height = (int(n) for n in sizes.split("x"))
            assert _png_size(icon["src"].removeprefix("/static/")) == (width, height)
    assert [(s["name"], s["url"]) for s in manifest["shortcuts"]] == [
        ("Today", "/"),
        ("Kindness", "/kindness/"),
        ("Feelings", "/feelings/"),
    ]


def test_every_page_links_the_manifest_and_a_theme_colour_for_light_and_dark(client: Client) -> None:
    html = client.get("/accounts/login/").content.decode()

    assert '<link rel="manifest" href="/manifest.webmanifest">' in html
    assert 'name="theme-color" content="#fbf7f2" media="(prefers-color-scheme: light)"' in html
    assert 'name="theme-color" content="#1b1715" media="(prefers-color-scheme: dark)"' in html


def test_the_service_worker_is_served_from_the_root_and_keeps_only_the_offline_page_and_static_files(
    client: Client, user: User
) -> None:
    client.force_login(user)
    response = client.get("/sw.js")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]
    source = response.content.decode()
    files_line = next(line for line in source.splitlines() if line.startswith("const FILES = "))
    files = json.loads(files_line.removeprefix("const FILES = ").removesuffix(";"))
    assert files[0] == "/offline/"
    assert all(path.startswith("/static/") for path in files[1:])
    # Pages come from the network: the worker answers a navigation only when the network fails.
    assert "fetch(request).catch(() => caches.match(OFFLINE))" in source


def test_the_offline_page_is_drawn_as_for_a_visitor_even_when_asked_signed_in(client: Client) -> None:
    user = UserFactory.create(display_name="Marguerite Private")
    GratitudeItem.objects.create(
        owner=user, local_date="2026-12-01", position=1, time_zone=user.time_zone, text="A secret thing"
    )
    client.force_login(user)

    html = client.get("/offline/").content.decode()

    assert "You are offline" in html
    assert "Marguerite" not in html
    assert "secret thing" not in html
    assert "Sign out" not in html
    assert "data-offline-note-url" not in html
    assert 'maxlength="500"' in html
