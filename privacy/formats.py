"""Turning export records into bytes, a piece at a time: the JSON document, and a ZIP with
a CSV per practice and a readable Markdown journal. Both are generators for
``StreamingHttpResponse``; neither holds a whole history in memory."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import Any

from accounts.models import User
from compersion.lib.export import CHUNK
from journal.export import gratitude_records
from people.export import PersonKeys, people_records, person_keys
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
    names = dict(zip(keys.values(), _person_names(user=user, keys=keys), strict=True))
    yield f"# {markdown_text(user.name_for_greeting)}'s gratitude journal\n"
    current = None
    for item in gratitude_records(user=user, keys=keys):
        if item["local_date"] != current:
            current = item["local_date"]
            yield f"\n## {current}\n\n"
        people = ", ".join(markdown_text(names[k]) for k in item["people"])
        about = f" _(with {people})_" if people else ""
        yield f"{item['position']}. {markdown_text(item['text'])}{about}\n"


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


def _csv_lines(records: Iterable[dict[str, Any]], *, columns: list[str]) -> Iterator[str]:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    for record in records:
        writer.writerow(csv_cell(record[column]) for column in columns)
        yield out.getvalue()
        out.seek(0)
        out.truncate()
    yield out.getvalue()


def export_zip_chunks(*, user: User) -> Iterator[bytes]:
    """A ZIP with a CSV per practice and ``journal.md``, streamed entry by entry."""
    keys = person_keys(user=user)
    sink = _Sink()
    with zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        yield from _write_entry(archive, sink, "journal.md", markdown_journal(user=user, keys=keys))
        for section, filename in CSV_FILES.items():
            records = selectors.EXPORTERS[section](user=user, keys=keys)
            columns = list(schema.SECTIONS[section]["items"]["properties"])
            yield from _write_entry(archive, sink, filename, _csv_lines(records, columns=columns))
    yield sink.drain()
