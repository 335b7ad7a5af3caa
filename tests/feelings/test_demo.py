from __future__ import annotations

import random
from datetime import UTC, datetime

from feelings.demo import demo_feelings_seed
from feelings.models import CheckIn, CheckInFeeling, MetamourNote, NeedsCheckIn, VicariousJoy
from people.models import PersonKind


def test_demo_history_is_realistic_and_seeding_again_adds_nothing(user, other_user, make_person):
    make_person(user, "Alex", PersonKind.PARTNER)
    make_person(user, "Jordan", PersonKind.METAMOUR)
    now = datetime(2026, 11, 22, 12, tzinfo=UTC)

    created = demo_feelings_seed(users=[user], days=90, rng=random.Random(3), now=now)
    again = demo_feelings_seed(users=[user], days=90, rng=random.Random(3), now=now)

    assert created == CheckIn.objects.filter(owner=user).count() > 10
    assert again == 0
    both = CheckIn.objects.filter(feelings__feeling__name="compersion").filter(
        feelings__feeling__name="jealousy"
    )
    assert both.exists()  # the two feelings share check-ins
    assert CheckInFeeling.objects.filter(intensity__gte=1, intensity__lte=10).count() == (
        CheckInFeeling.objects.count()
    )
    assert VicariousJoy.objects.filter(owner=user).exists()
    assert NeedsCheckIn.objects.filter(owner=user, person__name="Alex").count() >= 12
    assert MetamourNote.objects.filter(person__name="Jordan").exists()
    assert not CheckIn.objects.filter(owner=other_user).exists()
