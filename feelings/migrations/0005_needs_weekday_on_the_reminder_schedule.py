# The needs check-in day had two homes: feelings' NeedsPreference and a copy in the needs
# reminder's schedule row. The schedule row (accounts) keeps it; each user's choice is
# carried over, and NeedsPreference goes.

from typing import Any

from django.db import migrations

NEEDS = "needs"
SUNDAY = 6


def weekday_to_schedule(apps: Any, schema_editor: Any) -> None:
    NeedsPreference = apps.get_model("feelings", "NeedsPreference")  # noqa: N806
    ReminderSchedule = apps.get_model("accounts", "ReminderSchedule")  # noqa: N806
    for owner_id, weekday in NeedsPreference.objects.values_list("owner_id", "weekday").iterator():
        updated = ReminderSchedule.objects.filter(user_id=owner_id, kind=NEEDS).update(weekday=weekday)
        if not updated:
            # No schedule yet (an account never confirmed): the row keeps the choice until
            # the first sync fills in the other kinds.
            ReminderSchedule.objects.create(user_id=owner_id, kind=NEEDS, enabled=False, weekday=weekday)


def weekday_to_preference(apps: Any, schema_editor: Any) -> None:
    NeedsPreference = apps.get_model("feelings", "NeedsPreference")  # noqa: N806
    ReminderSchedule = apps.get_model("accounts", "ReminderSchedule")  # noqa: N806
    rows = ReminderSchedule.objects.filter(kind=NEEDS).exclude(weekday=SUNDAY)
    NeedsPreference.objects.bulk_create(
        NeedsPreference(owner_id=user_id, weekday=weekday)
        for user_id, weekday in rows.values_list("user_id", "weekday").iterator()
    )


class Migration(migrations.Migration):
    dependencies = [
        ("feelings", "0004_submission_tokens"),
        ("accounts", "0007_reminder_schedule_from_reminders"),
    ]

    operations = [
        migrations.RunPython(weekday_to_schedule, weekday_to_preference),
        migrations.DeleteModel(name="NeedsPreference"),
    ]
