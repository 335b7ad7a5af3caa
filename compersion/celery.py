"""The Celery application; its configuration lives in settings under ``CELERY_``."""

from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "compersion.settings")

app = Celery("compersion")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
