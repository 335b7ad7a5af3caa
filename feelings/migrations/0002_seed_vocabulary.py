from django.db import migrations

from feelings.vocabulary import FEELINGS, NEEDS


def seed(apps, schema_editor):
    Feeling = apps.get_model("feelings", "Feeling")
    Need = apps.get_model("feelings", "Need")
    Feeling.objects.bulk_create(
        [Feeling(owner=None, name=name, group=group, definition=text) for name, group, text in FEELINGS],
        ignore_conflicts=True,
    )
    Need.objects.bulk_create(
        [Need(owner=None, name=name, definition=text) for name, text in NEEDS], ignore_conflicts=True
    )


def unseed(apps, schema_editor):
    apps.get_model("feelings", "Feeling").objects.filter(owner=None).delete()
    apps.get_model("feelings", "Need").objects.filter(owner=None).delete()


class Migration(migrations.Migration):
    dependencies = [("feelings", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
