from __future__ import annotations

from django.db import migrations, models


def season_ideas(apps, schema_editor):
    from kindness.ideas import load_shared_ideas, season_shared_ideas

    idea_model = apps.get_model("kindness", "KindnessIdea")
    season_shared_ideas(idea_model)  # the ideas already stored learn their season
    load_shared_ideas(idea_model)  # and the new seasonal ideas arrive with theirs


class Migration(migrations.Migration):
    dependencies = [
        ("kindness", "0005_act_removal_with_undo"),
    ]

    operations = [
        migrations.AddField(
            model_name="kindnessidea",
            name="season",
            field=models.CharField(
                blank=True,
                choices=[("winter", "Winter"), ("spring", "Spring"), ("summer", "Summer"), ("autumn", "Autumn")],
                default="",
                max_length=10,
            ),
        ),
        # Going back drops the column; the few seasonal ideas added here stay, unseasoned.
        migrations.RunPython(season_ideas, migrations.RunPython.noop),
    ]
