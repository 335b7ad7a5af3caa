"""The small things a browser asks for at the root: a favicon and a touch icon."""

from __future__ import annotations

import struct

import pytest
from django.test import Client


def _served(client: Client, path: str) -> tuple[str, bytes]:
    response = client.get(path)
    assert response.status_code == 200, path
    body = b"".join(response.streaming_content) if response.streaming else response.content  # type: ignore[attr-defined]
    return response.headers["Content-Type"], body


def test_favicon_ico_is_an_icon_with_the_usual_sizes(client: Client) -> None:
    content_type, body = _served(client, "/favicon.ico")

    assert content_type in {"image/x-icon", "image/vnd.microsoft.icon"}
    reserved, kind, count = struct.unpack("<HHH", body[:6])
    assert (reserved, kind) == (0, 1)
    sizes = {body[6 + 16 * n] for n in range(count)}
    assert {16, 32} <= sizes
    # Each image is a PNG, which every browser reads inside an ICO.
    offsets = [struct.unpack("<I", body[6 + 16 * n + 12 : 6 + 16 * n + 16])[0] for n in range(count)]
    assert all(body[offset : offset + 8] == b"\x89PNG\r\n\x1a\n" for offset in offsets)


def test_the_touch_icon_is_a_180_pixel_png(client: Client) -> None:
    content_type, body = _served(client, "/apple-touch-icon.png")

    assert content_type == "image/png"
    assert body[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", body[16:24]) == (180, 180)


@pytest.mark.django_db
def test_every_page_names_the_icons(client: Client) -> None:
    html = client.get("/accounts/login/").content.decode()

    assert '<link rel="icon" href="/favicon.ico"' in html
    assert '<link rel="apple-touch-icon" href="/apple-touch-icon.png">' in html
    assert 'type="image/svg+xml"' in html
