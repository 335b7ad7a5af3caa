from __future__ import annotations

from django.db import migrations


def load_ideas(apps, schema_editor):
    from kindness.ideas import idea_seeds

    KindnessIdea = apps.get_model("kindness", "KindnessIdea")
    existing = set(KindnessIdea.objects.filter(owner__isnull=True).values_list("key", flat=True))
    KindnessIdea.objects.bulk_create(
        [
            KindnessIdea(
                key=seed.key,
                text=seed.text,
                category=seed.category,
                effort=seed.effort,
                cost=seed.cost,
                recipient_kind=seed.recipient_kind,
                setting=seed.setting,
            )
            for seed in idea_seeds()
            if seed.key not in existing
        ]
    )


def unload_ideas(apps, schema_editor):
    KindnessIdea = apps.get_model("kindness", "KindnessIdea")
    KindnessIdea.objects.filter(owner__isnull=True, key__isnull=False).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("kindness", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(load_ideas, unload_ideas),
    ]
