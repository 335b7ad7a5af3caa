"""The three apps' CSV exports, read into what Compersion keeps: check-ins and gratitude items.

Each ``read_*`` takes a ``Table`` and gives a ``Parsed``: the rows it could read, and for each
row it could not, the row's number and why. A source field without a place of its own in
Compersion goes into the record's note as a "Label: value" line, so nothing is dropped;
``docs/import-formats.md`` says where each column goes.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from datetime import date, time
from html.parser import HTMLParser
from typing import Any

from privacy.importers.table import FileProblem, Row, Table

# The limits of the records these rows become (feelings.models.CheckIn, journal.models,
# people.models.Person, feelings' word for a feeling).
NOTE_MAX = 5000
ITEM_MAX = 500
PERSON_NAME_MAX = 80
FEELING_NAME_MAX = 40
DAILY_ITEMS = 5

HOW_WE_FEEL, DAYLIO, PRESENTLY = "howwefeel", "daylio", "presently"
SOURCE_NAMES = {HOW_WE_FEEL: "How We Feel", DAYLIO: "Daylio", PRESENTLY: "Presently"}

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
            ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
            ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"), ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}  # fmt: skip


@dataclass
class CheckInRow:
    row: int
    local_date: str
    wall_time: str
    moods: list[str]
    people: list[str]
    note: str


@dataclass
class GratitudeRow:
    row: int
    local_date: str
    items: list[str]


@dataclass
class RowProblem:
    row: int
    reason: str


@dataclass
class Parsed:
    source: str
    checkins: list[CheckInRow] = field(default_factory=list)
    gratitude: list[GratitudeRow] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Parsed:
        return cls(
            source=data["source"],
            checkins=[CheckInRow(**r) for r in data["checkins"]],
            gratitude=[GratitudeRow(**r) for r in data["gratitude"]],
            problems=[RowProblem(**r) for r in data["problems"]],
        )

    @property
    def moods(self) -> list[str]:
        """Every mood label the rows use, in the order first met."""
        return list(dict.fromkeys(mood for row in self.checkins for mood in row.moods))

    @property
    def people(self) -> list[str]:
        """Every person named, once each (names differing only in case are one person)."""
        seen: dict[str, str] = {}
        for row in self.checkins:
            for name in row.people:
                seen.setdefault(name.casefold(), name)
        return list(seen.values())


class RowError(ValueError):
    """A row that cannot be imported; the message says why, in words for the user."""


# --- Small readers ------------------------------------------------------------------


def _clean(value: str) -> str:
    return value.replace("\r\n", "\n").replace("\r", "\n").strip()


def _parse_time(value: str) -> time:
    """20:39, 20:39:00, 8:30 PM, 11:54 pm, 8:30PM."""
    match = re.fullmatch(r"(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp]\.?[Mm]\.?)?", value.strip())
    if not match:
        raise RowError(f"the time {_quoted(value)} isn't a time like 20:39 or 8:39 PM")
    hour, minute = int(match[1]), int(match[2])
    if match[4]:
        if not 1 <= hour <= 12:
            raise RowError(f"the time {_quoted(value)} has an hour past 12 with AM or PM")
        hour = hour % 12 + (12 if match[4][0] in "Pp" else 0)
    if hour > 23 or minute > 59:
        raise RowError(f"the time {_quoted(value)} isn't a time of day")
    return time(hour, minute)


def _make_date(year: int, month: int, day: int, shown: str) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise RowError(f"the date {_quoted(shown)} isn't a day in the calendar") from None


def _iso_date(value: str) -> date:
    match = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?", value.strip())
    if not match:
        raise RowError(f"the date {_quoted(value)} isn't a date like 2026-02-08")
    return _make_date(int(match[1]), int(match[2]), int(match[3]), value)


def _month(name: str, shown: str) -> int:
    number = MONTHS.get(name.lower().rstrip("."))
    if number is None:
        raise RowError(f"the date {_quoted(shown)} names no month we know")
    return number


def _quoted(value: str) -> str:
    value = " ".join(value.split())
    return f"“{value[:40]}…”" if len(value) > 40 else f"“{value}”"


def _split(value: str, separator: str) -> list[str]:
    return list(dict.fromkeys(part.strip() for part in value.split(separator) if part.strip()))


def _note(parts: list[tuple[str, str]]) -> str:
    """The note: the main text first (no label), then each other field as "Label: value"."""
    lines = [f"{label}: {value}" if label else value for label, value in parts if value]
    note = "\n\n".join(lines)
    if len(note) > NOTE_MAX:
        raise RowError(f"its notes come to {len(note):,} characters; a check-in keeps up to {NOTE_MAX:,}")
    return note


def _extra_cells(row: Row, known: set[str], columns: tuple[str, ...]) -> list[tuple[str, str]]:
    """Columns this reader has no place for, kept as "Column: value" lines."""
    if row.extra:
        raise RowError(
            f"has {len(columns) + len(row.extra)} cells where the header has {len(columns)}"
            " (a separator inside a note that isn't in quotes?)"
        )
    return [
        (name.capitalize() if name else "Unnamed column", _clean(value))
        for name, value in row.cells.items()
        if name not in known
    ]


def _require(table: Table, *names: str, source: str) -> None:
    missing = [name for name in names if name not in table.columns]
    if missing:
        raise FileProblem(
            f"This looks like a {SOURCE_NAMES[source]} export, but its header (row 1) has no "
            f"{' or '.join(missing)} column."
        )


def _checkin_moods(value: str) -> list[str]:
    moods = _split(value, ";")
    if not moods:
        raise RowError("has no mood")
    return moods


def _person_names(value: str) -> list[str]:
    names = _split(value, ";")
    long = [name for name in names if len(name) > PERSON_NAME_MAX]
    if long:
        raise RowError(f"the name {_quoted(long[0])} is longer than {PERSON_NAME_MAX} characters")
    return names


def _read_rows(table: Table, source: str, read: Any) -> Parsed:
    parsed = Parsed(source=source)
    for row in table.rows:
        try:
            read(row, parsed)
        except RowError as error:
            parsed.problems.append(RowProblem(row.number, str(error)))
    return parsed


# --- How We Feel --------------------------------------------------------------------

HWF_DATE = re.compile(
    r"(?P<year>\d{4})\s+(?:[A-Za-z]{3,}\.?,?\s+)?(?P<month>[A-Za-z]{3,}\.?)\s+(?P<day>\d{1,2}),?\s+(?P<time>.+)"
)
HWF_KNOWN = {"date", "mood", "tags (people)", "notes"}


def _hwf_moment(value: str) -> tuple[date, time]:
    """ "2026 Sun Feb 8 4:04 PM", as the app writes it; an ISO "2026-02-08 16:04" too."""
    value = value.strip()
    match = HWF_DATE.fullmatch(value)
    if match:
        day = _make_date(int(match["year"]), _month(match["month"], value), int(match["day"]), value)
        return day, _parse_time(match["time"])
    iso = re.fullmatch(r"(\d{4}-\d{1,2}-\d{1,2})[T ](\d{1,2}:\d{2}(?::\d{2})?)(?:\.\d+)?", value)
    if iso:
        return _iso_date(iso[1]), _parse_time(iso[2])
    raise RowError(f"the date {_quoted(value)} isn't a date like “2026 Sun Feb 8 4:04 PM”")


def read_how_we_feel(table: Table) -> Parsed:
    _require(table, "date", "mood", source=HOW_WE_FEEL)

    def read(row: Row, parsed: Parsed) -> None:
        cells = row.cells
        day, wall = _hwf_moment(cells.get("date", ""))
        moods = _checkin_moods(cells.get("mood", ""))
        parts = [("", _clean(cells.get("notes", "")))]
        for name, value in _extra_cells(row, HWF_KNOWN, table.columns):
            # "Tags (Places)" reads as "Places"; "reflections" as "Reflections".
            label = re.sub(r"^Tags \((.*)\)$", r"\1", name, flags=re.IGNORECASE)
            parts.append((label[:1].upper() + label[1:], value))
        parts.append(("How We Feel mood", "; ".join(moods)))
        parsed.checkins.append(
            CheckInRow(
                row=row.number,
                local_date=day.isoformat(),
                wall_time=wall.strftime("%H:%M"),
                moods=moods,
                people=_person_names(cells.get("tags (people)", "")),
                note=_note(parts),
            )
        )

    return _read_rows(table, HOW_WE_FEEL, read)


# --- Daylio ---------------------------------------------------------------------------

DAYLIO_KNOWN = {"full_date", "year", "date", "weekday", "time", "mood", "activities", "note_title", "note"}


class _Text(HTMLParser):
    """A Daylio note's HTML as plain text: a paragraph, line break or list item starts a line."""

    BREAKS = frozenset({"br", "p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.BREAKS:
            self.parts.append("\n")
        if tag == "li":
            self.parts.append("• ")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.BREAKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def html_to_text(value: str) -> str:
    if "<" not in value and "&" not in value:
        return _clean(value)
    parser = _Text()
    parser.feed(value)
    parser.close()
    lines = [" ".join(line.split()) for line in "".join(parser.parts).splitlines()]
    return "\n".join(line for line in lines if line)


def _daylio_date(cells: dict[str, str]) -> date:
    full = cells.get("full_date", "").strip()
    if full:
        return _iso_date(full)
    # Older exports: a year column and "18 May" or "May 18" in date.
    year, shown = cells.get("year", "").strip(), cells.get("date", "").strip()
    match = re.fullmatch(r"(\d{1,2})\s+([A-Za-z]+\.?)|([A-Za-z]+\.?)\s+(\d{1,2})", shown)
    if not year.isdigit() or not match:
        raise RowError(f"the date {_quoted(f'{shown} {year}'.strip())} isn't a date like 2026-02-08")
    day, month = (match[1], match[2]) if match[1] else (match[4], match[3])
    return _make_date(int(year), _month(month, shown), int(day), f"{shown} {year}")


def read_daylio(table: Table) -> Parsed:
    if "full_date" not in table.columns:
        _require(table, "year", "date", source=DAYLIO)
    _require(table, "time", "mood", source=DAYLIO)

    def read(row: Row, parsed: Parsed) -> None:
        cells = row.cells
        day, wall = _daylio_date(cells), _parse_time(cells.get("time", ""))
        mood = _clean(cells.get("mood", ""))
        if not mood:
            raise RowError("has no mood")
        parts = [
            ("", _clean(cells.get("note_title", ""))),
            ("", html_to_text(cells.get("note", ""))),
            ("Activities", " | ".join(_split(cells.get("activities", ""), "|"))),
        ]
        extra = _extra_cells(row, DAYLIO_KNOWN, table.columns)
        parts += [(name, html_to_text(value)) for name, value in extra]
        parts.append(("Daylio mood", mood))
        parsed.checkins.append(
            CheckInRow(
                row=row.number,
                local_date=day.isoformat(),
                wall_time=wall.strftime("%H:%M"),
                moods=[mood],
                people=[],
                note=_note(parts),
            )
        )

    return _read_rows(table, DAYLIO, read)


# --- Presently ------------------------------------------------------------------------

BULLET = re.compile(r"^\s*(?:[-*•·–]|\d{1,2}[.)])\s+")
SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=\S)")


def gratitude_items(content: str) -> list[str]:
    """One item per line, or per sentence when the entry is one line; up to five: past the
    fourth, the rest stays whole in the fifth."""
    lines = [BULLET.sub("", line).strip() for line in _clean(content).split("\n")]
    pieces = [" ".join(line.split()) for line in lines if line.strip()]
    if len(pieces) == 1:
        pieces = [piece for piece in SENTENCE_END.split(pieces[0]) if piece]
    if len(pieces) > DAILY_ITEMS:
        pieces = [*pieces[: DAILY_ITEMS - 1], " ".join(pieces[DAILY_ITEMS - 1 :])]
    return list(dict.fromkeys(pieces))


def read_presently(table: Table) -> Parsed:
    _require(table, "entrydate", "entrycontent", source=PRESENTLY)
    per_day: dict[str, GratitudeRow] = {}

    def read(row: Row, parsed: Parsed) -> None:
        day = _iso_date(row.cells.get("entrydate", "")).isoformat()
        extra = _extra_cells(row, {"entrydate", "entrycontent"}, table.columns)
        items = gratitude_items(row.cells.get("entrycontent", ""))
        items += [f"{name}: {value}" for name, value in extra if value]
        if not items:
            raise RowError("has no words")
        long = next((number for number, item in enumerate(items, start=1) if len(item) > ITEM_MAX), None)
        if long is not None:
            raise RowError(f"item {long} of the entry is longer than an item's {ITEM_MAX} characters")
        earlier = per_day.get(day)
        if earlier is None:
            per_day[day] = GratitudeRow(row=row.number, local_date=day, items=items)
            parsed.gratitude.append(per_day[day])
            return
        # A second entry on one day joins the first, as far as five items go.
        new = [item for item in items if item not in earlier.items]
        if len(earlier.items) + len(new) > DAILY_ITEMS:
            raise RowError(
                f"{day} already has {len(earlier.items)} items from row {earlier.row}; a day holds five"
            )
        earlier.items.extend(new)

    return _read_rows(table, PRESENTLY, read)


def detect(table: Table) -> str:
    columns = set(table.columns)
    if {"entrydate", "entrycontent"} & columns:
        return PRESENTLY
    if "mood" in columns and ("full_date" in columns or {"year", "weekday", "activities"} <= columns):
        return DAYLIO
    if "mood" in columns and "date" in columns:
        return HOW_WE_FEEL
    shown = ", ".join(name for name in table.columns[:8] if name)
    raise FileProblem(
        "This doesn't look like an export from How We Feel, Daylio or Presently: its header (row 1) "
        f"names {shown or 'no columns'}."
    )


READERS = {HOW_WE_FEEL: read_how_we_feel, DAYLIO: read_daylio, PRESENTLY: read_presently}


def read_table_as(table: Table) -> Parsed:
    return READERS[detect(table)](table)
