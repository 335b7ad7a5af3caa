from __future__ import annotations

from django.db import migrations, models


def one_need_to_many(apps, schema_editor):
    """Each check-in's one need becomes the first of its needs."""
    CheckIn = apps.get_model("feelings", "CheckIn")
    Through = CheckIn.needs.through
    rows = CheckIn.objects.filter(need__isnull=False).values_list("id", "need_id").order_by("id")
    batch = []
    for checkin_id, need_id in rows.iterator(chunk_size=2000):
        batch.append(Through(checkin_id=checkin_id, need_id=need_id))
        if len(batch) >= 2000:
            Through.objects.bulk_create(batch, ignore_conflicts=True)
            batch = []
    Through.objects.bulk_create(batch, ignore_conflicts=True)


def many_needs_to_one(apps, schema_editor):
    """Going back keeps one need per check-in: the first by name."""
    CheckIn = apps.get_model("feelings", "CheckIn")
    Through = CheckIn.needs.through
    first: dict[int, int] = {}
    for checkin_id, need_id in Through.objects.order_by("checkin_id", "need__name").values_list(
        "checkin_id", "need_id"
    ):
        first.setdefault(checkin_id, need_id)
    for checkin_id, need_id in first.items():
        CheckIn.objects.filter(pk=checkin_id).update(need_id=need_id)


class Migration(migrations.Migration):
    dependencies = [
        ("feelings", "0006_removal_with_undo"),
    ]

    operations = [
        migrations.AddField(
            model_name="checkin",
            name="needs",
            field=models.ManyToManyField(blank=True, related_name="+", to="feelings.need"),
        ),
        migrations.RunPython(one_need_to_many, many_needs_to_one),
        migrations.RemoveField(
            model_name="checkin",
            name="need",
        ),
    ]
