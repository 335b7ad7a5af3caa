"""Property: whatever happens to a valid export on its way here (another encoding, separator,
line end or column order, a quote out of place, a huge cell, markup in the words), reading it
either refuses the file with a sentence or reads it, and confirming the preview imports every
readable row or none: never an error page, never half a file.

Run against the reader, the preview service and form, and the import service, one rolled-back
transaction per example: the pages around them are tested in test_app_import.py.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.models import User
from feelings.models import CheckIn
from journal.models import GratitudeItem
from privacy.forms import PreviewForm
from privacy.importers import FileProblem, read_export
from privacy.models import ImportPreview, ImportState
from privacy.services import import_preview_apply, import_preview_confirm, import_preview_create

EXAMPLES = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
MARKUP = '<p onclick="x()">Hi <b>there</b></p><script>alert(1)</script>&amp; {{ user }} {% now "Y" %}'

words = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=24)
days = st.dates(min_value=date(2019, 1, 1), max_value=date(2025, 12, 31))
minutes = st.integers(0, 24 * 60 - 1)


def _hwf_date(day: date, minute: int) -> str:
    hour = minute // 60
    return (
        f"{day.year} {WEEKDAYS[day.weekday()]} {MONTHS[day.month - 1]} {day.day} "
        f"{hour % 12 or 12}:{minute % 60:02d} {'PM' if hour >= 12 else 'AM'}"
    )


hwf_rows = st.lists(
    st.builds(
        lambda day, minute, mood, people, notes, places: {
            "Date": _hwf_date(day, minute),
            "Mood": mood,
            "Tags (People)": "; ".join(people),
            "Tags (Places)": places,
            "Notes": notes,
            "Reflections": notes[::-1],
        },
        days, minutes, st.sampled_from(["Happy", "Calm", "Anxious", "Jealous"]) | words,
        st.lists(st.sampled_from(["Sam", "Jules", "sam", "Ari"]) | words, max_size=3), words, words,
    ),
    min_size=1,
    max_size=5,
)  # fmt: skip

daylio_rows = st.lists(
    st.builds(
        lambda day, minute, twelve, mood, activities, title, note, scales: {
            "full_date": day.isoformat(),
            "date": f"{MONTHS[day.month - 1]} {day.day}",
            "weekday": WEEKDAYS[day.weekday()],
            "time": (
                f"{(minute // 60) % 12 or 12}:{minute % 60:02d} {'pm' if minute >= 720 else 'am'}"
                if twelve
                else f"{minute // 60:02d}:{minute % 60:02d}"
            ),
            "mood": mood,
            "activities": " | ".join(activities),
            "note_title": title,
            "note": note,
            "scales": scales,
        },
        days, minutes, st.booleans(), st.sampled_from(["rad", "good", "meh", "bad", "awful"]) | words,
        st.lists(words, max_size=3), words, words | st.just(MARKUP), words,
    ),
    min_size=1,
    max_size=5,
)  # fmt: skip

presently_rows = st.lists(
    st.builds(
        lambda day, lines: {"entryDate": day.isoformat(), "entryContent": "\n".join(lines)},
        days,
        st.lists(words, min_size=1, max_size=7),
    ),
    min_size=1,
    max_size=5,
)


@st.composite
def exported(draw: Any, rows: st.SearchStrategy[list[dict[str, str]]]) -> bytes:
    """A valid export of ``rows``, then changed as files are changed on their way here."""
    records = draw(rows)
    columns = list(records[0])
    if draw(st.booleans()):
        columns = draw(st.permutations(columns))
    if len(columns) > 2 and draw(st.booleans()):
        columns = columns[: draw(st.integers(2, len(columns)))]  # optional columns left out
    table = [columns, *([record.get(column, "") for column in columns] for record in records)]
    change = draw(st.sampled_from(["none", "huge", "markup", "none"]))
    if change != "none":
        row, cell = draw(st.integers(1, len(table) - 1)), draw(st.integers(0, len(columns) - 1))
        table[row][cell] = "x" * draw(st.sampled_from([501, 5001, 140_000])) if change == "huge" else MARKUP
    out = io.StringIO()
    writer = csv.writer(
        out,
        delimiter=draw(st.sampled_from([",", ";", "\t"])),
        lineterminator=draw(st.sampled_from(["\n", "\r\n"])),
        quoting=draw(st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL])),
    )
    writer.writerows(table)
    text = out.getvalue()
    if draw(st.integers(0, 4)) == 0:  # a quote out of place
        at = draw(st.integers(0, len(text)))
        text = text[:at] + '"' + text[at:]
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be"]))
    return text.encode(encoding)


class _RolledBack(Exception):
    pass


def _import_or_refuse(user: User, data: bytes) -> None:
    try:
        parsed = read_export(data)
    except FileProblem as problem:
        assert problem.message
        return
    try:
        with transaction.atomic():
            preview = import_preview_create(user=user, parsed=parsed)
            form = PreviewForm(parsed=parsed, user=user)
            initial = {name: field.initial for name, field in form.fields.items()}
            form = PreviewForm(initial, parsed=parsed, user=user)
            assert form.is_valid(), form.errors
            expected = (len(parsed.checkins), sum(len(day.items) for day in parsed.gratitude))
            assert import_preview_confirm(user=user, preview=preview, choices=form.choices())
            import_preview_apply(preview_id=preview.pk)
            preview.refresh_from_db()
            # All or nothing: every readable row, or (with the reasons) none.
            assert preview.state == ImportState.DONE, preview.problems
            assert (
                CheckIn.objects.filter(owner=user).count(),
                GratitudeItem.objects.filter(owner=user).count(),
            ) == expected
            raise _RolledBack
    except _RolledBack:
        pass
    assert not ImportPreview.objects.filter(owner=user).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "rows", [hwf_rows, daylio_rows, presently_rows], ids=["how-we-feel", "daylio", "presently"]
)
def test_a_changed_file_is_read_or_refused_and_imported_whole_or_not_at_all(
    user: User, rows: st.SearchStrategy[list[dict[str, str]]]
) -> None:
    check: Callable[[bytes], None] = lambda data: _import_or_refuse(user, data)  # noqa: E731
    EXAMPLES(given(exported(rows))(check))()
