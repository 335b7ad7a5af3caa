"""Turning export records into bytes, a piece at a time: the JSON document, and a ZIP with
a CSV per practice and a readable Markdown journal. Both are generators for
``StreamingHttpResponse``; neither holds a whole history in memory."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from typing import Any

from accounts.models import User
from compersion.lib.export import CHUNK, Record
from feelings.models import LifeArea, NeedMet
from journal.export import gratitude_records
from kindness.models import Category, RecipientKind
from people.export import PersonKeys, people_records, person_keys
from people.models import PersonKind
from privacy import schema, selectors

FLUSH_AT = 64 * 1024
# Spreadsheets run a cell that starts with one of these as a formula; a journal line must
# never become one ("=HYPERLINK(...)" in a gratitude item), so such cells get a leading '.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

CSV_FILES = {
    "people": "people.csv",
    "gratitude": "gratitude.csv",
    "kindness_acts": "kindness-acts.csv",
    "kindness_ideas": "kindness-own-ideas.csv",
    "checkins": "feelings-check-ins.csv",
    "feelings_own": "feelings-own-words.csv",
    "needs_own": "needs-own-words.csv",
    "vicarious_joys": "vicarious-joys.csv",
    "needs_checkins": "needs-check-ins.csv",
    "metamour_notes": "metamour-notes.csv",
    "wellbeing_checkins": "wellbeing-who5.csv",
}


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=False)


def export_json_chunks(*, user: User, now: datetime | None = None) -> Iterator[bytes]:
    """The export document as UTF-8 JSON, one record per line, written as it is read."""
    keys = person_keys(user=user)
    header = selectors.export_header(now=now)
    head = ",\n".join(f"{_dump(name)}: {_dump(value)}" for name, value in header.items())
    yield f'{{\n{head},\n"settings": {_dump(selectors.settings_record(user=user))}'.encode()
    for name, records in selectors.EXPORTERS.items():
        yield f",\n{_dump(name)}: [".encode()
        buffer: list[str] = []
        for index, record in enumerate(records(user=user, keys=keys)):
            buffer.append(("\n" if index == 0 else ",\n") + _dump(record))
            if len(buffer) >= CHUNK:
                yield "".join(buffer).encode()
                buffer.clear()
        yield ("".join(buffer) + "]").encode()
    yield b"\n}\n"


def csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        value = "; ".join(
            f"{item['name']} {item['intensity']}" if isinstance(item, dict) else str(item) for item in value
        )
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def markdown_journal(*, user: User, keys: PersonKeys) -> Iterator[str]:
    """Every practice as a readable journal: gratitude first (as it always was), then kindness,
    feelings check-ins, joys, needs check-ins, and the people with what was learned about them.
    Only headings, numbered lists, paragraphs and emphasis; the user's words always escaped."""
    names = dict(zip(keys.values(), _person_names(user=user, keys=keys), strict=True))
    owner = markdown_text(user.name_for_greeting)
    yield f"# {owner}'s gratitude journal\n"
    current = None
    for item in gratitude_records(user=user, keys=keys):
        if item["local_date"] != current:
            current = item["local_date"]
            yield f"\n## {current}\n\n"
        people = ", ".join(markdown_text(names[k]) for k in item["people"])
        about = f" _(with {people})_" if people else ""
        yield f"{item['position']}. {markdown_text(item['text'])}{about}\n"
    exporters = selectors.EXPORTERS

    def person(key: str | None) -> str:
        return markdown_text(names[key]) if key else ""

    def act(r: Record) -> str:
        towards = person(r["person"]) or RecipientKind(r["recipient_kind"]).label.lower()
        told = " · told" if r["told_at"] else ""
        notes = [f"for {towards}", Category(r["category"]).label.lower(), f"{r['effort']} effort"]
        line = f"{markdown_text(r['text'])} _({' · '.join(notes)}{told})_"
        return line + (f" Afterwards: {markdown_text(r['reflection'])}" if r["reflection"] else "")

    def checkin(r: Record) -> str:
        felt = (
            ", ".join(f"{markdown_text(f['name'])} {f['intensity']}" for f in r["feelings"])
            or "No feeling named"
        )
        parts = [felt + (f" _(with {', '.join(person(k) for k in r['people'])})_" if r["people"] else "")]
        for name, value in (("What happened", r["what_happened"]), ("In the body", r["body"])):
            if value:
                parts.append(f"_{name}:_ {markdown_text(value)}")
        if r["needs"]:
            met = f" ({NeedMet(r['need_met']).label.lower()})" if r["need_met"] else ""
            label = "Needs" if len(r["needs"]) > 1 else "Need"
            parts.append(f"_{label}:_ {', '.join(markdown_text(n) for n in r['needs'])}{met}")
        if r["action"]:
            parts.append(f"_Next:_ {markdown_text(r['action'])}")
        return ". ".join(parts) + (" _(sat with it)_" if r["sat_with_it"] else "")

    def joy(r: Record) -> str:
        who = person(r["person"]) or markdown_text(r["who"])
        about = [who] if who else []
        about += [LifeArea(r["area"]).label.lower(), f"joy {r['joy']} of 10"]
        return f"{markdown_text(r['what_happened'])} _({' · '.join(about)})_"

    def needs(r: Record) -> str:
        note = f": {markdown_text(r['note'])}" if r["note"] else ""
        return f"{person(r['person']) or 'Needs'} {r['score']} of 5{note}"

    yield from _markdown_days(f"{owner}'s kindness", exporters["kindness_acts"](user=user, keys=keys), act)
    yield from _markdown_days(
        f"{owner}'s feelings check-ins", exporters["checkins"](user=user, keys=keys), checkin
    )
    yield from _markdown_days(
        f"{owner}'s joys for others", exporters["vicarious_joys"](user=user, keys=keys), joy
    )
    yield from _markdown_days(
        f"{owner}'s needs check-ins", exporters["needs_checkins"](user=user, keys=keys), needs
    )
    yield from _markdown_words(user=user, keys=keys, owner=owner)
    yield from _markdown_people(user=user, keys=keys, owner=owner)


def _markdown_days(title: str, records: Iterable[Record], line: Callable[[Record], str]) -> Iterator[str]:
    """A practice's records under a heading per local day, numbered within the day."""
    yield f"\n# {title}\n"
    current, number = None, 0
    for record in records:
        if record["local_date"] != current:
            current, number = record["local_date"], 0
            yield f"\n## {current}\n\n"
        number += 1
        yield f"{number}. {line(record)}\n"
    if current is None:
        yield "\nNothing written yet.\n"


def _markdown_words(*, user: User, keys: PersonKeys, owner: str) -> Iterator[str]:
    """The user's own kindness ideas and own words for feelings and needs."""
    exporters = selectors.EXPORTERS
    lists = (
        ("Own kindness ideas", exporters["kindness_ideas"], "text", None),
        ("Own words for feelings", exporters["feelings_own"], "name", "definition"),
        ("Own words for needs", exporters["needs_own"], "name", "definition"),
    )
    yield f"\n# {owner}'s own ideas and words\n"
    for heading, records, main, extra in lists:
        lines = [
            markdown_text(r[main]) + (f": _{markdown_text(r[extra])}_" if extra and r[extra] else "")
            for r in records(user=user, keys=keys)
        ]
        if lines:
            yield f"\n## {heading}\n\n"
            yield "".join(f"{number}. {text}\n" for number, text in enumerate(lines, start=1))


def _markdown_people(*, user: User, keys: PersonKeys, owner: str) -> Iterator[str]:
    """Each person, their notes, and what was learned about them (metamour notes)."""
    learned: dict[str, list[Record]] = {}
    for note in selectors.EXPORTERS["metamour_notes"](user=user, keys=keys):
        learned.setdefault(note["person"], []).append(note)
    yield f"\n# {owner}'s people\n"
    for person in people_records(user=user, keys=keys):
        kind = (
            markdown_text(person["kind_label"]) if person["kind_label"] else PersonKind(person["kind"]).label
        )
        archived = " · archived" if person["archived_at"] else ""
        yield f"\n## {markdown_text(person['name'])}\n\n_{kind}{archived}_\n"
        if person["notes"]:
            yield f"\n{markdown_text(person['notes'])}\n"
        notes = learned.get(person["key"], [])
        if notes:
            yield "\n"
        for number, note in enumerate(notes, start=1):
            prompt = f"_{markdown_text(note['prompt'])}:_ " if note["prompt"] else ""
            yield f"{number}. {prompt}{markdown_text(note['text'])} _({note['local_date']})_\n"


def _person_names(*, user: User, keys: PersonKeys) -> list[str]:
    return [record["name"] for record in people_records(user=user, keys=keys)]


# Markdown turns these into emphasis, code, links, autolinks, raw HTML, entities, tables or
# strikethrough wherever they stand; a backslash makes each plain text (CommonMark, §2.4).
_MARKDOWN_INLINE = re.compile(r"([\\`*_\[\]<>&~|])")
# At the start of a line these open a heading, a list or a thematic break ("1986." would be
# item 1986 of a numbered list).
_MARKDOWN_BLOCK_START = re.compile(r"^(?:(?P<mark>[#+=-])|(?P<number>\d+)(?P<dot>[.)]))")


def markdown_text(text: str) -> str:
    """A user's words as Markdown that shows exactly those words: on one line, with every
    character Markdown would read as markup escaped, so a journal line never becomes HTML, a
    link or an image in whatever renders the file (an import from a stranger's file included)."""
    line = _MARKDOWN_INLINE.sub(r"\\\1", " ".join(text.split()))
    return _MARKDOWN_BLOCK_START.sub(_escape_block_start, line, count=1)


def _escape_block_start(match: re.Match[str]) -> str:
    if match["mark"]:
        return "\\" + match["mark"]
    return f"{match['number']}\\{match['dot']}"


class _Sink(io.RawIOBase):
    """A write-only, unseekable stream whose bytes are collected and handed out in pieces;
    ZipFile then writes each entry with a data descriptor instead of seeking back."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []
        self.size = 0

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        chunk = bytes(data)
        self.parts.append(chunk)
        self.size += len(chunk)
        return len(chunk)

    def drain(self) -> bytes:
        data = b"".join(self.parts)
        self.parts.clear()
        self.size = 0
        return data


def _write_entry(archive: zipfile.ZipFile, sink: _Sink, name: str, lines: Iterable[str]) -> Iterator[bytes]:
    with archive.open(name, "w") as raw, io.TextIOWrapper(raw, encoding="utf-8", newline="") as entry:
        for line in lines:
            entry.write(line)
            if sink.size >= FLUSH_AT:
                yield sink.drain()


# Columns that hold people's keys; a spreadsheet shows their names instead ("Sam", not "person-1").
PERSON_COLUMNS = {"person", "people"}


def _csv_lines(
    records: Iterable[dict[str, Any]], *, columns: list[str], names: dict[str, str]
) -> Iterator[str]:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    for record in records:
        writer.writerow(
            csv_cell(_named(record[column], names) if column in PERSON_COLUMNS else record[column])
            for column in columns
        )
        yield out.getvalue()
        out.seek(0)
        out.truncate()
    yield out.getvalue()


def _named(value: str | list[str] | None, names: dict[str, str]) -> str | list[str] | None:
    if isinstance(value, list):
        return [names[key] for key in value]
    return names[value] if value else value


def export_zip_chunks(*, user: User) -> Iterator[bytes]:
    """A ZIP with a CSV per practice and ``journal.md``, streamed entry by entry."""
    keys = person_keys(user=user)
    names = dict(zip(keys.values(), _person_names(user=user, keys=keys), strict=True))
    sink = _Sink()
    with zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        yield from _write_entry(archive, sink, "journal.md", markdown_journal(user=user, keys=keys))
        for section, filename in CSV_FILES.items():
            records = selectors.EXPORTERS[section](user=user, keys=keys)
            properties = schema.SECTIONS[section]["items"]["properties"]
            # A field only older files carry ("deprecated") is read on import, never written.
            columns = [name for name, field in properties.items() if not field.get("deprecated")]
            yield from _write_entry(
                archive, sink, filename, _csv_lines(records, columns=columns, names=names)
            )
    yield sink.drain()
