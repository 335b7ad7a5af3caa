from __future__ import annotations

import subprocess
import sys
from datetime import date, timedelta

from journal.prompts import PROMPTS, is_vague, prompt_for, vague_note


def test_there_are_at_least_sixty_distinct_prompts_mostly_about_people() -> None:
    assert len(PROMPTS) >= 60
    assert len(set(PROMPTS)) == len(PROMPTS)
    about_people = [
        p for p in PROMPTS if any(w in p.lower() for w in ("who", "whose", "someone", "partner", "friend"))
    ]
    assert len(about_people) > len(PROMPTS) / 2


def test_a_users_prompt_is_the_same_all_day_and_changes_between_days() -> None:
    day = date(2026, 5, 4)
    assert prompt_for(user_id=7, local_date=day) == prompt_for(user_id=7, local_date=day)
    week = {prompt_for(user_id=7, local_date=day + timedelta(days=n)) for n in range(14)}
    assert len(week) > 5


def test_different_users_get_different_prompts_on_the_same_day() -> None:
    day = date(2026, 5, 4)
    assert len({prompt_for(user_id=n, local_date=day) for n in range(1, 30)}) > 10


def test_the_prompt_is_stable_across_processes_with_different_hash_seeds() -> None:
    code = (
        "from datetime import date; from journal.prompts import prompt_for; "
        "print(prompt_for(user_id=42, local_date=date(2026, 5, 4)))"
    )
    answers = {
        subprocess.run(
            [sys.executable, "-c", code],
            env={"PYTHONHASHSEED": seed, "PYTHONPATH": "."},
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        for seed in ("1", "2", "3")
    }
    assert answers == {prompt_for(user_id=42, local_date=date(2026, 5, 4))}


def test_vague_items_get_a_gentle_question_and_specific_ones_do_not() -> None:
    for vague in ["my family", "Everything!", "life", "my partner", "good coffee"]:
        assert is_vague(vague), vague
        assert vague_note(vague) is not None
    specific = "Mei walked me home in the rain and lent me her scarf"
    assert not is_vague(specific)
    assert vague_note(specific) is None
