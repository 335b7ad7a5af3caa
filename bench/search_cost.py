"""Benchmark: what journal search costs now that gratitude items are encrypted at rest.

Run by hand (not by `make test`), against PostgreSQL:

    .venv/bin/python bench/search_cost.py
    # or DATABASE_URL=postgres://postgres@127.0.0.1:5432/some_db .venv/bin/python bench/search_cost.py

It (re)creates one user with three years of gratitude history (five items a day, 20 to 250
characters each) in a database of its own (default compersion_search_bench), then times
``GET /journal/?q=...`` through Django's test client in process (wall and CPU time, median
and 95th percentile), the search selector alone, and the decryption alone (fetching every
item's ciphertext versus fetching and decrypting it). Writes bench/results/search.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from bench_database import database_ready

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/compersion_search_bench")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "compersion.settings_test")

EMAIL = "search-bench@example.com"
YEARS = 3
OPENINGS = [
    "Sam made me laugh at breakfast",
    "A long walk by the river with Priya",
    "The first coffee on the balcony",
    "Finishing the chapter I was stuck on",
    "My knee did not hurt on the stairs",
    "Jules sent a photo of the sunrise",
    "The choir rehearsal where it finally clicked",
    "Fresh bread from the bakery on the corner",
    "A quiet half hour with a book",
    "Rain on warm pavement on the way home",
]
DETAILS = [
    "and I noticed how relaxed I felt afterwards",
    "even though the day had started badly",
    "which I want to remember next time I feel stuck",
    "while the radio played something from years ago",
    "and nobody needed anything from me for a while",
    "because it reminded me of my grandmother's kitchen",
    "with the light coming in sideways through the window",
    "and we talked about nothing in particular for an hour",
]
# A common word, a rarer one, two words together, an accent-folded one, and one that never appears.
QUERIES = ["coffee", "grandmother", "river priya", "cafe", "volcano"]


def item_text(rng: random.Random) -> str:
    """20 to 250 characters, like the items people write (a phrase, often with a detail or two)."""
    text = rng.choice(OPENINGS)
    for _ in range(rng.choice([0, 0, 1, 1, 2, 3])):
        text += ", " + rng.choice(DETAILS)
    if rng.random() < 0.03:
        text += " at the little Café"
    return text[:250]


def seed(rng: random.Random) -> Any:
    from django.db import transaction

    from accounts.models import User
    from journal.models import DAILY_ITEMS, DayState, GratitudeItem, JournalDay

    User.objects.filter(email=EMAIL).delete()
    user = User.objects.create_user(email=EMAIL, password=None, time_zone="Europe/Berlin")
    first = date(2023, 6, 1)
    days = [first + timedelta(days=n) for n in range(365 * YEARS)]
    with transaction.atomic():
        GratitudeItem.objects.bulk_create(
            (
                GratitudeItem(
                    owner=user,
                    local_date=day,
                    time_zone=user.time_zone,
                    text=item_text(rng),
                    relational=position == 1,
                    position=position,
                )
                for day in days
                for position in range(1, DAILY_ITEMS + 1)
            ),
            batch_size=5000,
        )
        JournalDay.objects.bulk_create(
            (
                JournalDay(
                    owner=user,
                    local_date=day,
                    time_zone=user.time_zone,
                    item_count=DAILY_ITEMS,
                    relational_count=1,
                    status=DayState.ON_TIME,
                )
                for day in days
            ),
            batch_size=5000,
        )
    return user


def timed(run: Callable[[], Any], repeats: int) -> dict[str, float]:
    """Median and 95th percentile of wall and CPU milliseconds over ``repeats`` runs (after one warm-up)."""
    run()
    walls, cpus = [], []
    for _ in range(repeats):
        wall, cpu = time.perf_counter(), time.process_time()
        run()
        walls.append((time.perf_counter() - wall) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)

    def p95(values: list[float]) -> float:
        return sorted(values)[max(0, round(0.95 * len(values)) - 1)]

    return {
        "wall_ms_median": round(statistics.median(walls), 1),
        "wall_ms_p95": round(p95(walls), 1),
        "cpu_ms_median": round(statistics.median(cpus), 1),
        "cpu_ms_p95": round(p95(cpus), 1),
    }


def count_queries(run: Callable[[], Any]) -> int:
    from django.db import connection

    executed: list[str] = []

    def wrapper(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        executed.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        run()
    return len(executed)


def selector(user: Any, q: str) -> Callable[[], Any]:
    from compersion.lib.paging import Window
    from journal.selectors import DAYS_PER_PAGE, journal_days_page

    return lambda: journal_days_page(user=user, window=Window(size=DAYS_PER_PAGE), q=q).entries


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--repeats", type=int, default=30)
    parser.add_argument("--output", default=str(ROOT / "bench" / "results" / "search.json"))
    args = parser.parse_args()
    database_ready(os.environ["DATABASE_URL"])
    from django.db import connection
    from django.test import Client

    from compersion.lib.encryption import decrypt
    from compersion.lib.paging import Window
    from journal.models import GratitudeItem
    from journal.selectors import journal_days_page

    started = time.perf_counter()
    user = seed(random.Random(3))
    seed_seconds = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE journal_gratitudeitem; ANALYZE journal_journalday;")
    items = GratitudeItem.objects.filter(owner=user)
    client = Client()
    client.force_login(user)

    def page(q: str) -> Callable[[], Any]:
        def get() -> None:
            response = client.get("/journal/", {"q": q} if q else {})
            assert response.status_code == 200

        return get

    results: dict[str, Any] = {"request_without_search": timed(page(""), args.repeats)}
    results["queries_without_search"] = count_queries(page(""))
    for q in QUERIES:
        # Every matching day in one window, to count them (the page itself shows 20).
        found = len(journal_days_page(user=user, window=Window(size=10**6), q=q).entries)
        results[f"request q={q!r}"] = {
            **timed(page(q), args.repeats),
            "days_found": found,
            "queries": count_queries(page(q)),
        }
        results[f"selector q={q!r}"] = timed(selector(user, q), args.repeats)

    # Decryption alone: the same rows fetched as stored (ciphertext) and as the model reads them.
    table = GratitudeItem._meta.db_table

    def fetch_ciphertext() -> list[Any]:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT local_date, text FROM {table} WHERE owner_id = %s", [user.pk])  # noqa: S608
            return cursor.fetchall()

    tokens = [text for _, text in fetch_ciphertext()]
    results["fetch_ciphertext_only"] = timed(fetch_ciphertext, args.repeats)
    results["fetch_and_decrypt"] = timed(lambda: list(items.values_list("local_date", "text")), args.repeats)
    results["decrypt_only"] = timed(lambda: [decrypt(t) for t in tokens], args.repeats)

    figures = {
        "what": "GET /journal/?q= for one user with three years of history, in process (Django test client)",
        "items": items.count(),
        "days": YEARS * 365,
        "average_item_chars": round(
            sum(len(t) for t in items.values_list("text", flat=True)) / items.count()
        ),
        "average_ciphertext_chars": round(sum(len(t) for t in tokens) / len(tokens)),
        "repeats": args.repeats,
        "seed_seconds": round(seed_seconds, 1),
        "results": results,
        "database": f"PostgreSQL {connection.cursor().connection.info.server_version}",
        "cpus": os.cpu_count(),
        "load_average_1m_after": round(os.getloadavg()[0], 1),
        "python": platform.python_version(),
        "measured_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
    Path(args.output).write_text(json.dumps(figures, indent=2) + "\n")
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
