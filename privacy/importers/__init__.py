"""Reading exports of other apps (How We Feel, Daylio, Presently) into rows Compersion can keep.

``read_export(data)`` → ``Parsed``, or ``FileProblem`` for a file that cannot be read at all.
Nothing here touches the database; ``privacy.services`` turns the rows into an export document
and imports it through the same validated path as a Compersion file.
"""

from __future__ import annotations

from privacy.importers.formats import Parsed, read_table_as
from privacy.importers.table import FileProblem, read_table

__all__ = ["FileProblem", "Parsed", "read_export"]


def read_export(data: bytes) -> Parsed:
    return read_table_as(read_table(data))
