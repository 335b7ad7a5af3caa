"""What the import page says: one line for a problem many records share, counts in good
English, and a word when the file moved the account to another time zone."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.utils.html import escape

from accounts.models import User
from compersion.lib.export import problems_grouped
from people.models import Person
from privacy.selectors import export_document
from tests.factories import UserFactory
from tests.privacy.test_import import upload


@pytest.fixture
def document(user: User, filled: Callable[[User], dict[str, Person]]) -> dict[str, Any]:
    filled(user)
    return export_document(user=user)


def test_one_problem_in_many_records_is_said_once_naming_a_few() -> None:
    problems = [f"journal item {n}: text is empty" for n in (3, 7, 9, 12, 15)]
    problems.insert(2, "check-in 2: holds no feelings")

    assert problems_grouped(problems) == [
        "journal item 3, 7, 9 and 2 more: text is empty",
        "check-in 2: holds no feelings",
    ]


def test_two_or_four_records_are_all_named() -> None:
    assert problems_grouped(["person 1: name is empty", "person 4: name is empty"]) == [
        "person 1 and 4: name is empty"
    ]
    four = [f"person {n}: name is empty" for n in (1, 2, 3, 4)]
    assert problems_grouped(four) == ["person 1, 2, 3 and 4: name is empty"]


def test_different_problems_and_sentences_without_a_record_stay_apart() -> None:
    problems = [
        "journal item 1: text is empty",
        "journal item 2: date is missing",
        "The file should be object",
    ]

    assert problems_grouped(problems) == problems


@pytest.mark.django_db
def test_the_page_groups_a_problem_repeated_across_many_records(
    client: Client, document: dict[str, Any]
) -> None:
    fresh = UserFactory.create()
    client.force_login(fresh)
    for item in document["gratitude"]:
        item["text"] = "y" * 600

    response = client.post("/settings/import/", {"file": upload(document)})

    content = response.content.decode()
    assert response.status_code == 400
    more = len(document["gratitude"]) - 3
    assert escape(f"journal item 1, 2, 3 and {more} more: text is longer than 500 characters") in content
    assert "Nothing was imported. One thing in the file needs a look:" in content


@pytest.mark.django_db
def test_the_count_of_problems_reads_in_the_plural(client: Client, document: dict[str, Any]) -> None:
    fresh = UserFactory.create()
    client.force_login(fresh)
    document["gratitude"][0]["text"] = ""
    document["gratitude"][1]["local_date"] = "not a date"

    response = client.post("/settings/import/", {"file": upload(document)})

    assert "Nothing was imported. 2 things in the file need a look:" in response.content.decode()


@pytest.mark.django_db
def test_the_page_says_when_the_file_changed_the_time_zone(client: Client, document: dict[str, Any]) -> None:
    fresh = UserFactory.create(time_zone="Pacific/Auckland")
    client.force_login(fresh)
    document["settings"]["time_zone"] = "Europe/Lisbon"

    response = client.post("/settings/import/", {"file": upload(document)}, follow=True)

    content = response.content.decode()
    assert "Your time zone is now Europe/Lisbon, as in the file (it was Pacific/Auckland)." in content
    again = client.post("/settings/import/", {"file": upload(document)}, follow=True)
    assert "Your time zone is now" not in again.content.decode()


@pytest.mark.django_db
def test_one_imported_record_is_one_record(client: Client, document: dict[str, Any]) -> None:
    fresh = UserFactory.create()
    client.force_login(fresh)
    first = {**document["gratitude"][0], "people": []}
    for key, value in list(document.items()):
        if isinstance(value, list):
            document[key] = []
    document["gratitude"] = [first]

    response = client.post("/settings/import/", {"file": upload(document)}, follow=True)

    assert "Imported 1 record. Welcome back" in response.content.decode()
