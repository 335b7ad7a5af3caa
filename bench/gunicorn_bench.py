"""Gunicorn settings for ``make bench``: the deploy config (gunicorn.conf.py), bound to loopback.

Only what a benchmark must change is changed: the address, the worker model and count (from
BENCH_WORKER_CLASS / BENCH_WORKERS / BENCH_THREADS) and the access log, which would otherwise
write a line per request to a terminal and measure the terminal.
"""

from __future__ import annotations

import os
from pathlib import Path

_deploy = Path(__file__).resolve().parent.parent / "gunicorn.conf.py"
exec(compile(_deploy.read_text(), str(_deploy), "exec"))  # noqa: S102 - our own deploy config

bind = f"127.0.0.1:{os.environ.get('BENCH_PORT', '8765')}"
worker_class = os.environ.get("BENCH_WORKER_CLASS", "sync")
workers = int(os.environ.get("BENCH_WORKERS", "5"))
threads = int(os.environ.get("BENCH_THREADS", "1"))
accesslog = None
loglevel = "warning"
