"""The bench's work inside Django: long-history users, signed-in sessions, SQL timings.

Run by ``bench/run.py`` as ``python bench/django_tasks.py <task> [args]`` with the bench's
production environment (DATABASE_URL pointing at compersion_bench). Each task prints one JSON
document on its last line of stdout.
"""

from __future__ import annotations

import json
import os
import random
import secrets
import statistics
import sys
import time as walltime
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "compersion.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import User  # noqa: E402
from accounts.selectors import user_local_today  # noqa: E402
from journal import selectors as journal_selectors  # noqa: E402
from journal.models import DAILY_ITEMS, DayState, GratitudeItem, JournalDay  # noqa: E402
from journal.services import gratitude_item_add  # noqa: E402

LONG_EMAIL = "bench-ten-years@example.com"
SHORT_EMAIL = "bench-one-day@example.com"
TEN_YEARS = 3653
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def _emit(payload: dict[str, Any]) -> None:
    print(json.dumps(payload, default=str))


def _bench_user(email: str) -> User:
    user, _ = User.objects.get_or_create(
        email=email,
        defaults={"password": make_password(None), "time_zone": "Europe/Berlin", "display_name": "Bench"},
    )
    return user


def _history_rows(user: User, *, days: int, today: date, rng: random.Random) -> tuple[list[Any], list[Any]]:
    """``days`` of history ending yesterday: mostly complete days, some late, partial or empty.

    Written straight to the tables (what the services would have written) because going
    through the services for 18,000 items would make ``make bench`` minutes slower.
    """
    items: list[GratitudeItem] = []
    summaries: list[JournalDay] = []
    for offset in range(days, 0, -1):
        local_date = today - timedelta(days=offset)
        roll = rng.random()
        if roll < 0.08:
            continue  # a day off
        state = DayState.ON_TIME if roll < 0.80 else DayState.LATE if roll < 0.90 else DayState.PARTIAL
        count = DAILY_ITEMS if state != DayState.PARTIAL else rng.randint(1, DAILY_ITEMS - 1)
        written = timezone.make_aware(datetime.combine(local_date, datetime.min.time()), user.tz) + timedelta(
            hours=rng.randint(19, 22), minutes=rng.randint(0, 59)
        )
        items += [
            GratitudeItem(
                owner=user,
                local_date=local_date,
                time_zone=user.time_zone,
                text=f"Something specific and good on {local_date:%A %-d %B %Y}, number {position}",
                relational=position == 1,
                position=position,
                created_at=written,
                updated_at=written,
            )
            for position in range(1, count + 1)
        ]
        complete = state != DayState.PARTIAL
        summaries.append(
            JournalDay(
                owner=user,
                local_date=local_date,
                time_zone=user.time_zone,
                item_count=count,
                relational_count=1,
                completed_at=written if complete else None,
                completed_local_time=written.astimezone(user.tz).time().replace(second=0, microsecond=0)
                if complete
                else None,
                status=state,
            )
        )
    return items, summaries


def seed_long_history() -> None:
    """A user with ten years of gratitude history and one with a single day, for the SQL budget."""
    rng = random.Random(10)
    long_user, short_user = _bench_user(LONG_EMAIL), _bench_user(SHORT_EMAIL)
    with transaction.atomic():
        for user, days in ((long_user, TEN_YEARS), (short_user, 1)):
            JournalDay.objects.filter(owner=user).delete()
            GratitudeItem.objects.filter(owner=user).delete()
            items, summaries = _history_rows(user, days=days, today=user_local_today(user=user), rng=rng)
            if days == 1 and not summaries:
                items, summaries = _history_rows(user, days=days, today=user_local_today(user=user), rng=rng)
            GratitudeItem.objects.bulk_create(items, batch_size=2000)
            JournalDay.objects.bulk_create(summaries, batch_size=2000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE journal_gratitudeitem; ANALYZE journal_journalday;")
    _emit({"long_days": JournalDay.objects.filter(owner=long_user).count()})


def _editable_item(user: User, today: date) -> GratitudeItem:
    """The user's most recent item before today, written now if the user has none."""
    item = GratitudeItem.objects.filter(owner=user, local_date__lt=today).order_by("-local_date", "position")
    found = item.prefetch_related("people").first()
    if found is not None:
        return found
    gratitude_item_add(
        user=user,
        local_date=today - timedelta(days=1),
        text="The bench wrote this so it has something to edit",
        relational=True,
    )
    return item.prefetch_related("people").get()


def make_sessions(count: str, out: str) -> None:
    """Signed-in sessions for ``count`` demo users, written one per line for the wrk scripts:
    ``sessionid csrftoken item_id position people day_path``. Sessions are created directly
    (no Argon2 sign-in) exactly as django.contrib.auth.login stores them."""
    users = list(User.objects.filter(email__startswith="demo").order_by("id")[: int(count)])
    lines = []
    for user in users:
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = MODEL_BACKEND
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        today = user_local_today(user=user)
        item = _editable_item(user, today)
        people = ",".join(str(person.pk) for person in item.people.all()) or "-"
        csrf = secrets.token_urlsafe(24).replace("-", "a").replace("_", "b")[:32]
        lines.append(
            f"{session.session_key} {csrf} {item.pk} {item.position} {int(item.relational)} {people} "
            f"/journal/{item.local_date.isoformat()}/"
        )
    Path(out).write_text("\n".join(lines) + "\n")
    _emit({"sessions": len(lines), "file": out})


@contextmanager
def _sql_timer() -> Iterator[list[float]]:
    timings: list[float] = []

    def wrapper(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        start = walltime.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            timings.append(walltime.perf_counter() - start)

    with connection.execute_wrapper(wrapper):
        yield timings


def _streak_and_heatmap(user: User, today: date) -> None:
    """The query behind every journal page's streak, 22-day path, timing chart and year heatmap."""
    journal_selectors.practice_history(user=user, since=journal_selectors.timing_since(today))


def _hot_querysets(user: User, today: date) -> list[Any]:
    # journal.selectors.practice_rows's query, exactly (its date order is what the covering index serves).
    return [
        JournalDay.objects.filter(owner=user)
        .order_by("local_date")
        .values_list("local_date", "status", "completed_local_time")
    ]


def _explain(user: User, today: date) -> list[str]:
    return [
        str(queryset.query) + "\n" + queryset.explain(analyze=True, buffers=True)
        for queryset in _hot_querysets(user, today)
    ]


def _server_ms(user: User, today: date) -> float:
    """Execution time PostgreSQL reports for both queries (EXPLAIN ANALYZE, no client transfer)."""
    total = 0.0
    for queryset in _hot_querysets(user, today):
        plan = queryset.explain(analyze=True, timing=False, summary=True)
        total += float(plan.rsplit("Execution Time:", 1)[1].split()[0])
    return total


def measure_sql(repeats: str = "50") -> None:
    """Median SQL time of the streak + heatmap queries for the ten-year user, and query counts."""
    long_user, short_user = User.objects.get(email=LONG_EMAIL), User.objects.get(email=SHORT_EMAIL)
    today = user_local_today(user=long_user)
    counts = {}
    for name, user in (("ten_years", long_user), ("one_day", short_user)):
        with CaptureQueriesContext(connection) as captured:
            _streak_and_heatmap(user, today)
        counts[name] = len(captured.captured_queries)
    totals = []
    for _ in range(int(repeats)):
        with _sql_timer() as timings:
            _streak_and_heatmap(long_user, today)
        totals.append(sum(timings) * 1000)
    _emit(
        {
            "ten_year_days": JournalDay.objects.filter(owner=long_user).count(),
            "sql_ms_median": round(statistics.median(totals), 3),
            "sql_ms_p90": round(sorted(totals)[int(len(totals) * 0.9) - 1], 3),
            "server_ms_median": round(statistics.median(_server_ms(long_user, today) for _ in range(20)), 3),
            "query_count": counts,
            "explain": _explain(long_user, today),
        }
    )


TASKS: dict[str, Callable[..., None]] = {
    "seed_long_history": seed_long_history,
    "make_sessions": make_sessions,
    "measure_sql": measure_sql,
}

if __name__ == "__main__":
    TASKS[sys.argv[1]](*sys.argv[2:])
