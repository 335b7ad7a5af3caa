"""Gunicorn settings for the container: ``gunicorn --config gunicorn.conf.py``.

Sized for a small host (two cores): gunicorn's own rule of thumb, 2 x cores + 1 sync
workers, is enough because every page is a handful of fast queries. ``WEB_CONCURRENCY``
and ``PORT`` override the worker count and port, as on most hosting platforms.
"""

from __future__ import annotations

import multiprocessing
import os

wsgi_app = "compersion.wsgi:application"
bind = f"0.0.0.0:{os.environ.get('PORT', '8000')}"  # noqa: S104 - the container's port; a proxy sits in front
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
# A worker stuck longer than this on one request is restarted rather than left to pile up.
timeout = 30
graceful_timeout = 20
keepalive = 5
# The app is imported once in the master and forked: workers start in milliseconds, share
# the imported code's memory, and a recycled worker costs nothing noticeable.
preload_app = True
# Recycle workers now and then so a slow leak in any library cannot grow without bound. Not
# too often: at a few hundred requests a second, every 1,000 meant a restart every few seconds.
max_requests = 20000
max_requests_jitter = 2000
# Access and error logs go to stdout/stderr, where `docker compose logs` collects them.
accesslog = "-"
errorlog = "-"
loglevel = "info"
# Access lines name the path without its query string (search words live there) and with
# emailed link tokens replaced by a placeholder (compersion/lib/logs.py).
logger_class = "compersion.lib.logs.PrivateAccessLogger"
# Gunicorn's temporary files live in memory: the container's disk may be slow or read-only.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108
