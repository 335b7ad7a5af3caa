from __future__ import annotations

from django.test import Client

from accounts.models import User


def test_the_privacy_page_is_open_to_everyone_and_linked_from_the_footer(db: None) -> None:
    response = Client().get("/privacy/")

    page = response.content.decode()
    assert response.status_code == 200
    assert 'href="/privacy/"' in Client().get("/accounts/login/").content.decode()
    assert "What you write is encrypted inside the database" in page
    assert "not end-to-end" in page and "What is not encrypted" in page
    assert "No analytics" in page


def test_the_settings_page_links_every_privacy_page(client: Client, user: User) -> None:
    client.force_login(user)

    page = client.get("/settings/").content.decode()

    for url in ("/settings/export/", "/settings/import/", "/settings/delete/", "/privacy/"):
        assert f'href="{url}"' in page
