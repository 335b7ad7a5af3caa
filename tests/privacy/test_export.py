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
    # No way in: neither the address nor a field for it ("email" is also a reminder channel).
    assert user.email not in json.dumps(document)
    assert "email" not in document["settings"]
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


def test_the_csv_files_name_people_rather_than_their_keys(me: Client) -> None:
    archive = zipfile.ZipFile(io.BytesIO(download(me, "/settings/export/zip/")))

    def rows(name: str) -> list[dict[str, str]]:
        return list(csv.DictReader(io.StringIO(archive.read(name).decode())))

    acts = {row["text"]: row["person"] for row in rows("kindness-acts.csv")}
    assert acts["Fixed Sam's bike"] == "Sam"
    assert acts["Left a note"] == ""
    gratitude = {row["text"]: row["people"] for row in rows("gratitude.csv")}
    assert gratitude["Sam made tea <script>alert(1)</script>"] == "Jules; Sam"
    assert {row["person"] for row in rows("metamour-notes.csv")} == {"Jules"}
    assert {row["person"] for row in rows("vicarious-joys.csv")} == {"", "Sam"}
    # Only people.csv keeps the keys, in its own column, for whoever wants to match them up.
    for name in archive.namelist():
        if name.endswith(".csv") and name != "people.csv":
            assert "person-" not in archive.read(name).decode(), name


def test_the_markdown_journal_covers_every_practice(me: Client) -> None:
    archive = zipfile.ZipFile(io.BytesIO(download(me, "/settings/export/zip/")))
    journal = archive.read("journal.md").decode()

    headings = [line for line in journal.splitlines() if line.startswith("# ")]
    assert headings == [
        "# Robin's gratitude journal",
        "# Robin's kindness",
        "# Robin's feelings check-ins",
        "# Robin's joys for others",
        "# Robin's needs check-ins",
        "# Robin's own ideas and words",
        "# Robin's people",
    ]
    for words in (
        "1. Fixed Sam's bike _(for Sam · help · medium effort)_",
        "Paid for the next coffee _(for a stranger · gift · small effort · told)_ "
        "Afterwards: It came back to mind all day.",
        "jealousy 6, wobbly 3 _(with Jules)_. _What happened:_ Date night. _In the body:_ chest. "
        "_Needs:_ appreciation, reassurance (partly). _Next:_ Ask Sam for a hug _(sat with it)_",
        "Promotion! _(Kim from work · work · joy 8 of 10)_",
        "Ran a marathon _(Sam · sport · joy 9 of 10)_",
        "1. Sam 4 of 5: Good week",
        "1. Leave a note in a library book",
        "wobbly: _Not quite steady_",
        "1. reassurance",
        "## Jules\n\n_Sam's comet_",
        "_A hobby:_ Jules bakes bread _(2026-03-14)_",
        "## Ari\n\n_Friend · archived_",
        "\\=1+1 is his favourite joke",
    ):
        assert words in journal, f"{words!r} not in:\n{journal}"


def test_an_empty_account_has_a_journal_that_says_nothing_is_written_yet(client: Client, user: User) -> None:
    client.force_login(user)
    journal = (
        zipfile.ZipFile(io.BytesIO(download(client, "/settings/export/zip/"))).read("journal.md").decode()
    )

    assert "# Robin's kindness\n\nNothing written yet." in journal
