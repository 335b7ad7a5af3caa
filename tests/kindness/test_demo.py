from __future__ import annotations

import random
from datetime import timedelta

from accounts.selectors import user_local_today
from kindness.demo import demo_kindness_seed
from kindness.models import KindnessAct, KindnessPreference
from people.models import Person
from tests.factories import UserFactory


def test_demo_history_is_realistic_bulk_and_idempotent(db, django_assert_max_num_queries):
    users = [UserFactory.create(time_zone=zone) for zone in ("Pacific/Auckland", "America/New_York")]
    Person.objects.create(owner=users[0], name="Alex", kind="partner")
    with django_assert_max_num_queries(8):
        created = demo_kindness_seed(users=users, days=120, rng=random.Random(22))
    assert created >= 2 * 120 // 9
    for user in users:
        acts = KindnessAct.objects.filter(owner=user)
        today = user_local_today(user=user)
        assert all(today - timedelta(days=120) < act.local_date <= today for act in acts)
        assert acts.values("category").distinct().count() > 2
        assert KindnessPreference.objects.filter(user=user).exists()
    assert KindnessAct.objects.filter(owner=users[0], person__name="Alex").exists()
    assert demo_kindness_seed(users=users, days=120, rng=random.Random(22)) == 0
    assert KindnessAct.objects.count() == created
