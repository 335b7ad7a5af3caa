from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from django.http import StreamingHttpResponse
from django.test import Client

from accounts.models import User
from journal.models import GratitudeItem
from people.models import Person
from privacy import schema
from privacy.formats import csv_cell, export_json_chunks


def download(client: Client, url: str) -> bytes:
    response = client.get(url)
    assert response.status_code == 200
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Disposition"].startswith('attachment; filename="compersion-')
    assert "no-store" in response["Cache-Control"]
    return b"".join(response.streaming_content)


@pytest.fixture
def me(client: Client, user: User, filled: Callable[[User], dict[str, Person]]) -> Client:
    filled(user)
    client.force_login(user)
    return client


def test_the_export_page_offers_both_downloads(me: Client) -> None:
    page = me.get("/settings/export/").content.decode()

    assert 'href="/settings/export/json/"' in page
    assert 'href="/settings/export/zip/"' in page


def test_the_json_download_holds_the_users_data_and_matches_the_schema(me: Client, user: User) -> None:
    document = json.loads(download(me, "/settings/export/json/"))

    assert schema.validate(document) == []
    assert document["version"] == schema.SCHEMA_VERSION
    assert sorted(p["name"] for p in document["people"]) == ["Ari", "Jules", "Sam"]
    assert len(document["gratitude"]) == 11
    assert "email" not in json.dumps(document["settings"])
    assert document["settings"]["time_zone"] == user.time_zone


def test_the_export_holds_nothing_of_another_user(
    me: Client, other_user: User, filled: Callable[[User], dict[str, Person]]
) -> None:
    filled(other_user)
    GratitudeItem.objects.filter(owner=other_user).update(text="THEIRS ONLY")

    body = download(me, "/settings/export/json/") + download(me, "/settings/export/zip/")

    assert b"THEIRS ONLY" not in body
    assert json.loads(download(me, "/settings/export/json/"))["gratitude"][0]["text"] != "THEIRS ONLY"


def test_downloads_need_a_signed_in_user(db: None) -> None:
    for url in ("/settings/export/", "/settings/export/json/", "/settings/export/zip/", "/settings/import/"):
        response = Client().get(url)
        assert response.status_code == 302, url
        assert "/accounts/login/" in response["Location"]


def test_the_zip_has_a_csv_per_practice_and_a_readable_journal(me: Client) -> None:
    archive = zipfile.ZipFile(io.BytesIO(download(me, "/settings/export/zip/")))

    names = set(archive.namelist())
    assert {
        "journal.md",
        "gratitude.csv",
        "kindness-acts.csv",
        "feelings-check-ins.csv",
        "people.csv",
    } <= names
    journal = archive.read("journal.md").decode()
    assert "## 2026-03-12" in journal
    assert "1. Thing 1 on a full day" in journal
    assert "_(with Jules, Sam)_" in journal
    rows = list(csv.DictReader(io.StringIO(archive.read("feelings-check-ins.csv").decode())))
    assert {row["feelings"] for row in rows} == {"jealousy 6; wobbly 3", "jealousy 2"}
    people = list(csv.DictReader(io.StringIO(archive.read("people.csv").decode())))
    # A note that starts like a formula is kept as text when a spreadsheet opens it.
    assert {p["name"]: p["notes"] for p in people}["Sam"] == "'=1+1 is his favourite joke"
    assert csv_cell("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert csv_cell("-5 kg") == "'-5 kg"
    assert csv_cell(["person-1", "person-2"]) == "person-1; person-2"


def test_an_empty_account_exports_empty_sections_and_headed_csvs(client: Client, user: User) -> None:
    client.force_login(user)

    document = json.loads(download(client, "/settings/export/json/"))
    archive = zipfile.ZipFile(io.BytesIO(download(client, "/settings/export/zip/")))

    assert schema.validate(document) == []
    assert document["gratitude"] == []
    assert archive.read("gratitude.csv").decode().startswith("local_date,time_zone,position,text")


def test_the_export_query_count_does_not_grow_with_history(
    me: Client, user: User, django_assert_max_num_queries: Any
) -> None:
    items = [
        GratitudeItem(
            owner=user,
            local_date=date(2020, 1, 1) + timedelta(days=n // 5),
            time_zone="UTC",
            text=f"x{n}",
            position=n % 5 + 1,
        )
        for n in range(1500)
    ]
    GratitudeItem.objects.bulk_create(items)

    # Chunked reads: 3 chunks of gratitude, each with one prefetch, plus a fixed number for the rest.
    with django_assert_max_num_queries(40):
        document = json.loads(download(me, "/settings/export/json/"))

    assert len(document["gratitude"]) == 1511
    # Written as it is read: the history arrives in several pieces, not one joined string.
    assert len(list(export_json_chunks(user=user))) > 3
