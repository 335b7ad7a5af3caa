"""The shared idea store, written by the Compersion team in our own words.

The ideas live in data/ideas.txt. Each line: category, effort, cost, recipient kind,
setting, optionally a season (winter, spring, summer, autumn: the idea shows only then, in
the user's own hemisphere), then the idea after a bar. The data migration loads these by ``key`` (the
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
    season: str = ""


def idea_seeds() -> list[IdeaSeed]:
    seeds = []
    for line in IDEAS_FILE.read_text(encoding="utf-8").strip().splitlines():
        head, text = line.split(" | ", 1)
        category, effort, cost, recipient_kind, setting, *season = head.split()
        key = slugify(text)[:60].strip("-")
        seeds.append(
            IdeaSeed(key, text.strip(), category, effort, cost, recipient_kind, setting, "".join(season))
        )
    return seeds


def load_shared_ideas(idea_model: Any) -> int:
    """Insert the shared ideas not yet stored; returns how many were added.

    ``idea_model`` is the migration's historical ``KindnessIdea`` (or the real one), so
    the data migration and a fresh test database load exactly the same ideas.
    """
    existing = set(idea_model.objects.filter(owner__isnull=True).values_list("key", flat=True))
    # The model as migration 0002 saw it has no season yet; 0005 adds it and sets it.
    has_season = any(field.name == "season" for field in idea_model._meta.get_fields())
    new = [
        idea_model(
            key=seed.key,
            text=seed.text,
            category=seed.category,
            effort=seed.effort,
            cost=seed.cost,
            recipient_kind=seed.recipient_kind,
            setting=seed.setting,
            **({"season": seed.season} if has_season else {}),
        )
        for seed in idea_seeds()
        if seed.key not in existing
    ]
    idea_model.objects.bulk_create(new)
    return len(new)


def season_shared_ideas(idea_model: Any) -> None:
    """Give the stored shared ideas the season ideas.txt names (migration 0005)."""
    for seed in idea_seeds():
        idea_model.objects.filter(owner__isnull=True, key=seed.key).exclude(season=seed.season).update(
            season=seed.season
        )
