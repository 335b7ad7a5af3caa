"""Reading ids from query strings, where anything at all may arrive."""

from __future__ import annotations

ID_DIGITS = 18  # a bigint id has at most 19 digits; anything longer names no row


def query_id(value: str) -> int | None:
    """An id from the query string, or None. ASCII digits only: "²" passes ``isdigit()`` and
    then fails ``int()``, and 5,000 digits pass both and fail Python's digit limit."""
    if value.isascii() and value.isdigit() and len(value) <= ID_DIGITS:
        return int(value)
    return None
