from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils.html import escape

from accounts.models import User
from insights.models import WellbeingCheckIn
from journal.models import GratitudeItem, JournalDay
from people.models import Person
from privacy.selectors import export_document
from privacy.services import ImportProblems, account_import
from tests.factories import UserFactory


@pytest.fixture
def document(user: User, filled: Callable[[User], dict[str, Person]]) -> dict[str, Any]:
    filled(user)
    return export_document(user=user)


def upload(document: object, name: str = "compersion.json") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, json.dumps(document).encode(), content_type="application/json")


def problems_of(user: User, document: object) -> list[str]:
    with pytest.raises(ImportProblems) as caught:
        account_import(user=user, document=document)
    return caught.value.problems


def test_a_too_long_item_is_named_by_its_place_in_the_file(document: dict[str, Any]) -> None:
    document["gratitude"][11 - 1]["text"] = "x" * 501

    assert problems_of(UserFactory.create(), document) == [
        "journal item 11: text is longer than 500 characters"
    ]


@pytest.mark.parametrize(
    ("section", "field", "value", "expected"),
    [
        ("kindness_acts", "category", "bribery", "kindness act 2: category is 'bribery', not one of"),
        ("checkins", "local_date", "yesterday", "feelings check-in 1: local date 'yesterday' is not a date"),
        ("people", "name", "", "person 3: name is empty"),
        ("vicarious_joys", "joy", 11, "vicarious joy 1: joy must be at most 10"),
        ("needs_checkins", "score", "4", "needs check-in 1: score should be integer"),
    ],
)
def test_bad_records_get_a_sentence_naming_them(
    document: dict[str, Any], section: str, field: str, value: object, expected: str
) -> None:
    index = int(expected.split(":")[0].rsplit(" ", 1)[1]) - 1
    document[section][index][field] = value

    assert problems_of(UserFactory.create(), document)[0].startswith(expected)


def test_links_to_people_missing_from_the_file_are_refused(document: dict[str, Any]) -> None:
    document["gratitude"][0]["people"] = ["person-99"]
    document["settings"]["time_zone"] = "Mars/Olympus_Mons"

    problems = problems_of(UserFactory.create(), document)

    assert "journal item 1: person person-99 is not among the file's people" in problems
    assert "settings: 'Mars/Olympus_Mons' is not a time zone we know" in problems


def test_a_file_that_is_not_an_export_is_refused_plainly(user: User) -> None:
    assert problems_of(user, ["not", "an", "export"]) == ["The file should be object"]
    assert "version is 3, not one of 1, 2" in problems_of(user, {"format": "compersion-export", "version": 3})


def test_nothing_is_imported_when_the_last_record_is_bad(document: dict[str, Any]) -> None:
    fresh = UserFactory.create()
    Person.objects.create(owner=fresh, name="Already here")
    # Valid by the schema, but day already full in the account: discovered only mid-import.
    late_day = document["gratitude"][0]["local_date"]
    for position in range(1, 6):
        GratitudeItem.objects.create(
            owner=fresh, local_date=late_day, time_zone="UTC", text=f"mine {position}", position=position
        )

    problems = problems_of(fresh, document)

    assert problems == [f"journal item 1: {late_day} already has 5 items here"]
    assert list(Person.objects.filter(owner=fresh).values_list("name", flat=True)) == ["Already here"]
    assert GratitudeItem.objects.filter(owner=fresh).count() == 5
    assert not JournalDay.objects.filter(owner=fresh).exists()


def test_the_import_page_takes_a_file_and_says_how_much_it_added(
    client: Client, document: dict[str, Any]
) -> None:
    fresh = UserFactory.create()
    client.force_login(fresh)

    response = client.post("/settings/import/", {"file": upload(document)}, follow=True)

    assert response.status_code == 200
    assert "Imported " in response.content.decode()
    assert GratitudeItem.objects.filter(owner=fresh).count() == 11
    again = client.post("/settings/import/", {"file": upload(document)}, follow=True)
    assert "nothing new was added" in again.content.decode()
    assert GratitudeItem.objects.filter(owner=fresh).count() == 11


def test_the_import_page_lists_the_problems_and_imports_nothing(
    client: Client, document: dict[str, Any]
) -> None:
    fresh = UserFactory.create()
    client.force_login(fresh)
    document["gratitude"][2]["text"] = "<script>alert('x')</script>" + "y" * 600

    response = client.post("/settings/import/", {"file": upload(document)})

    assert response.status_code == 400
    assert escape("journal item 3: text is longer than 500 characters") in response.content.decode()
    assert "<script>alert" not in response.content.decode()
    assert not GratitudeItem.objects.filter(owner=fresh).exists()


def test_a_file_that_is_not_json_gets_a_clear_message(client: Client, user: User) -> None:
    client.force_login(user)

    response = client.post(
        "/settings/import/",
        {"file": SimpleUploadedFile("export.zip", b"PK\x03\x04 binary", "application/zip")},
    )

    assert response.status_code == 400
    assert escape("This file isn't a Compersion export we can read.") in response.content.decode()


def test_a_version_1_file_without_wellbeing_answers_or_channel_still_imports(
    document: dict[str, Any],
) -> None:
    assert document["version"] == 2 and len(document["wellbeing_checkins"]) == 1
    older = {**document, "version": 1, "settings": dict(document["settings"])}
    del older["wellbeing_checkins"]
    del older["settings"]["reminder_channel"]
    fresh = UserFactory.create(reminder_channel="both")

    account_import(user=fresh, document=older)

    assert GratitudeItem.objects.filter(owner=fresh).count() == len(document["gratitude"])
    assert not WellbeingCheckIn.objects.filter(owner=fresh).exists()
    fresh.refresh_from_db()
    assert fresh.reminder_channel == "both"
    account_import(user=fresh, document=document)
    assert WellbeingCheckIn.objects.get(owner=fresh).answers == (3, 3, 2, 4, 3)
    fresh.refresh_from_db()
    assert fresh.reminder_channel == document["settings"]["reminder_channel"] == "email"
