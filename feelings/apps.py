from __future__ import annotations

from django.apps import AppConfig


class FeelingsConfig(AppConfig):
    name = "feelings"
    verbose_name = "Feelings"
