"""Each app's export read field by field, in every variant the apps write (and spreadsheets
re-save): old and new Daylio, HTML notes, 12-hour times, custom moods, UTF-16, a byte-order
mark, CRLF, semicolons, another column order, missing optional columns. Nothing touches the
database here."""

from __future__ import annotations

import csv
import io

import pytest

from privacy.importers import FileProblem, read_export
from privacy.importers.formats import DAYLIO, HOW_WE_FEEL, PRESENTLY, CheckInRow, GratitudeRow, RowProblem
from tests.privacy.importers.conftest import fixture_bytes

HWF_ROWS = [
    CheckInRow(
        row=2,
        local_date="2026-02-08",
        wall_time="16:04",
        moods=["Joyful"],
        people=["Sam", "Jules"],
        note="Cooked together, laughed a lot\n\nPlaces: Home\n\nEvents: Dinner\n\n"
        "Reflections: Felt close to both of them\n\nTakeaways: Plan more dinners\n\nHow We Feel mood: Joyful",
    ),
    CheckInRow(
        row=3,
        local_date="2026-02-09",
        wall_time="09:15",
        moods=["Anxious", "Jealousy"],
        people=["Jules"],
        note="Saw the photos.\nSat with it for a while.\n\nPlaces: Work\n\nExercise: Run\n\n"
        "How We Feel mood: Anxious; Jealousy",
    ),
    CheckInRow(
        row=4, local_date="2026-03-03", wall_time="23:59", moods=["Calm"], people=[],
        note="How We Feel mood: Calm",
    ),
]  # fmt: skip
HWF_PROBLEMS = [
    RowProblem(5, "the date “2026 Sat Feb 30 1:00 PM” isn't a day in the calendar"),
    RowProblem(6, "has no mood"),
]

DAYLIO_NEW_ROWS = [
    CheckInRow(
        row=2,
        local_date="2026-02-08",
        wall_time="20:39",
        moods=["rad"],
        people=[],
        note="A good one\n\nDinner with Sam & Jules\n• pasta\n• wine\n\n"
        "Activities: friends | cooking | date night\n\nScales: Sleep: 4/5\n\nDaylio mood: rad",
    ),
    CheckInRow(
        row=3, local_date="2026-02-08", wall_time="08:20", moods=["sleepy but ok"], people=[],
        note="Daylio mood: sleepy but ok",
    ),
    CheckInRow(
        row=4, local_date="2026-02-07", wall_time="14:00", moods=["meh"], people=[],
        note="Long day\nbut fine\n\nActivities: work\n\nDaylio mood: meh",
    ),
    CheckInRow(
        row=5, local_date="2026-01-30", wall_time="07:05", moods=["awful"], people=[],
        note="Activities: bad sleep | tired\n\nScales: Energy: 1/5\n\nDaylio mood: awful",
    ),
]  # fmt: skip


def test_how_we_feel_is_read_field_by_field() -> None:
    parsed = read_export(fixture_bytes("howwefeel.csv"))
    assert parsed.source == HOW_WE_FEEL
    assert parsed.checkins == HWF_ROWS
    assert parsed.problems == HWF_PROBLEMS
    assert parsed.moods == ["Joyful", "Anxious", "Jealousy", "Calm"]
    assert parsed.people == ["Sam", "Jules"]


def test_how_we_feel_in_utf16_with_semicolons_crlf_and_another_column_order_reads_the_same() -> None:
    parsed = read_export(fixture_bytes("howwefeel_utf16_semicolon.csv"))
    assert parsed.checkins == HWF_ROWS
    assert parsed.problems == HWF_PROBLEMS


def test_daylio_new_with_scales_html_title_and_custom_mood_is_read_field_by_field() -> None:
    parsed = read_export(fixture_bytes("daylio_new.csv"))
    assert parsed.source == DAYLIO
    assert parsed.checkins == DAYLIO_NEW_ROWS
    assert parsed.problems == [RowProblem(6, "the date “2026-13-01” isn't a day in the calendar")]
    assert parsed.moods == ["rad", "sleepy but ok", "meh", "awful"]


def test_daylio_with_a_byte_order_mark_and_crlf_reads_the_same() -> None:
    assert read_export(fixture_bytes("daylio_new_bom_crlf.csv")).checkins == DAYLIO_NEW_ROWS


def test_old_daylio_with_a_year_column_no_title_and_12_hour_times() -> None:
    parsed = read_export(fixture_bytes("daylio_old.csv"))
    assert [(r.local_date, r.wall_time, r.moods, r.note) for r in parsed.checkins] == [
        (
            "2025-05-18",
            "23:54",
            ["happy"],
            "Went to a party\n\nActivities: clean | cook | music\n\nDaylio mood: happy",
        ),
        ("2025-05-17", "22:21", ["average"], "Activities: cook | stressed\n\nDaylio mood: average"),
        ("2025-05-16", "00:05", ["horrible"], "Did nothing today.\n\nDaylio mood: horrible"),
        ("2025-05-16", "12:30", ["happy"], 'A quote: "hello"\n\nDaylio mood: happy'),
    ]
    assert parsed.problems == [RowProblem(6, "the time “25:10 pm” has an hour past 12 with AM or PM")]


def test_presently_makes_an_item_per_line_or_sentence_and_keeps_the_rest_whole_in_the_fifth() -> None:
    parsed = read_export(fixture_bytes("presently.csv"))
    assert parsed.source == PRESENTLY
    assert parsed.gratitude == [
        GratitudeRow(2, "2026-02-01", ["Sam made coffee", "The sun came out", "A long call with Mum"]),
        GratitudeRow(
            3,
            "2026-02-02",
            [
                "Grateful for the quiet morning.",
                "For Jules's kind text!",
                "For a good book.",
                "For warm socks.",
                "For the bus being on time. For soup.",
            ],
        ),
        GratitudeRow(4, "2026-02-03", ["Bullet one", "Bullet two"]),
        GratitudeRow(6, "2026-02-05", ["One entry with, a comma; and a semicolon"]),
    ]
    assert parsed.problems == [RowProblem(5, "has no words")]


def _rewritten(data: bytes, *, columns: list[str] | None = None, delimiter: str = ",") -> bytes:
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
    keep = [rows[0].index(name) for name in (columns or rows[0])]
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter).writerows([[row[i] for i in keep] for row in rows])
    return out.getvalue().encode()


def test_daylio_without_its_optional_columns_still_reads() -> None:
    data = _rewritten(fixture_bytes("daylio_new.csv"), columns=["time", "mood", "full_date"], delimiter="\t")
    parsed = read_export(data)
    assert [(r.local_date, r.wall_time, r.note) for r in parsed.checkins][:2] == [
        ("2026-02-08", "20:39", "Daylio mood: rad"),
        ("2026-02-08", "08:20", "Daylio mood: sleepy but ok"),
    ]


def test_an_extra_column_is_kept_in_the_note() -> None:
    data = b"entryDate,entryContent,Mood\n2026-02-01,Tea,Sunny\n"
    assert read_export(data).gratitude[0].items == ["Tea", "Mood: Sunny"]
    data = b"full_date,time,mood,weather\n2026-02-01,10:00,good,rain\n"
    assert read_export(data).checkins[0].note == "Weather: rain\n\nDaylio mood: good"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "This file is empty."),
        (b"entryDate,entryContent\n", "This file has a header but no rows to import."),
        (b"name,colour\nSam,blue\n", "doesn't look like an export from How We Feel, Daylio or Presently"),
        (b"full_date,mood\n2026-01-01,good\n", "has no time column"),
        (b'entryDate,entryContent\n2026-01-01,fine\n2026-01-02,"never closed\n', "Row 3: the quotes"),
        (b"entryDate,entryContent\n2026-01-01,\xff\xfe\xfa\n", "Line 2 holds bytes that aren't UTF-8"),
        (b"mood,mood,date\n", "Row 1: the column “mood” appears twice"),
        (b"entryDate,entryContent\n2026-01-01," + b"x" * 200_000 + b"\n", "Row 2: a cell is longer than"),
    ],
)
def test_an_unreadable_file_gets_a_sentence_naming_the_row(data: bytes, message: str) -> None:
    with pytest.raises(FileProblem) as problem:
        read_export(data)
    assert message in problem.value.message


def test_a_row_with_more_cells_than_the_header_is_named_and_the_others_still_read() -> None:
    data = b"full_date,time,mood,note\n2026-02-01,10:00,good,fine\n2026-02-02,10:00,good,one, two\n"
    parsed = read_export(data)
    assert len(parsed.checkins) == 1
    assert parsed.problems == [
        RowProblem(3, "has 5 cells where the header has 4 (a separator inside a note that isn't in quotes?)")
    ]


def test_a_note_too_long_for_a_check_in_is_named_rather_than_cut() -> None:
    data = b"full_date,time,mood,note\n2026-02-01,10:00,good," + b"y" * 6000 + b"\n"
    parsed = read_export(data)
    assert parsed.checkins == []
    assert parsed.problems[0].row == 2
    assert "a check-in keeps up to 5,000" in parsed.problems[0].reason
