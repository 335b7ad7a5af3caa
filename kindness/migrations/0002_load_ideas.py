from __future__ import annotations

from django.db import migrations


def load_ideas(apps, schema_editor):
    from kindness.ideas import load_shared_ideas

    load_shared_ideas(apps.get_model("kindness", "KindnessIdea"))


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
