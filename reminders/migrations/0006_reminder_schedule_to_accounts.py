# The schedule now belongs to accounts (accounts 0007): only Django's state forgets it
# here; the table, which accounts names explicitly, stays as it is.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("reminders", "0005_unsubscribe_links_revoked"),
        ("accounts", "0007_reminder_schedule_from_reminders"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="ReminderSchedule")],
            database_operations=[],
        ),
    ]
