# Reminders by email, push or both (email by default, as before), and the devices push goes to.

import compersion.lib.encryption
import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0007_reminder_schedule_from_reminders"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="reminder_channel",
            field=models.CharField(
                choices=[("email", "By email"), ("push", "On my devices (push)"), ("both", "Both")],
                default="email",
                db_default="email",
                max_length=5,
                verbose_name="send reminders",
            ),
        ),
        migrations.CreateModel(
            name="PushSubscription",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("endpoint", compersion.lib.encryption.EncryptedTextField()),
                ("endpoint_digest", models.CharField(max_length=64, unique=True)),
                ("p256dh", compersion.lib.encryption.EncryptedCharField(max_length=200)),
                ("auth", compersion.lib.encryption.EncryptedCharField(max_length=100)),
                ("browser", models.CharField(max_length=60)),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("last_used_at", models.DateTimeField(blank=True, null=True)),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
        ),
    ]
