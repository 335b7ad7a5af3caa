"""The shared idea store, written by the Compersion team in our own words.

The ideas live in data/ideas.txt. Each line: category, effort, cost, recipient kind,
setting, then the idea after a bar. The data migration loads these by ``key`` (the
line's slug), so adding lines and a new migration that loads them again is safe.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.utils.text import slugify

IDEAS_FILE = Path(__file__).resolve().parent / "data" / "ideas.txt"


@dataclass(frozen=True)
class IdeaSeed:
    key: str
    text: str
    category: str
    effort: str
    cost: str
    recipient_kind: str
    setting: str


def idea_seeds() -> list[IdeaSeed]:
    seeds = []
    for line in IDEAS_FILE.read_text(encoding="utf-8").strip().splitlines():
        head, text = line.split(" | ", 1)
        category, effort, cost, recipient_kind, setting = head.split()
        key = slugify(text)[:60].strip("-")
        seeds.append(IdeaSeed(key, text.strip(), category, effort, cost, recipient_kind, setting))
    return seeds
