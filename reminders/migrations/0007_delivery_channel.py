# Each ledger row is now for one channel, email or push; every row so far was an email. The unique
# key keeps its name and gains the channel; the swap is one transaction, never without a key.

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("reminders", "0006_reminder_schedule_to_accounts"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        # Dispatch reads the user's channel and devices (accounts 0008) to write these rows.
        ("accounts", "0008_reminder_channel_and_push_subscriptions"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="reminderdelivery",
            name="reminders_delivery_once_per_local_day",
        ),
        migrations.AddField(
            model_name="reminderdelivery",
            name="channel",
            field=models.CharField(
                choices=[("email", "Email"), ("push", "Push")],
                default="email",
                db_default="email",
                max_length=5,
            ),
        ),
        migrations.AddConstraint(
            model_name="reminderdelivery",
            constraint=models.UniqueConstraint(
                fields=("user", "local_date", "kind", "channel"),
                name="reminders_delivery_once_per_local_day",
            ),
        ),
    ]
