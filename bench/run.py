"""``make bench``: seed PostgreSQL, serve the app under gunicorn with production settings and
drive it with wrk from a second process, signed in as many different users.

Writes bench/results/latest.json and bench/results/latest.md (the README's table). See
bench/README.md for what is measured and how to read it.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import json
import os
import platform
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psycopg

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
PYTHON = sys.executable
DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/compersion_bench"


@dataclass(frozen=True)
class Endpoint:
    name: str
    mode: str  # BENCH_MODE for bench/wrk/signed_in.lua
    signed_in: bool = True


ENDPOINTS = [
    Endpoint("healthz", "/healthz/", signed_in=False),
    Endpoint("today", "today"),
    Endpoint("journal", "journal"),
    Endpoint("day", "day"),
    Endpoint("charts", "/feelings/charts/"),
    Endpoint("insights", "/insights/"),
    Endpoint("save_item", "edit"),
]


def log(message: str) -> None:
    print(f"[bench {datetime.now(UTC):%H:%M:%S}] {message}", flush=True)


def ensure_wrk() -> str:
    found = shutil.which("wrk")
    if found:
        return found
    if os.geteuid() == 0 and shutil.which("apt-get"):
        log("installing wrk with apt-get")
        subprocess.run(["apt-get", "install", "-y", "-q", "wrk"], check=True, stdout=subprocess.DEVNULL)
        found = shutil.which("wrk")
        if found:
            return found
    sys.exit("make bench needs wrk: run `sudo apt-get install -y wrk` (Debian/Ubuntu) and try again.")


def bench_env(args: argparse.Namespace, var_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "BENCH_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="compersion.settings",
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY="bench-" + os.urandom(24).hex(),
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        # wrk speaks plain HTTP on loopback: no TLS redirect, cookies without Secure.
        DJANGO_SECURE_SSL_REDIRECT="false",
        DJANGO_SECURE_COOKIES="false",
        DJANGO_CONN_MAX_AGE="600",
        # Fixed, so a --reuse-db run can still read what an earlier run seeded (bench data only).
        ENCRYPTION_KEYS=os.environ.get("ENCRYPTION_KEYS") or "YmVuY2gtb25seS1rZXktZm9yLWJlbmNoLWRhdGEtISE=",
        DATABASE_URL=args.database_url,
        REDIS_URL=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/9"),
        COMPERSION_VAR_DIR=str(var_dir),
        SITE_URL=f"http://127.0.0.1:{args.port}",
        BENCH_PORT=str(args.port),
        BENCH_WORKER_CLASS=args.worker_class,
        BENCH_WORKERS=str(args.workers),
        BENCH_THREADS=str(args.threads),
    )
    return env


def admin_conn(database_url: str, dbname: str = "postgres") -> psycopg.Connection[Any]:
    return psycopg.connect(database_url, dbname=dbname, autocommit=True)


def database_name(database_url: str) -> str:
    return str(psycopg.conninfo.conninfo_to_dict(database_url)["dbname"])


def recreate_database(database_url: str) -> None:
    name = database_name(database_url)
    with admin_conn(database_url) as conn:
        conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = %s AND pid <> pg_backend_pid()",
            [name],
        )
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def run(cmd: list[str], env: dict[str, str], *, capture: bool = False) -> str:
    result = subprocess.run(cmd, cwd=ROOT, env=env, check=True, text=True, capture_output=capture)
    return result.stdout if capture else ""


def django_task(env: dict[str, str], *task: str) -> dict[str, Any]:
    out = run([PYTHON, str(BENCH / "django_tasks.py"), *task], env, capture=True)
    return dict(json.loads(out.strip().splitlines()[-1]))


def timed(step: str, timings: dict[str, float]) -> Any:
    @contextmanager
    def _timer() -> Iterator[None]:
        start = time.monotonic()
        log(step)
        yield
        timings[step] = round(time.monotonic() - start, 1)
        log(f"{step}: {timings[step]} s")

    return _timer()


def prepare(args: argparse.Namespace, env: dict[str, str], timings: dict[str, float]) -> None:
    if not args.reuse_db:
        with timed("create database", timings):
            recreate_database(args.database_url)
    with timed("migrate", timings):
        run([PYTHON, "manage.py", "migrate", "--noinput", "-v0"], env)
    with timed(f"seed_demo --users {args.users} --days {args.days}", timings):
        run([PYTHON, "manage.py", "seed_demo", "--users", str(args.users), "--days", str(args.days)], env)
    with timed("ten-year and one-day users", timings):
        django_task(env, "seed_long_history")
    with (
        timed("vacuum analyze", timings),
        admin_conn(args.database_url, database_name(args.database_url)) as conn,
    ):
        conn.execute("VACUUM ANALYZE")
    with timed("collectstatic", timings):
        run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], env)


@contextmanager
def gunicorn(env: dict[str, str], port: int) -> Iterator[subprocess.Popen[bytes]]:
    cmd = [PYTHON, "-m", "gunicorn", "--config", str(BENCH / "gunicorn_bench.py")]
    server = subprocess.Popen(cmd, cwd=ROOT, env=env)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz/", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:  # not listening yet, or still booting
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("gunicorn did not start; see its output above")
            time.sleep(0.3)
        yield server
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def preflight(port: int, sessions_file: Path) -> None:
    """Every endpoint answers 200 to the first seeded session, so wrk measures real pages and
    not a redirect to the sign-in form or a CSRF refusal."""
    sid, csrf, item, position, relational, people, day = sessions_file.read_text().split("\n")[0].split(" ")
    opener = urllib.request.build_opener(_NoRedirect)
    cookie = f"sessionid={sid}; csrftoken={csrf}"
    body = f"slot{position}-text=Preflight+edit" + (
        "&" + f"slot{position}-relational=on" if relational == "1" else ""
    )
    for person in [] if people == "-" else people.split(","):
        body += f"&slot{position}-people={person}"
    checks = {
        "/healthz/": None,
        "/": None,
        "/journal/": None,
        day: None,
        "/feelings/charts/": None,
        "/insights/": None,
        f"/journal/items/{item}/": body.encode(),
    }
    for path, data in checks.items():
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}{path}", data=data, headers={"Cookie": cookie}
        )
        if data is not None:
            request.add_header("X-CSRFToken", csrf)
            request.add_header("HX-Request", "true")
        try:
            with opener.open(request, timeout=10) as response:
                status, html = response.status, response.read()
        except urllib.error.HTTPError as error:
            status, html = error.code, b""
        if status != 200:
            raise RuntimeError(f"preflight: {path} answered {status}, not 200")
        # An invalid edit also answers 200 (htmx re-shows the slot with its errors): insist it saved.
        if data is not None and (b"errorlist" in html or b"Preflight edit" not in html):
            raise RuntimeError(f"preflight: the edit at {path} was not saved")


def wrk(
    binary: str, port: int, endpoint: Endpoint, sessions_file: Path, *, connections: int, seconds: int
) -> dict:
    env = {**os.environ, "BENCH_SESSIONS": str(sessions_file), "BENCH_MODE": endpoint.mode}
    cmd = [
        binary,
        f"-t{min(2, connections)}",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout",
        "5s",
        "-s",
        str(BENCH / "wrk" / "signed_in.lua"),
        f"http://127.0.0.1:{port}",
    ]
    out = subprocess.run(cmd, env=env, check=True, text=True, capture_output=True).stdout
    line = next(line for line in out.splitlines() if line.startswith("BENCH_JSON "))
    raw = json.loads(line.removeprefix("BENCH_JSON "))
    seconds_run = raw["duration_us"] / 1e6
    return {
        "connections": connections,
        "requests": raw["requests"],
        "rps": round(raw["requests"] / seconds_run, 1),
        "p50_ms": round(raw["latency_us"]["p50"] / 1000, 2),
        "p90_ms": round(raw["latency_us"]["p90"] / 1000, 2),
        "p99_ms": round(raw["latency_us"]["p99"] / 1000, 2),
        "max_ms": round(raw["latency_us"]["max"] / 1000, 2),
        "errors": raw["errors"],
        "bytes_per_request": raw["bytes"] // max(raw["requests"], 1),
    }


def db_sessions(conn: psycopg.Connection[Any], dbname: str) -> int:
    row = conn.execute("SELECT sessions FROM pg_stat_database WHERE datname = %s", [dbname]).fetchone()
    return int(row[0]) if row else 0


def backend_pids(conn: psycopg.Connection[Any], dbname: str) -> list[int]:
    """The bench database's PostgreSQL backends, the monitoring connection aside."""
    rows = conn.execute(
        "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()", [dbname]
    ).fetchall()
    return [int(row[0]) for row in rows]


def backends(conn: psycopg.Connection[Any], dbname: str) -> int:
    return len(backend_pids(conn, dbname))


def _stat_fields(pid: int | str) -> list[str] | None:
    """/proc/<pid>/stat's fields after the command name (state, ppid, ...), or None once gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return stat[stat.rindex(")") + 2 :].split()


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU these processes have used so far (Linux /proc; a process gone counts 0)."""
    total = 0
    for pid in pids:
        fields = _stat_fields(pid)
        if fields is not None:
            total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / os.sysconf("SC_CLK_TCK")


def worker_pids(server_pid: int) -> list[int]:
    """gunicorn's workers: the processes whose parent is the arbiter."""
    found = []
    for entry in Path("/proc").iterdir():
        fields = _stat_fields(entry.name) if entry.name.isdigit() else None
        if fields is not None and int(fields[1]) == server_pid:
            found.append(int(entry.name))
    return found


def server_cpu(
    args: argparse.Namespace,
    binary: str,
    endpoint: Endpoint,
    sessions_file: Path,
    *,
    workers: list[int],
    backends: list[int],
) -> dict:
    """One connection, so nothing queues and nothing competes: the CPU the gunicorn workers and
    the bench database's PostgreSQL backends spend per request, read from /proc around the run.
    Unlike the in-process probe (one user, the test client) this is the deployed code path over
    all the signed-in users in turn."""
    django_before, postgres_before = cpu_seconds(workers), cpu_seconds(backends)
    run = wrk(binary, args.port, endpoint, sessions_file, connections=1, seconds=args.seconds)
    requests = max(run["requests"], 1)
    django_ms = (cpu_seconds(workers) - django_before) * 1000 / requests
    postgres_ms = (cpu_seconds(backends) - postgres_before) * 1000 / requests
    return {**run, "django_cpu_ms": round(django_ms, 2), "postgres_cpu_ms": round(postgres_ms, 2)}


def measure(args: argparse.Namespace, binary: str, sessions_file: Path, server_pid: int) -> tuple[dict, dict]:
    results: dict[str, dict] = {}
    endpoints = [endpoint for endpoint in ENDPOINTS if not args.only or endpoint.name in args.only]
    dbname = database_name(args.database_url)
    with admin_conn(args.database_url, dbname) as monitor:
        # Warm every worker's connection and caches first; steady state is what is measured.
        for endpoint in endpoints:
            wrk(binary, args.port, endpoint, sessions_file, connections=16, seconds=args.warmup)
        time.sleep(1.5)  # let backends flush their statistics
        sessions_before, backends_before = db_sessions(monitor, dbname), backends(monitor, dbname)
        total = 0
        for endpoint in endpoints:
            runs = {}
            for connections in (4, 16):
                runs[f"c{connections}"] = wrk(
                    binary, args.port, endpoint, sessions_file, connections=connections, seconds=args.seconds
                )
                total += runs[f"c{connections}"]["requests"]
                log(f"{endpoint.name} c{connections}: {json.dumps(runs[f'c{connections}'])}")
            results[endpoint.name] = runs
        time.sleep(1.5)
        sessions_after, backends_after = db_sessions(monitor, dbname), backends(monitor, dbname)
        for endpoint in endpoints:
            # Read before each run: a worker recycled meanwhile has a new process and connection.
            results[endpoint.name]["c1"] = server_cpu(
                args,
                binary,
                endpoint,
                sessions_file,
                workers=worker_pids(server_pid),
                backends=backend_pids(monitor, dbname),
            )
            log(f"{endpoint.name} c1: {json.dumps(results[endpoint.name]['c1'])}")
    new = sessions_after - sessions_before
    connection_use = {
        "requests": total,
        "new_connections": new,
        "new_connections_per_request": round(new / max(total, 1), 5),
        "backends_before": backends_before,
        "backends_after": backends_after,
        "note": "pg_stat_database.sessions delta over the measured runs (after warm-up); gunicorn "
        "recycles a worker every ~1000 requests (max_requests), which opens one new connection.",
    }
    return results, connection_use


def _frame_name(frame: str) -> str:
    """``name (path:line)`` -> ``path:name``, with site-packages and the repository shortened."""
    name, _, where = frame.partition(" (")
    path = where.rsplit(":", 1)[0]
    for marker in ("site-packages/", str(ROOT) + "/", "python3.11/"):
        if marker in path:
            path = path.split(marker, 1)[1]
            break
    return f"{path}:{name}"


def summarise_profile(raw: str, *, top: int = 25) -> dict[str, Any]:
    """Self and inclusive sample shares from py-spy's collapsed stacks (``a;b;c 12`` lines)."""
    own: dict[str, int] = {}
    inclusive: dict[str, int] = {}
    total = 0
    for line in raw.splitlines():
        stack, _, count_text = line.rpartition(" ")
        if not stack or not count_text.isdigit():
            continue
        count = int(count_text)
        frames = [_frame_name(frame) for frame in stack.split(";") if "(" in frame]
        if not frames:
            continue
        total += count
        own[frames[-1]] = own.get(frames[-1], 0) + count
        for frame in set(frames):
            inclusive[frame] = inclusive.get(frame, 0) + count

    def shares(counts: dict[str, int], keep: Callable[[str], bool]) -> list[tuple[str, float]]:
        ranked = sorted(((n, c) for n, c in counts.items() if keep(n)), key=lambda item: -item[1])
        return [(name, round(100 * count / max(total, 1), 1)) for name, count in ranked[:top]]

    def ours(name: str) -> bool:
        return name.split("/", 1)[0] in {
            "journal",
            "accounts",
            "compersion",
            "kindness",
            "feelings",
            "people",
        }

    return {
        "samples": total,
        "self_percent": shares(own, lambda name: True),
        "inclusive_percent_project_code": shares(inclusive, ours),
    }


def profile_today(args: argparse.Namespace, binary: str, sessions_file: Path, server_pid: int) -> dict:
    """py-spy samples every gunicorn worker while wrk drives Today at 16 connections (a separate run,
    after the measured ones, because sampling pauses the workers)."""
    spy = shutil.which("py-spy") or str(Path(PYTHON).parent / "py-spy")
    if not Path(spy).exists():
        log("py-spy is not installed; skipping the profile (pip install py-spy)")
        return {}
    raw = Path(tempfile.mkdtemp(prefix="compersion-spy-")) / "today.txt"
    seconds = max(args.seconds, 5)
    cmd = [spy, "record", "--subprocesses", "--format", "raw", "--rate", "200", "-d", str(seconds)]
    spy_process = subprocess.Popen(
        [*cmd, "-o", str(raw), "--pid", str(server_pid)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    time.sleep(1)
    wrk(binary, args.port, ENDPOINTS[1], sessions_file, connections=16, seconds=seconds - 1)
    spy_process.wait(timeout=60)
    return summarise_profile(raw.read_text()) if raw.exists() else {}


def machine_facts(args: argparse.Namespace, binary: str) -> dict[str, Any]:
    meminfo = Path("/proc/meminfo").read_text().splitlines()
    mem_kb = int(next(line for line in meminfo if line.startswith("MemTotal")).split()[1])
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if "model name" in line
        ),
        platform.processor(),
    )
    with admin_conn(args.database_url) as conn:
        row = conn.execute("SHOW server_version").fetchone()
        postgres = row[0] if row else "?"
    import django

    def git(*cmd: str) -> str:
        return subprocess.run(["git", *cmd], cwd=ROOT, text=True, capture_output=True).stdout.strip()

    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "memory_gb": round(mem_kb / 1024 / 1024, 1),
        "load_average_at_start": os.getloadavg(),
        "python": platform.python_version(),
        "django": django.get_version(),
        "postgresql": postgres,
        "gunicorn": importlib.metadata.version("gunicorn"),
        "wrk": subprocess.run([binary, "-v"], text=True, capture_output=True).stdout.splitlines()[0].strip(),
        "git_commit": git("rev-parse", "HEAD"),
        "git_dirty": bool(git("status", "--porcelain", "--untracked-files=no")),
        "kernel": platform.release(),
    }


def budgets(results: dict, sql: dict, connections: dict, cpu: dict | None = None) -> list[dict[str, Any]]:
    today, health, save = results["today"], results["healthz"], results["save_item"]
    ratio = today["c16"]["rps"] / max(health["c16"]["rps"], 0.001)
    counts = sql["query_count"]
    rows = [
        ("Today: requests/s at 16 concurrent", ">= 300", today["c16"]["rps"], today["c16"]["rps"] >= 300),
        (
            "Today: p99 at 16 concurrent",
            "<= 75 ms",
            f"{today['c16']['p99_ms']} ms",
            today["c16"]["p99_ms"] <= 75,
        ),
        (
            "Today: p99 at 4 concurrent",
            "<= 30 ms",
            f"{today['c4']['p99_ms']} ms",
            today["c4"]["p99_ms"] <= 30,
        ),
        ("Today's throughput / /healthz/'s", ">= 0.10", round(ratio, 3), ratio >= 0.10),
        (
            "Saving an item: p99 at 4 concurrent",
            "<= 50 ms",
            f"{save['c4']['p99_ms']} ms",
            save["c4"]["p99_ms"] <= 50,
        ),
        (
            "Streaks + heatmap SQL, ten-year user (median, client-side; PostgreSQL's own time in brackets)",
            "<= 2 ms",
            f"{sql['sql_ms_median']} ms ({sql.get('server_ms_median', '?')} ms)",
            sql["sql_ms_median"] <= 2,
        ),
        (
            "Streaks + heatmap queries, ten years vs one day",
            "equal",
            f"{counts['ten_years']} vs {counts['one_day']}",
            counts["ten_years"] == counts["one_day"],
        ),
        (
            "New database connections per request (steady state)",
            "~0 (< 0.01)",
            connections["new_connections_per_request"],
            connections["new_connections_per_request"] < 0.01,
        ),
    ]
    insights = (cpu or {}).get("endpoints", {}).get("insights")
    if insights:
        # Issue #16: the insights page for a demo user with a year of history, in process.
        rows.append(
            (
                "Insights page: CPU per request, in process (median)",
                "<= 15 ms",
                f"{insights['cpu_ms_median']} ms",
                insights["cpu_ms_median"] <= 15,
            )
        )
    return [{"budget": b, "target": t, "measured": m, "met": ok} for b, t, m, ok in rows]


def cpu_per_request(args: argparse.Namespace, env: dict[str, str], output: Path) -> dict[str, Any]:
    """bench/cpu_per_request.py on the bench's data, before the server starts: this Python's
    CPU per request, which moves far less with other load on the machine than wrk's figures."""
    run(
        [
            PYTHON,
            str(BENCH / "cpu_per_request.py"),
            "--database-url",
            args.database_url,
            "--output",
            str(output),
        ],
        env,
    )
    return dict(json.loads(output.read_text()))


def markdown(report: dict[str, Any]) -> str:
    facts = report["machine"]
    lines = [
        f"Measured {report['finished_at']} on {facts['nproc']} cores ({facts['cpu']}), "
        f"{facts['memory_gb']} GB, Python {facts['python']}, Django {facts['django']}, "
        f"PostgreSQL {facts['postgresql']}, "
        f"gunicorn {facts['gunicorn']} ({report['server']['description']}), "
        f"{facts['wrk']}; commit `{facts['git_commit'][:10]}`; load average at start "
        f"{', '.join(f'{x:.2f}' for x in facts['load_average_at_start'])}.",
        "",
        "| Budget | Target | Measured | Met? |",
        "| --- | --- | --- | --- |",
    ]
    lines += [
        f"| {b['budget']} | {b['target']} | {b['measured']} | {'yes' if b['met'] else '**no**'} |"
        for b in report["budgets"]
    ]
    lines += [
        "",
        "| Endpoint | req/s at 16 | p50 / p99 at 4 | p50 / p99 at 16 | errors |",
        "| --- | --- | --- | --- | --- |",
    ]
    for name, runs in report["endpoints"].items():
        c4, c16 = runs["c4"], runs["c16"]
        errors = sum(c4["errors"].values()) + sum(c16["errors"].values())
        lines.append(
            f"| {report['paths'][name]} | {c16['rps']} | {c4['p50_ms']} / {c4['p99_ms']} ms | "
            f"{c16['p50_ms']} / {c16['p99_ms']} ms | {errors} |"
        )
    lines += [
        "",
        "| One connection (server CPU from /proc) | req/s | Django CPU ms per request | PostgreSQL CPU ms |",
        "| --- | --- | --- | --- |",
    ]
    lines += [
        f"| {report['paths'][name]} | {runs['c1']['rps']} | {runs['c1']['django_cpu_ms']} | "
        f"{runs['c1']['postgres_cpu_ms']} |"
        for name, runs in report["endpoints"].items()
    ]
    cpu = report.get("cpu_per_request", {}).get("endpoints", {})
    if cpu:
        lines += [
            "",
            "| In process (bench/cpu_per_request.py) | CPU ms per request (median) | queries | bytes |",
            "| --- | --- | --- | --- |",
        ]
        lines += [
            f"| {CPU_PATHS.get(name, name)} | {row['cpu_ms_median']} | {row['queries']} | {row['bytes']:,} |"
            for name, row in cpu.items()
        ]
    return "\n".join(lines) + "\n"


PATHS = {
    "healthz": "`GET /healthz/`",
    "today": "`GET /` (Today)",
    "journal": "`GET /journal/`",
    "day": "`GET /journal/<date>/`",
    "charts": "`GET /feelings/charts/`",
    "insights": "`GET /insights/`",
    "save_item": "`POST /journal/items/<id>/` (htmx edit)",
}
CPU_PATHS = {
    **PATHS,
    "feelings_charts": PATHS["charts"],
    "insights_people": "`GET /insights/people/`",
    "save": PATHS["save_item"],
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DB))
    parser.add_argument("--users", type=int, default=1000)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--sessions", type=int, default=300, help="signed-in users wrk rotates through")
    parser.add_argument("--seconds", type=int, default=10, help="length of each measured wrk run")
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--worker-class", default=os.environ.get("BENCH_WORKER_CLASS", "sync"))
    parser.add_argument("--workers", type=int, default=int(os.environ.get("BENCH_WORKERS", "5")))
    parser.add_argument("--threads", type=int, default=int(os.environ.get("BENCH_THREADS", "1")))
    parser.add_argument(
        "--reuse-db", action="store_true", help="keep compersion_bench as it is (faster reruns)"
    )
    parser.add_argument("--output", default=str(BENCH / "results" / "latest.json"))
    parser.add_argument(
        "--no-profile", dest="profile", action="store_false", help="skip the py-spy profile of Today"
    )
    parser.add_argument("--only", nargs="*", help="measure only these endpoints (names as in the table)")
    args = parser.parse_args()

    started = time.monotonic()
    binary = ensure_wrk()
    timings: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="compersion-bench-") as tmp:
        env = bench_env(args, Path(tmp))
        facts = machine_facts(args, binary)
        prepare(args, env, timings)
        sessions_file = Path(tmp) / "sessions.txt"
        with timed("sessions", timings):
            django_task(env, "make_sessions", str(args.sessions), str(sessions_file))
        with timed("streak + heatmap SQL", timings):
            sql = django_task(env, "measure_sql")
        log(f"SQL: median {sql['sql_ms_median']} ms, queries {sql['query_count']}")
        with timed("CPU per request, in process", timings):
            cpu = cpu_per_request(args, env, Path(tmp) / "cpu.json")
        with gunicorn(env, args.port) as gunicorn_process:
            preflight(args.port, sessions_file)
            with timed("wrk", timings):
                results, connections = measure(args, binary, sessions_file, gunicorn_process.pid)
            profile = {}
            if args.profile:
                with timed("py-spy profile of Today", timings):
                    profile = profile_today(args, binary, sessions_file, gunicorn_process.pid)
    server = {
        "worker_class": args.worker_class,
        "workers": args.workers,
        "threads": args.threads,
        "description": f"{args.workers} {args.worker_class} workers"
        + (f" x {args.threads} threads" if args.threads > 1 else ""),
    }
    report = {
        "finished_at": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": facts,
        "server": server,
        "data": {"users": args.users, "days": args.days, "signed_in_sessions": args.sessions},
        "seconds_per_run": args.seconds,
        "paths": PATHS,
        "endpoints": results,
        "sql": sql,
        "cpu_per_request": cpu,
        "connections": connections,
        "profile_today": profile,
        "budgets": budgets(results, sql, connections, cpu)
        if {"today", "healthz", "save_item"} <= set(results)
        else [],
        "step_seconds": timings,
        "total_seconds": round(time.monotonic() - started, 1),
    }
    output = Path(args.output)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(report, indent=2, default=str) + "\n")
    output.with_suffix(".md").write_text(markdown(report))
    print(markdown(report))
    log(f"wrote {output} in {report['total_seconds']} s")


if __name__ == "__main__":
    main()
