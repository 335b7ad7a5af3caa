from __future__ import annotations

from django.apps import AppConfig


class KindnessConfig(AppConfig):
    name = "kindness"
    verbose_name = "Kindness"
