from __future__ import annotations

from django.apps import AppConfig


class KindnessConfig(AppConfig):
    name = "kindness"
    verbose_name = "Kindness"

    def ready(self) -> None:
        from people import timeline

        # The person page lists the acts done for that person.
        timeline.TIMELINE_PROVIDERS.append("kindness.selectors.person_timeline_entries")
