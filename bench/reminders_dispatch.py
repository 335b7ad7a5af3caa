"""Benchmark: 1,000,000 reminders due at once are claimed, ledgered and enqueued.

Run by hand (not by `make test`), against PostgreSQL and Redis:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/compersion_reminders_bench \
    REDIS_URL=redis://127.0.0.1:6379/6 .venv/bin/python bench/reminders_dispatch.py

It creates (or empties) the schedule in that database, makes every row due, runs one
dispatch pass, checks the ledger and the broker, and writes bench/results/reminders.json.
Target: at most 30 s, at most one broker message per 500 reminders.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import platform
import sys
import time
from datetime import datetime
from pathlib import Path

from bench_database import database_ready

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/compersion_reminders_bench")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/6")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "compersion.settings_test")

ZONES = [
    "Europe/Berlin",
    "America/New_York",
    "Asia/Kolkata",
    "Pacific/Auckland",
    "Europe/London",
    "Australia/Sydney",
    "America/Los_Angeles",
    "Pacific/Chatham",
]


def populate(rows: int) -> None:
    """``rows`` users, each with a daily reminder due a minute ago, across eight zones."""
    from django.db import connection

    from accounts.models import User

    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE reminders_reminderdelivery, reminders_reminderschedule, accounts_user CASCADE"
        )
        # Every other column of the user takes its model default, whatever fields accounts has.
        template = User(email="x@example.com", password="!", time_zone="UTC")  # noqa: S106
        columns, values, params = [], [], []
        for field in User._meta.concrete_fields:
            if field.primary_key:
                continue
            columns.append(connection.ops.quote_name(field.column))
            if field.name == "email":
                values.append("'bench' || n || '@example.com'")
            elif field.name == "time_zone":
                values.append("(%s::text[])[1 + n %% 8]")
                params.append(ZONES)
            else:
                values.append("%s")
                params.append(field.get_db_prep_save(getattr(template, field.attname), connection))
        cursor.execute(
            f"INSERT INTO accounts_user ({', '.join(columns)}) "  # noqa: S608 (names from the model)
            f"SELECT {', '.join(values)} FROM generate_series(1, %s) AS n",
            [*params, rows],
        )
        cursor.execute(
            """
            INSERT INTO reminders_reminderschedule (user_id, kind, enabled, hours_before_end, weekday,
                next_fire_at, next_local_date, updated_at)
            SELECT id, 'daily', true, 2, 6, now() - interval '1 minute',
                   (now() AT TIME ZONE time_zone)::date, now()
            FROM accounts_user
            """
        )
    for table in ("accounts_user", "reminders_reminderschedule", "reminders_reminderdelivery"):
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {table}")


def dispatch_once(now: datetime, claim_batch: int | None) -> int:
    from reminders import tasks

    return tasks.reminders_dispatch(now=now, claim_batch=claim_batch).claimed


def broker_queue_length() -> int:
    from compersion.celery import app

    with app.connection_for_write() as conn:
        return int(conn.default_channel.client.llen("celery"))  # type: ignore[attr-defined]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--claim-batch", type=int, default=None)
    parser.add_argument(
        "--dispatchers", type=int, default=2, help="Concurrent dispatch passes; running several is harmless."
    )
    parser.add_argument("--output", default=str(ROOT / "bench" / "results" / "reminders.json"))
    args = parser.parse_args()

    database_ready(os.environ["DATABASE_URL"])
    from django.db import connection
    from django.utils import timezone

    from accounts.models import ReminderSchedule
    from compersion.celery import app
    from reminders import services, tasks
    from reminders.models import ReminderDelivery

    started = time.perf_counter()
    populate(args.rows)
    setup_seconds = time.perf_counter() - started
    app.control.purge()
    queued_before = broker_queue_length()
    server_version = connection.cursor().connection.info.server_version
    connection.close()  # each forked dispatcher opens its own connection

    now = timezone.now()
    started = time.perf_counter()
    with multiprocessing.get_context("fork").Pool(args.dispatchers) as pool:
        claimed_each = pool.starmap(dispatch_once, [(now, args.claim_batch)] * args.dispatchers)
    seconds = time.perf_counter() - started
    claimed = sum(claimed_each)

    messages = broker_queue_length() - queued_before
    ledger = ReminderDelivery.objects.count()
    still_due = ReminderSchedule.objects.filter(next_fire_at__lte=now).count()
    app.control.purge()
    figures = {
        "rows": args.rows,
        "claimed": claimed,
        "claimed_by_each_dispatcher": claimed_each,
        "dispatchers": args.dispatchers,
        "ledger_rows": ledger,
        "broker_messages": messages,
        "reminders_per_message": round(claimed / messages, 1) if messages else None,
        "still_due_after_pass": still_due,
        "seconds": round(seconds, 2),
        "reminders_per_second": round(claimed / seconds),
        "claim_batch": args.claim_batch or services.CLAIM_BATCH,
        "send_batch": tasks.SEND_BATCH,
        "setup_seconds": round(setup_seconds, 1),
        "target_seconds": 30,
        "passed": seconds <= 30 and ledger == args.rows and messages * 500 >= claimed and still_due == 0,
        "database": f"PostgreSQL {server_version}",
        "cpus": os.cpu_count(),
        "load_average_1m_after": round(os.getloadavg()[0], 1),
        "python": platform.python_version(),
        "measured_at": now.isoformat(timespec="seconds"),
    }
    Path(args.output).write_text(json.dumps(figures, indent=2) + "\n")
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
