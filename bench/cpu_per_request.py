"""CPU per request, in process: what each page costs this Python, without wrk, gunicorn or the
network, so it can be measured while the machine is shared.

Run ``.venv/bin/python bench/cpu_per_request.py`` (options: ``--help``). It uses its own
PostgreSQL database (``CPU_DATABASE_URL``, default ``compersion_perf``; created, migrated and
seeded with ``seed_demo --users 3 --days 365`` when it has no demo users), production settings
(DEBUG off, WhiteNoise's manifest, persistent connections, Redis as the cache when ``REDIS_URL``
is set), and Django's test client signed in as the first demo user. Each endpoint is asked a few
times to warm up, then ``--requests`` times; ``time.process_time`` (CPU of this process only, so
far less disturbed by other load than wall time) is taken around each request and the median
kept. PostgreSQL's own CPU is not in the figure: it is another process; the query count is.

``--profile NAME`` prints cProfile's top functions for one endpoint instead of measuring.
Results: ``bench/results/cpu.json`` (``--output``).
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

from bench_database import database_ready

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/compersion_perf"


def _encryption_keys(var_dir: Path) -> str:
    """Production refuses to start without keys; the probe keeps one of its own beside its
    static files, so data encrypted by an earlier run still reads."""
    from cryptography.fernet import Fernet

    path = var_dir / "cpu-encryption.key"
    if not path.exists():
        var_dir.mkdir(parents=True, exist_ok=True)
        path.write_text(Fernet.generate_key().decode())
        path.chmod(0o600)
    return os.environ.get("ENCRYPTION_KEYS") or path.read_text().strip()


def _production_env(database_url: str) -> None:
    var_dir = Path(
        os.environ.get("COMPERSION_VAR_DIR", str(Path(tempfile.gettempdir()) / "compersion-cpu-per-request"))
    )
    os.environ.update(
        DJANGO_SETTINGS_MODULE="compersion.settings",
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY="cpu-" + os.urandom(24).hex(),
        DJANGO_ALLOWED_HOSTS="testserver",
        DJANGO_SECURE_SSL_REDIRECT="false",
        DJANGO_SECURE_COOKIES="false",
        DJANGO_CONN_MAX_AGE="600",
        DATABASE_URL=database_url,
        COMPERSION_VAR_DIR=str(var_dir),
        ENCRYPTION_KEYS=_encryption_keys(var_dir),
    )


def _prepare() -> None:
    from django.conf import settings
    from django.core.management import call_command

    from accounts.models import User

    if not User.objects.filter(email="demo1@example.com").exists():
        call_command("seed_demo", "--users", "3", "--days", "365")
    if not (Path(settings.STATIC_ROOT) / "staticfiles.json").exists():
        call_command("collectstatic", "--noinput", verbosity=0)


def _endpoints(client: Any) -> dict[str, Callable[[], Any]]:
    from accounts.models import User
    from accounts.selectors import user_local_today
    from journal.models import GratitudeItem

    user = User.objects.get(email="demo1@example.com")
    client.force_login(user)
    today = user_local_today(user=user)
    # The item the save benchmark edits: the most recent past one, rewritten with the same
    # relational flag and people, so its day stays as complete as it was (as make bench does).
    item = GratitudeItem.objects.filter(owner=user, local_date__lt=today).order_by(
        "-local_date", "-position"
    )[0]
    slot = item.position
    body: dict[str, Any] = {"slot": slot, f"slot{slot}-people": [p.pk for p in item.people.all()]}
    if item.relational:
        body[f"slot{slot}-relational"] = "on"
    counter = iter(range(10**9))

    def save() -> Any:
        return client.post(
            f"/journal/items/{item.pk}/",
            {**body, f"slot{slot}-text": f"A specific thing, edit {next(counter)}"},
            headers={"HX-Request": "true"},
        )

    day = (today - timedelta(days=10)).isoformat()
    return {
        "healthz": lambda: client.get("/healthz/"),
        "today": lambda: client.get("/"),
        "journal": lambda: client.get("/journal/"),
        "day": lambda: client.get(f"/journal/{day}/"),
        "feelings_charts": lambda: client.get("/feelings/charts/"),
        "insights": lambda: client.get("/insights/"),
        "insights_people": lambda: client.get("/insights/people/"),
        "save": save,
    }


def _measure(ask: Callable[[], Any], *, requests: int, warmup: int) -> dict[str, Any]:
    from django.db import connection

    for _ in range(warmup):
        response = ask()
        if response.status_code != 200 or b"errorlist" in response.content:
            raise RuntimeError(f"answered {response.status_code}, or with form errors")
    # Counted with a wrapper: CaptureQueriesContext loses them when request_started clears the log.
    queries: list[str] = []

    def counted(execute: Callable[..., Any], sql: str, *rest: Any) -> Any:
        queries.append(sql)
        return execute(sql, *rest)

    with connection.execute_wrapper(counted):
        response = ask()
    cpu = []
    for _ in range(requests):
        start = time.process_time()
        ask()
        cpu.append((time.process_time() - start) * 1000)
    return {
        "cpu_ms_median": round(statistics.median(cpu), 2),
        "cpu_ms_p90": round(sorted(cpu)[int(len(cpu) * 0.9) - 1], 2),
        "queries": len(queries),
        "bytes": len(response.content),
    }


def _profile(ask: Callable[[], Any], *, requests: int, top: int) -> None:
    for _ in range(5):
        ask()
    profiler = cProfile.Profile(time.process_time)  # CPU, not time spent waiting for PostgreSQL
    profiler.enable()
    for _ in range(requests):
        ask()
    profiler.disable()
    stats = pstats.Stats(profiler).strip_dirs().sort_stats("cumulative")
    stats.print_stats(top)
    stats.sort_stats("tottime").print_stats(top)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database-url", default=os.environ.get("CPU_DATABASE_URL", DEFAULT_DB))
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument(
        "--only",
        nargs="*",
        help="endpoint names (healthz today journal day feelings_charts insights insights_people save)",
    )
    parser.add_argument("--profile", metavar="NAME", help="print a cProfile of one endpoint instead")
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--output", default=str(ROOT / "bench" / "results" / "cpu.json"))
    args = parser.parse_args()

    _production_env(args.database_url)
    database_ready(args.database_url)
    from django.conf import settings
    from django.test import Client

    _prepare()
    endpoints = _endpoints(Client())
    if args.profile:
        _profile(endpoints[args.profile], requests=args.requests, top=args.top)
        return
    results = {}
    for name, ask in endpoints.items():
        if args.only and name not in args.only:
            continue
        results[name] = _measure(ask, requests=args.requests, warmup=args.warmup)
        print(f"{name:16} {results[name]}", flush=True)
    report = {
        "measured_at": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "cache": settings.CACHES["default"]["BACKEND"],
        "requests": args.requests,
        "endpoints": results,
    }
    Path(args.output).parent.mkdir(parents=True, exist_ok=True)
    Path(args.output).write_text(json.dumps(report, indent=2) + "\n")


if __name__ == "__main__":
    main()
