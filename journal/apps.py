from __future__ import annotations

from django.apps import AppConfig


class JournalConfig(AppConfig):
    name = "journal"
    verbose_name = "Gratitude journal"

    def ready(self) -> None:
        from people import timeline

        # The person page lists the gratitude items that mention them.
        timeline.TIMELINE_PROVIDERS.append("journal.selectors.person_timeline_entries")
