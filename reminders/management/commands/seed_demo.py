"""Create realistic demo users, spread over many time zones. Safe to run again."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import time
from time import perf_counter
from typing import Any

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from accounts.services import reminder_schedules_sync
from feelings.demo import demo_feelings_seed
from journal.demo import demo_journal_seed
from kindness.demo import demo_kindness_seed
from people.demo import demo_people_seed

DEMO_PASSWORD = "compersion-demo"
DEMO_ZONES = [
    "Europe/Berlin",
    "America/New_York",
    "America/Los_Angeles",
    "Pacific/Auckland",
    "Asia/Kolkata",
    "Pacific/Chatham",
    "Europe/London",
    "Australia/Sydney",
    "America/Sao_Paulo",
    "Asia/Tokyo",
    "Africa/Nairobi",
    "America/St_Johns",
    "Asia/Kathmandu",
    "UTC",
]
DEMO_NAMES = ["Ada", "Sam", "Noor", "Kai", "Rosa", "Tomás", "Mei", "Ife", "Jonah", "Priya", "Lena", "Theo"]


def demo_email(index: int) -> str:
    return f"demo{index}@example.com"


class Command(BaseCommand):
    help = (
        "Create demo users with days of history in every practice, each in a different time zone. "
        f"Safe to run again: users that exist are left as they are. Sign in as {demo_email(1)} "
        f"(then demo2@…, demo3@…) with the password {DEMO_PASSWORD}."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--users",
            type=int,
            default=3,
            metavar="N",
            help="How many demo users: demo1@example.com to demoN@example.com (default: %(default)s).",
        )
        parser.add_argument(
            "--days",
            type=int,
            default=60,
            metavar="D",
            help="Days of history for each new user, ending today in their zone (default: %(default)s; "
            "400 shows a year's heatmap and long, paged lists).",
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=22,
            help="Random seed: the same seed writes the same entries (default: %(default)s).",
        )

    def handle(self, *args: Any, users: int, days: int, seed: int, **options: Any) -> None:
        self.verbosity = options.get("verbosity", 1)
        rng = random.Random(seed)
        # One Argon2 hash shared by every demo account keeps 1,000 users to seconds.
        password_hash = make_password(DEMO_PASSWORD)
        existing = set(
            User.objects.filter(email__in=[demo_email(i) for i in range(1, users + 1)]).values_list(
                "email", flat=True
            )
        )
        new_users = []
        for index in range(1, users + 1):
            email = demo_email(index)
            if email in existing:
                continue
            new_users.append(
                User(
                    email=email,
                    password=password_hash,
                    display_name=f"{rng.choice(DEMO_NAMES)} (demo)",
                    time_zone=DEMO_ZONES[(index - 1) % len(DEMO_ZONES)],
                    day_start_hour=rng.choice([0, 2, 3, 3, 3, 4]),
                    reminder_time=time(rng.choice([7, 8, 12, 19, 20, 21, 22]), rng.choice([0, 15, 30, 45])),
                )
            )
        with transaction.atomic():
            User.objects.bulk_create(new_users, batch_size=1000)
            demo_users = list(
                User.objects.filter(email__in=[demo_email(i) for i in range(1, users + 1)]).order_by("id")
            )
            self.seed_history(demo_users, days=days, rng=rng)
        self.stdout.write(
            f"{len(new_users)} demo users created, {len(existing)} already there. "
            f"Sign in as {demo_email(1)} with password {DEMO_PASSWORD}"
        )

    def seed_history(self, users: list[User], *, days: int, rng: random.Random) -> None:
        """Each practice adds its history here as it lands."""
        steps: list[tuple[str, Callable[[], object]]] = [
            # People first: the practices below link their records to them.
            ("people", lambda: demo_people_seed(users=users, rng=rng)),
            ("kindness", lambda: demo_kindness_seed(users=users, days=days, rng=rng)),
            ("feelings", lambda: demo_feelings_seed(users=users, days=days, rng=rng)),
            ("journal", lambda: demo_journal_seed(users=users, days=days, rng=rng, now=timezone.now())),
            # Last, so the reminders know each user's history and needs day.
            ("reminders", lambda: [reminder_schedules_sync(user=user) for user in users]),
        ]
        for name, step in steps:
            started = perf_counter()
            step()
            if self.verbosity >= 2:
                self.stdout.write(f"  {name}: {perf_counter() - started:.1f} s")
