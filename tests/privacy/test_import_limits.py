"""Files made to hurt: dates no page can read, numbers Python will not parse, text PostgreSQL
cannot store, a reminder time with an offset, and files larger than an import can take within
a request. Each is refused with a sentence naming the record, and the account stays as it was."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from typing import Any

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from accounts.models import User
from journal.models import DayState, GratitudeItem, JournalDay
from people.models import Person
from privacy import forms, schema
from privacy.selectors import export_document
from privacy.services import account_import
from tests.factories import UserFactory
from tests.privacy.import_sizes import document_of_size

# A fixed afternoon in Berlin; the file's own settings keep the account in Europe/Berlin,
# its days starting at 03:00.
NOW = datetime(2026, 3, 20, 15, 0, tzinfo=UTC)
TOMORROW = date(2026, 3, 21)


@pytest.fixture
def document(user: User, filled: Callable[[User], dict[str, Person]]) -> dict[str, Any]:
    filled(user)
    return export_document(user=user, now=NOW)


@pytest.fixture
def fresh(client: Client) -> Iterator[User]:
    someone = UserFactory.create()
    client.force_login(someone)
    with time_machine.travel(NOW, tick=False):
        yield someone


def post(client: Client, body: bytes | str | dict[str, Any]) -> tuple[int, str]:
    if isinstance(body, dict):
        body = json.dumps(body)
    if isinstance(body, str):
        body = body.encode("utf-8", "surrogatepass")
    upload = SimpleUploadedFile("compersion.json", body, content_type="application/json")
    response = client.post(reverse("privacy:import"), {"file": upload})
    return response.status_code, response.content.decode()


def assert_account_still_reads(client: Client, user: User) -> None:
    pages = [
        "home",
        "journal:index",
        "people:index",
        "feelings:index",
        "kindness:index",
        "privacy:export_json",
    ]
    for name in pages:
        response = client.get(reverse(name))
        assert response.status_code == 200, name
        if name == "privacy:export_json":
            b"".join(response.streaming_content)  # type: ignore[attr-defined]
    for person in Person.objects.filter(owner=user):
        assert client.get(reverse("people:detail", kwargs={"person_id": person.pk})).status_code == 200


def date_fields() -> Iterator[tuple[str, str, str]]:
    """(section, field, format) for every date and moment a file holds, read from the schema."""
    yield "file", "exported_at", "date-time"
    for section, spec in schema.SECTIONS.items():
        for field, field_schema in spec.get("items", spec)["properties"].items():
            if field_schema.get("format") in ("date", "date-time"):
                yield section, field, field_schema["format"]


def place(document: dict[str, Any], section: str, field: str) -> tuple[dict[str, Any], str]:
    """The first record of ``section`` whose ``field`` holds a value, and how a problem names it."""
    if section == "file":
        return document, "exported at"
    spec = schema.SECTIONS[section]
    if "items" not in spec:
        return document[section], f"{section}: {field.replace('_', ' ')}"
    for index, record in enumerate(document[section]):
        if record[field] is not None:
            return record, f"{spec['x-label']} {index + 1}: {field.replace('_', ' ')}"
    raise AssertionError(f"the filled account has no {section} with a {field}")


DATE_FIELDS = sorted(date_fields())


def test_every_date_and_moment_in_the_schema_is_tried() -> None:
    # The filled account has a record for each: people's archived_at, kindness acts' told_at …
    assert len(DATE_FIELDS) >= 18
    assert ("people", "created_at", "date-time") in DATE_FIELDS


def test_a_year_one_moment_is_refused_by_name_and_the_account_still_reads(
    client: Client, document: dict[str, Any], fresh: User
) -> None:
    document["people"][0]["created_at"] = "0001-01-01T00:00:00+14:00"

    status, content = post(client, document)

    assert status == 400
    assert escape("person 1: created at '0001-01-01T00:00:00+14:00' is before 1900") in content
    assert not Person.objects.filter(owner=fresh).exists()
    assert_account_still_reads(client, fresh)


@pytest.mark.parametrize(("section", "field", "fmt"), DATE_FIELDS)
@pytest.mark.parametrize("edge", ["before 1900", "after tomorrow"])
def test_a_date_beyond_the_edges_is_refused_naming_the_record(
    client: Client, document: dict[str, Any], fresh: User, section: str, field: str, fmt: str, edge: str
) -> None:
    record, where = place(document, section, field)
    if edge == "before 1900":
        value = "1899-12-31" if fmt == "date" else "1899-12-31T23:59:59.999999+00:00"
    else:
        # With the day starting at 03:00, Berlin's tomorrow ends at 02:00 UTC the day after.
        value = "2026-03-22" if fmt == "date" else "2026-03-22T02:00:00+00:00"
    record[field] = value

    status, content = post(client, document)

    assert status == 400
    assert escape(f"{where} {value!r} is {edge}") in content
    assert not GratitudeItem.objects.filter(owner=fresh).exists()


def test_a_moment_past_the_year_9999_in_utc_is_refused(
    client: Client, document: dict[str, Any], fresh: User
) -> None:
    document["checkins"][0]["created_at"] = "9999-12-31T23:59:59-14:00"

    status, content = post(client, document)

    assert status == 400
    assert escape("feelings check-in 1: created at '9999-12-31T23:59:59-14:00' is after tomorrow") in content


def test_dates_at_the_edges_are_taken_and_every_page_still_answers(
    client: Client, document: dict[str, Any], fresh: User
) -> None:
    for number, (section, field, fmt) in enumerate(DATE_FIELDS):
        record, _ = place(document, section, field)
        if number % 2:
            record[field] = "1900-01-01" if fmt == "date" else "1900-01-01T00:00:00+00:00"
        else:
            record[field] = TOMORROW.isoformat() if fmt == "date" else "2026-03-22T01:59:59.999999+00:00"

    status, content = post(client, document)

    assert status == 302, content
    assert GratitudeItem.objects.filter(owner=fresh).count() == len(document["gratitude"])
    assert_account_still_reads(client, fresh)


def test_a_reminder_time_with_an_offset_is_refused(
    client: Client, document: dict[str, Any], fresh: User
) -> None:
    document["settings"]["reminder_time"] = "20:00+05:00"

    status, content = post(client, document)

    assert status == 400
    assert escape("settings: reminder time '20:00+05:00' is not a time like 20:00") in content
    assert_account_still_reads(client, fresh)


@pytest.mark.parametrize("zone", ["localtime", "Factory"])
def test_a_zone_the_settings_page_does_not_offer_is_refused(
    client: Client, document: dict[str, Any], fresh: User, zone: str
) -> None:
    # In the tz database, but not places: the same list as the settings page, not a wider one.
    document["settings"]["time_zone"] = zone

    status, content = post(client, document)

    assert status == 400
    assert escape(f"settings: {zone!r} is not a time zone we know") in content
    assert_account_still_reads(client, fresh)


def test_a_number_longer_than_python_parses_is_refused_by_name(
    client: Client, document: dict[str, Any], fresh: User
) -> None:
    text = json.dumps(document).replace('"score": 4', '"score": ' + "9" * 5000, 1)

    status, content = post(client, text)

    assert status == 400
    assert escape("needs check-in 1: score is a number 5000 digits long") in content


def test_a_lone_surrogate_in_any_text_is_refused_by_name(
    client: Client, document: dict[str, Any], fresh: User
) -> None:
    # json.dumps writes it as the escape \ud800, which json.load turns back into a lone surrogate.
    document["people"][1]["notes"] = "half a \ud800 smile"
    document["people"][1]["n\udfffotes"] = "an extra key with a broken name"

    status, content = post(client, document)

    assert status == 400
    assert escape("person 2: notes contains a broken character (a lone surrogate)") in content
    assert escape("person 2: 'n\\udfffotes' is not a field this format knows") in content
    assert not Person.objects.filter(owner=fresh).exists()


def test_a_lone_surrogate_written_as_raw_bytes_is_refused_by_name(
    client: Client, document: dict[str, Any], fresh: User
) -> None:
    # json.load decodes bytes with "surrogatepass", so the encoded surrogate itself gets through too.
    body = json.dumps(document).encode().replace(b"favourite joke", b"favourite \xed\xa0\x80 joke")
    number = 1 + [p["notes"] for p in document["people"]].index("=1+1 is his favourite joke")

    status, content = post(client, body)

    assert status == 400
    assert escape(f"person {number}: notes contains a broken character (a lone surrogate)") in content


def test_a_file_over_the_limit_is_refused_before_it_is_read(client: Client, fresh: User) -> None:
    # Not even JSON: the size alone decides, before any parsing.
    status, content = post(client, b"[" * (forms.MAX_IMPORT_BYTES + 1))

    assert status == 400
    assert escape(f"That file is larger than {forms.MAX_IMPORT_MEGABYTES} MB") in content


def test_the_form_and_the_documentation_state_the_same_limit() -> None:
    from tests.privacy.test_docs import DOC

    assert f"Up to {forms.MAX_IMPORT_MEGABYTES} MB" in str(forms.ImportForm().fields["file"].help_text)
    assert f"{forms.MAX_IMPORT_MEGABYTES} MB" in DOC.read_text()


def test_the_queries_of_an_import_do_not_grow_with_its_days(
    django_assert_max_num_queries: Any, user: User
) -> None:
    # One one-letter item on each of some 400 days: the file that made the day summaries cost two
    # statements a day (a 1 MB file of such days took 14.7 s; 5 MB would pass the timeout).
    document = json.loads(document_of_size("tiny-gratitude", megabytes=0.1))
    assert len(document["gratitude"]) >= 300

    with django_assert_max_num_queries(100):
        account_import(user=user, document=document)

    days = JournalDay.objects.filter(owner=user)
    assert days.count() == len(document["gratitude"])
    assert set(days.values_list("item_count", "status")) == {(1, DayState.PARTIAL)}
