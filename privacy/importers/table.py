"""Reading another app's CSV export into rows, whatever its encoding, line ends and separator.

UTF-8 with or without a byte-order mark, UTF-16 (either byte order, with or without the mark),
CRLF or LF, and a comma, semicolon or tab between cells, decided from the header line. Column
names are matched without regard to case, surrounding spaces or their order. A file that
cannot be read at all raises ``FileProblem`` with a sentence naming the row; a row that is
read but wrong is the format's business (``privacy.importers.formats``).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

# Python's csv module refuses longer cells; no field we import is anywhere near this long.
CELL_LIMIT = csv.field_size_limit()
SEPARATORS = (",", ";", "\t")


class FileProblem(Exception):
    """The whole file cannot be read; ``message`` says why, naming the row where there is one."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Row:
    """One record of the file: ``number`` is the row a spreadsheet shows it on (the header is 1)."""

    number: int
    cells: dict[str, str]
    # Cells beyond the header's columns: a separator inside an unquoted note, most likely.
    extra: tuple[str, ...] = ()


@dataclass(frozen=True)
class Table:
    columns: tuple[str, ...]
    rows: tuple[Row, ...]


def decode(data: bytes) -> str:
    """The file's text. UTF-16 is told by its byte-order mark, or without one by the NUL bytes
    every ASCII character brings; anything else must be UTF-8."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"
    elif data.startswith(b"\xef\xbb\xbf"):
        encoding = "utf-8-sig"
    else:
        head = data[:200]
        even, odd = head[0::2].count(0), head[1::2].count(0)
        if len(head) >= 4 and odd > len(head) // 4 and even == 0:
            encoding = "utf-16-le"
        elif len(head) >= 4 and even > len(head) // 4 and odd == 0:
            encoding = "utf-16-be"
        else:
            encoding = "utf-8"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise FileProblem(
            f"Line {line} holds bytes that aren't UTF-8 or UTF-16 text. Export the file again, "
            "or save it as UTF-8 from a spreadsheet."
        ) from None
    # PostgreSQL cannot store a NUL character; no app writes one on purpose.
    return text.replace("\x00", "")


def column_name(raw: str) -> str:
    return " ".join(raw.replace("\ufeff", "").split()).lower()


def separator(header_line: str) -> str:
    """The separator the header uses most, counted outside quotes."""
    counts = dict.fromkeys(SEPARATORS, 0)
    quoted = False
    for character in header_line:
        if character == '"':
            quoted = not quoted
        elif not quoted and character in counts:
            counts[character] += 1
    return max(SEPARATORS, key=lambda s: counts[s])


def read_table(data: bytes) -> Table:
    text = decode(data)
    if not text.strip():
        raise FileProblem("This file is empty.")
    first_line = text.lstrip("\r\n").splitlines()[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator(first_line), strict=True)
    rows: list[Row] = []
    columns: tuple[str, ...] = ()
    number = 0
    try:
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                if columns:
                    number += 1
                continue
            number += 1
            if not columns:
                columns = tuple(column_name(cell) for cell in cells)
                _check_header(columns)
                continue
            named = {name: value for name, value in zip(columns, cells, strict=False)}
            rows.append(Row(number, named, tuple(cells[len(columns) :])))
    except csv.Error as error:
        where = number + 1
        if "field larger" in str(error):
            raise FileProblem(
                f"Row {where}: a cell is longer than {CELL_LIMIT:,} characters, more than any app writes."
            ) from None
        raise FileProblem(
            f"Row {where}: the quotes around a cell don't match up, so the rows after it can't be "
            "told apart. Export the file again, or fix the quotes in that row."
        ) from None
    if not rows:
        raise FileProblem("This file has a header but no rows to import.")
    return Table(columns, tuple(rows))


def _check_header(columns: tuple[str, ...]) -> None:
    seen: set[str] = set()
    for name in columns:
        if name and name in seen:
            raise FileProblem(f"Row 1: the column “{name[:40]}” appears twice; we can't tell which to read.")
        seen.add(name)
