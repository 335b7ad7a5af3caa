"""The shared idea store, written by the Compersion team in our own words.

The ideas live in data/ideas.txt. Each line: category, effort, cost, recipient kind,
setting, then the idea after a bar. The data migration loads these by ``key`` (the
line's slug), so adding lines and a new migration that loads them again is safe.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

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


def load_shared_ideas(idea_model: Any) -> int:
    """Insert the shared ideas not yet stored; returns how many were added.

    ``idea_model`` is the migration's historical ``KindnessIdea`` (or the real one), so
    the data migration and a fresh test database load exactly the same ideas.
    """
    existing = set(idea_model.objects.filter(owner__isnull=True).values_list("key", flat=True))
    new = [
        idea_model(
            key=seed.key,
            text=seed.text,
            category=seed.category,
            effort=seed.effort,
            cost=seed.cost,
            recipient_kind=seed.recipient_kind,
            setting=seed.setting,
        )
        for seed in idea_seeds()
        if seed.key not in existing
    ]
    idea_model.objects.bulk_create(new)
    return len(new)
