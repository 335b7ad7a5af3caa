"""Upload → preview → confirm, through the pages: nothing is written before confirmation, the
preview holds the file only encrypted, the records come out field by field in the zone chosen,
a second import of the same file adds nothing, and large files go to the worker."""

from __future__ import annotations

import html
import re
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.urls import reverse

from accounts.models import User
from feelings.models import CheckIn
from journal.models import DayState, GratitudeItem, JournalDay
from journal.services import gratitude_item_add
from people.models import Person, PersonKind
from people.services import person_create
from privacy import services
from privacy.importers import read_export
from privacy.models import ImportPreview, ImportState
from tests.privacy.importers.conftest import NOW, fixture_bytes

pytestmark = pytest.mark.usefixtures("frozen")

UPLOAD = reverse("privacy:import_apps")
PREVIEW = reverse("privacy:import_apps_preview")


@pytest.fixture
def client(user: User) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def upload(client: Client, data: bytes, name: str = "export.csv") -> Any:
    return client.post(UPLOAD, {"file": SimpleUploadedFile(name, data, content_type="text/csv")}, follow=True)


def preview_choices(response: Any, **changes: str) -> dict[str, str]:
    """The preview form's fields as the page sets them, with ``changes`` made."""
    page = response.content.decode()
    form = page[page.index('data-testid="import-choices"') :]
    values: dict[str, str] = {}
    for select in re.finditer(r'<select name="([^"]+)"[^>]*>(.*?)</select>', form, re.DOTALL):
        chosen = re.search(r'<option value="([^"]*)"[^>]*selected', select[2])
        values[select[1]] = html.unescape(chosen[1]) if chosen else ""
    for field in re.finditer(r'<input type="number" name="([^"]+)" value="([^"]*)"', form):
        values[field[1]] = field[2]
    values.update(changes)
    return values


def confirm(client: Client, **changes: str) -> Any:
    return client.post(PREVIEW, preview_choices(client.get(PREVIEW), **changes), follow=True)


def test_how_we_feel_upload_shows_a_preview_and_writes_nothing_until_confirmed(
    client: Client, user: User
) -> None:
    sam = person_create(user=user, name="Sam", kind=PersonKind.PARTNER)
    response = upload(client, fixture_bytes("howwefeel.csv"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Your file from How We Feel" in page
    assert "February 2026" in page and "March 2026" in page
    assert "Row 5: the date “2026 Sat Feb 30 1:00 PM” isn&#x27;t a day in the calendar" in page
    assert "Row 6: has no mood" in page
    assert CheckIn.objects.count() == 0 and Person.objects.filter(owner=user).count() == 1
    choices = preview_choices(response)
    assert choices["time_zone"] == "Europe/Berlin"
    assert choices["person_0"] == str(sam.pk)  # Sam matched by name
    assert choices["person_1"] == "new"  # Jules to be added
    assert [choices[f"mood_{n}"] for n in range(4)] == ["joyful", "anxious", "jealousy", "calm"]
    # The rows wait encrypted: the database holds no word of the file.
    with connection.cursor() as cursor:
        cursor.execute("SELECT payload FROM privacy_importpreview")
        (stored,) = cursor.fetchone()
    assert "Cooked" not in stored and "Jules" not in stored

    done = confirm(client, intensity_0="8")
    assert "Imported 3 check-ins, and added 1 person" in done.content.decode()
    jules = Person.objects.get(owner=user, name="Jules")
    assert jules.kind == PersonKind.OTHER
    first, second, third = CheckIn.objects.filter(owner=user).order_by("created_at")
    assert first.created_at == datetime(2026, 2, 8, 15, 4, tzinfo=UTC)  # 4:04 PM in Berlin
    assert (first.local_date, first.time_zone) == (date(2026, 2, 8), "Europe/Berlin")
    assert [(f.feeling.name, f.intensity) for f in first.feelings.select_related("feeling")] == [
        ("joyful", 8)
    ]
    assert set(first.people.all()) == {sam, jules}
    assert first.what_happened.startswith("Cooked together, laughed a lot\n\nPlaces: Home")
    assert (first.body, first.action, first.sat_with_it, first.need_met) == ("", "", False, "")
    assert sorted(f.feeling.name for f in second.feelings.select_related("feeling")) == [
        "anxious",
        "jealousy",
    ]
    assert list(second.people.all()) == [jules]
    assert third.created_at == datetime(2026, 3, 3, 22, 59, tzinfo=UTC)
    assert ImportPreview.objects.get(owner=user).payload == ""  # forgotten once imported


def test_the_same_file_twice_adds_nothing_and_says_so(client: Client, user: User) -> None:
    upload(client, fixture_bytes("howwefeel.csv"))
    confirm(client)
    counts = (CheckIn.objects.count(), Person.objects.count())
    # Another encoding, separator and column order: still the same records.
    upload(client, fixture_bytes("howwefeel_utf16_semicolon.csv"))
    page = confirm(client).content.decode()
    assert "Nothing new" in page and "nothing new was added" in page
    assert (CheckIn.objects.count(), Person.objects.count()) == counts


def test_daylio_moods_are_mapped_on_the_preview(client: Client, user: User) -> None:
    response = upload(client, fixture_bytes("daylio_new.csv"))
    choices = preview_choices(response)
    # The app's own five have a suggestion; a custom mood starts as its own word.
    assert (choices["mood_0"], choices["intensity_0"]) == ("joy", "9")
    assert (choices["mood_1"], choices["intensity_1"]) == ("sleepy but ok", "5")
    assert (choices["mood_2"], choices["mood_3"]) == ("ambivalence", "sadness")
    confirm(client, mood_1="tiredness", intensity_1="3", time_zone="America/New_York")
    rows = CheckIn.objects.filter(owner=user).order_by("created_at")
    felt = [[(f.feeling.name, f.intensity) for f in c.feelings.select_related("feeling")] for c in rows]
    assert felt == [[("sadness", 9)], [("ambivalence", 4)], [("tiredness", 3)], [("joy", 9)]]
    morning = rows[2]
    assert morning.created_at == datetime(2026, 2, 8, 13, 20, tzinfo=UTC)  # 08:20 in New York
    assert (morning.local_date, morning.time_zone) == (date(2026, 2, 8), "America/New_York")
    assert morning.what_happened == "Daylio mood: sleepy but ok"
    assert rows[3].what_happened == (
        "A good one\n\nDinner with Sam & Jules\n• pasta\n• wine\n\n"
        "Activities: friends | cooking | date night\n\nScales: Sleep: 4/5\n\nDaylio mood: rad"
    )


def test_presently_days_count_as_practised_later_never_on_time(client: Client, user: User) -> None:
    person_create(user=user, name="Jules", kind=PersonKind.METAMOUR)
    upload(client, fixture_bytes("presently.csv"))
    page = confirm(client).content.decode()
    assert "Imported 11 gratitude items" in page
    items = GratitudeItem.objects.filter(owner=user, local_date=date(2026, 2, 2)).order_by("position")
    assert [(i.position, i.text, i.relational) for i in items] == [
        (1, "Grateful for the quiet morning.", False),
        (2, "For Jules's kind text!", True),
        (3, "For a good book.", False),
        (4, "For warm socks.", False),
        (5, "For the bus being on time. For soup.", False),
    ]
    assert [p.name for p in items[1].people.all()] == ["Jules"]
    assert items[0].time_zone == "Europe/Berlin" and items[0].created_at == NOW
    days = {day.local_date: day.status for day in JournalDay.objects.filter(owner=user)}
    assert days == {
        date(2026, 2, 1): DayState.PARTIAL,
        date(2026, 2, 2): DayState.LATE,
        date(2026, 2, 3): DayState.PARTIAL,
        date(2026, 2, 5): DayState.PARTIAL,
    }


def test_a_day_already_full_here_is_named_on_the_preview_and_left_out(client: Client, user: User) -> None:
    for number in range(4):
        gratitude_item_add(user=user, local_date=date(2026, 2, 3), text=f"Already here {number}")
    gratitude_item_add(user=user, local_date=date(2026, 2, 3), text="Bullet one")
    page = upload(client, fixture_bytes("presently.csv")).content.decode()
    assert "Row 4: 2026-02-03 already has 5 items here, so only 0 of its 1 new ones would fit" in page
    confirm(client)
    assert GratitudeItem.objects.filter(owner=user, local_date=date(2026, 2, 3)).count() == 5


def test_an_entry_of_today_or_later_is_named_not_imported(client: Client, user: User) -> None:
    data = b"entryDate,entryContent\n2026-03-14,Today\n2026-03-13,Yesterday\n"
    page = upload(client, data).content.decode()
    assert "Row 2: 2026-03-14 is today or later" in page
    confirm(client)
    assert list(GratitudeItem.objects.values_list("text", flat=True)) == ["Yesterday"]


def test_a_clash_found_at_confirmation_imports_nothing_and_says_why(client: Client, user: User) -> None:
    data = b"entryDate,entryContent\n2026-02-03,One\n2026-02-04,Two\n"
    upload(client, data)
    # Filled in another tab between the preview and the confirmation.
    for number in range(5):
        gratitude_item_add(user=user, local_date=date(2026, 2, 4), text=f"Written meanwhile {number}")
    page = confirm(client).content.decode()
    assert "Nothing was imported" in page and "2026-02-04 already has 5 items here" in page
    assert not GratitudeItem.objects.filter(owner=user, local_date=date(2026, 2, 3)).exists()


def test_an_unreadable_file_is_refused_on_the_upload_page(client: Client) -> None:
    response = upload(client, b"name,colour\nSam,blue\n")
    assert response.status_code == 400
    assert (
        "doesn&#x27;t look like an export from How We Feel, Daylio or Presently" in response.content.decode()
    )
    assert not ImportPreview.objects.exists()


def test_a_second_confirmation_imports_nothing_more(client: Client, user: User) -> None:
    upload(client, fixture_bytes("daylio_old.csv"))
    choices = preview_choices(client.get(PREVIEW))
    client.post(PREVIEW, choices)
    client.post(PREVIEW, choices)
    assert CheckIn.objects.filter(owner=user).count() == 4


def test_another_user_never_sees_the_preview(client: Client, other_user: User) -> None:
    upload(client, fixture_bytes("howwefeel.csv"))
    other = Client()
    other.force_login(other_user, backend="django.contrib.auth.backends.ModelBackend")
    assert other.get(PREVIEW)["Location"] == UPLOAD
    assert other.post(PREVIEW, {})["Location"] == UPLOAD
    other.post(reverse("privacy:import_apps_discard"))
    assert ImportPreview.objects.count() == 1


def test_a_large_file_is_imported_by_the_worker_with_progress_on_the_page(
    client: Client, user: User, django_capture_on_commit_callbacks: Any
) -> None:
    rows = [
        f"{(date(2026, 3, 1) - timedelta(days=n // 4)).isoformat()},{8 + n % 4}:00,good,,,"
        for n in range(services.BACKGROUND_AT + 1)
    ]
    data = ("full_date,time,mood,activities,note_title,note\n" + "\n".join(rows)).encode()
    upload(client, data)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        page = confirm(client).content.decode()
    assert len(callbacks) == 1 and CheckIn.objects.count() == 0
    assert "Importing…" in page and "Waiting to start" in page and "Check again" in page
    assert f'data-hx-get="{PREVIEW}"' in page
    partial = client.get(PREVIEW, headers={"HX-Request": "true"}).content.decode()
    assert partial.strip().startswith('<div id="import-progress"') and "<html" not in partial
    callbacks[0]()  # the task, run eagerly against this database
    assert ImportPreview.objects.get(owner=user).state == ImportState.DONE
    assert CheckIn.objects.filter(owner=user).count() == services.BACKGROUND_AT + 1
    assert "Imported 1001 check-ins" in client.get(PREVIEW).content.decode()


def test_previews_are_purged_an_hour_after_they_last_changed(client: Client, user: User) -> None:
    upload(client, fixture_bytes("howwefeel.csv"))
    assert services.removed_purge(now=NOW + timedelta(minutes=59)) == 0
    assert services.removed_purge(now=NOW + timedelta(minutes=61)) == 1
    assert not ImportPreview.objects.exists()


def test_forgetting_a_file_deletes_its_preview(client: Client) -> None:
    upload(client, fixture_bytes("howwefeel.csv"))
    page = client.post(reverse("privacy:import_apps_discard"), follow=True).content.decode()
    assert "That file is forgotten" in page
    assert not ImportPreview.objects.exists()


def test_the_files_words_are_shown_escaped(client: Client, user: User) -> None:
    data = (
        b"Date,Mood,Tags (People),Notes\n"
        b'2026 Sun Feb 8 4:04 PM,<script>alert(1)</script>,"<img src=x onerror=alert(2)>",<b>hi</b>\n'
        b"<i>2026</i>,Calm,,\n"
    )
    page = upload(client, data).content.decode()
    for raw in ("<script>alert(1)", "<img src=x", "<i>2026"):
        assert raw not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(2)&gt;" in page
    assert "Row 3: the date “&lt;i&gt;2026&lt;/i&gt;”" in page


# --- Nothing dropped ------------------------------------------------------------------------

DATE_COLUMNS = {"date", "full_date", "year", "weekday", "time", "entrydate"}


def _words(text: str) -> set[str]:
    text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    return {word.casefold() for word in re.findall(r"\w+", text)}


@pytest.mark.parametrize(
    "name", ["howwefeel.csv", "daylio_new.csv", "daylio_old.csv", "presently.csv", "daylio_new_bom_crlf.csv"]
)
def test_no_source_field_is_dropped(client: Client, user: User, name: str) -> None:
    from privacy.importers.table import read_table

    upload(client, fixture_bytes(name))
    confirm(client)
    parsed = read_export(fixture_bytes(name))
    problem_rows = {problem.row for problem in parsed.problems}
    kept: list[str] = [
        " ".join(
            [c.what_happened, *(f.feeling.name for f in c.feelings.all()), *(p.name for p in c.people.all())]
        )
        for c in CheckIn.objects.filter(owner=user).prefetch_related("people", "feelings__feeling")
    ]
    kept += list(GratitudeItem.objects.filter(owner=user).values_list("text", flat=True))
    everything = _words(" ".join(kept))
    for row in read_table(fixture_bytes(name)).rows:
        if row.number in problem_rows:
            continue
        for column, value in row.cells.items():
            if column not in DATE_COLUMNS:
                assert _words(value) <= everything, (name, row.number, column, value)
