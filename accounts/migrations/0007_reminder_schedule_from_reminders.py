# The reminder schedule (each user's reminder choices and the next fire times derived
# from them) moves from the reminders app to accounts, which owns the user's
# preferences. Only Django's state moves: the table keeps its name and its rows.

import django.core.validators
import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0006_signup_confirmation_and_mail_throttle"),
        ("reminders", "0005_unsubscribe_links_revoked"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ReminderSchedule",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("kind", models.CharField(choices=[("daily", "Daily gratitude reminder"), ("last_chance", "Last chance to keep your streak"), ("kindness", "Weekly kindness nudge"), ("needs", "Weekly needs check-in")], max_length=16)),
                        ("enabled", models.BooleanField(default=False)),
                        ("hours_before_end", models.PositiveSmallIntegerField(default=2, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(12)])),
                        ("weekday", models.PositiveSmallIntegerField(choices=[(0, "Monday"), (1, "Tuesday"), (2, "Wednesday"), (3, "Thursday"), (4, "Friday"), (5, "Saturday"), (6, "Sunday")], default=6)),
                        ("next_fire_at", models.DateTimeField(blank=True, null=True)),
                        ("next_local_date", models.DateField(blank=True, null=True)),
                        ("updated_at", models.DateTimeField(default=django.utils.timezone.now)),
                        ("user", models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name="+", to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        "db_table": "reminders_reminderschedule",
                        "indexes": [models.Index(condition=models.Q(("next_fire_at__isnull", False)), fields=["next_fire_at"], name="reminders_schedule_due")],
                        "constraints": [models.UniqueConstraint(fields=("user", "kind"), name="reminders_schedule_one_per_kind")],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
