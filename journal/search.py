"""Matching journal text against a search box query, in Python.

Gratitude items are encrypted at rest (compersion/lib/encryption.py), so the database cannot
search them; the journal decrypts one user's items and asks ``query.matches(text)``.
Like the web search people know: every word must appear, "quoted words" must appear
together, a -word must not appear; case and accents are ignored ("cafe" finds "Café"),
and a word matches the start of longer ones ("swim" finds "swimming").
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_TERM = re.compile(r'(-?)"([^"]*)"?|(-?)(\S+)')
_WORD_START = r"(?<!\w)"


def fold(text: str) -> str:
    """Lower case without accents, so comparisons ignore both."""
    if text.isascii():
        return text.lower()  # most entries: skip the costly normalisation
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


@dataclass(frozen=True)
class SearchQuery:
    required: tuple[re.Pattern[str], ...]
    excluded: tuple[re.Pattern[str], ...]

    @property
    def is_empty(self) -> bool:
        return not self.required and not self.excluded

    def matches(self, text: str) -> bool:
        folded = fold(text)
        return all(p.search(folded) for p in self.required) and not any(
            p.search(folded) for p in self.excluded
        )


def search_query(q: str) -> SearchQuery:
    required: list[re.Pattern[str]] = []
    excluded: list[re.Pattern[str]] = []
    for match in _TERM.finditer(q):
        negated = bool(match.group(1) or match.group(3))
        words = fold(match.group(2) if match.group(2) is not None else match.group(4)).split()
        words = [w for w in (w.strip(".,;:!?()[]{}'\"") for w in words) if w]
        if not words:
            continue
        pattern = re.compile(_WORD_START + r"\W+".join(re.escape(w) for w in words))
        (excluded if negated else required).append(pattern)
    return SearchQuery(required=tuple(required), excluded=tuple(excluded))
