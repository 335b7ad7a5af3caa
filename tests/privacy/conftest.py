from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType

from accounts.models import IdleTimeout, ReminderKind, User
from accounts.services import (
    KindPreference,
    push_subscription_save,
    recovery_codes_replace,
    reminder_preferences_update,
    two_factor_setup_start,
    user_idle_timeout_set,
)
from feelings import services as feelings
from feelings.models import Feeling, Need
from insights.services import wellbeing_checkin_save
from journal.services import gratitude_item_add
from kindness import services as kindness
from kindness.models import KindnessIdea
from people.models import Person, PersonKind
from people.services import person_archive, person_create
from privacy.importers import read_export
from privacy.services import import_preview_create
from reminders.models import ReminderDelivery
from reminders.services import reminder_unsubscribe_links_revoke

NOW = datetime(2026, 3, 14, 18, 30, tzinfo=UTC)
OTHER_APP_FILE = (
    b"Date,Mood,Tags (People),Tags (Places),Notes\n"
    b'2026 Sun Mar 8 4:04 PM,Joyful; Calm,"Sam; Robin\'s cousin",Home,"Cooked together, laughed"\n'
    b"2026 Mon Mar 9 9:15 AM,Anxious,,Work,\n"
    b"2026 Sat Feb 30 1:00 PM,Calm,,,\n"
)


@pytest.fixture(autouse=True)
def _vocabulary(db: None) -> None:
    # Browser tests flush every table, seeded rows included; put the team's words back.
    feelings.vocabulary_seed()


def fill_account(user: User, *, now: datetime = NOW) -> dict[str, Person]:
    """A little of everything a user can own, written through the apps' services as a user would."""
    with time_machine.travel(now - timedelta(days=10), tick=False):
        sam = person_create(
            user=user, name="Sam", kind=PersonKind.PARTNER, notes="=1+1 is his favourite joke"
        )
        jules = person_create(user=user, name="Jules", kind=PersonKind.METAMOUR, kind_label="Sam's comet")
        old = person_create(user=user, name="Ari", kind=PersonKind.FRIEND)
        person_archive(person=old)
    _fill_gratitude(user, sam=sam, jules=jules, now=now)
    # Ticking, so two check-ins written in one test still have different moments, as in life.
    with time_machine.travel(now, tick=True):
        _fill_kindness(user, sam=sam)
        _fill_feelings(user, sam=sam, jules=jules)
        _fill_settings(user)
        # The month's WHO-5 answers (insights).
        wellbeing_checkin_save(user=user, answers=[3, 3, 2, 4, 3])
        # A file from another app, read and waiting on its preview (encrypted until confirmed).
        import_preview_create(user=user, parsed=read_export(OTHER_APP_FILE))
    return {"sam": sam, "jules": jules, "ari": old}


def _fill_gratitude(user: User, *, sam: Person, jules: Person, now: datetime) -> None:
    today = date(2026, 3, 14)
    complete = today - timedelta(days=2)
    for number in range(1, 6):
        gratitude_item_add(
            user=user,
            local_date=complete,
            text=f"Thing {number} on a full day",
            relational=number == 1,
            people=[sam] if number == 2 else [],
            now=now - timedelta(days=2, hours=5 - number),
        )
    # Written the next day: a late completion for a backfilled day stays late after import.
    late = today - timedelta(days=5)
    for number in range(1, 6):
        gratitude_item_add(
            user=user,
            local_date=late,
            text=f"Late thing {number}",
            people=[jules],
            now=now - timedelta(days=4),
        )
    gratitude_item_add(
        user=user,
        local_date=today,
        text="Sam made tea <script>alert(1)</script>",
        people=[sam, jules],
        now=now,
    )


def _fill_kindness(user: User, *, sam: Person) -> None:
    own = kindness.kindness_idea_add(
        user=user,
        text="Leave a note in a library book",
        category="words",
        effort="small",
        cost="free",
        recipient_kind="stranger",
        setting="out",
    )
    shared = KindnessIdea.objects.filter(owner=None, key__isnull=False).order_by("key").first()
    today = date(2026, 3, 14)
    kindness.kindness_act_log(
        user=user, text="Fixed Sam's bike", category="help", effort="medium", local_date=today, person=sam
    )
    act = kindness.kindness_act_log(
        user=user,
        text="Paid for the next coffee",
        category="gift",
        effort="small",
        local_date=today - timedelta(days=1),
        recipient_kind="stranger",
        reflection="It came back to mind all day.",
        idea=shared,
    )
    kindness.kindness_act_mark_told(act=act)
    kindness.kindness_act_log(
        user=user,
        text="Left a note",
        category="words",
        effort="small",
        local_date=today,
        recipient_kind="stranger",
        idea=own,
    )
    kindness.kindness_target_set(user=user, weekly_target=2)


def _fill_feelings(user: User, *, sam: Person, jules: Person) -> None:
    mine = feelings.feeling_own_add(user=user, name="Wobbly", definition="Not quite steady")
    need = feelings.need_own_add(user=user, name="Reassurance")
    jealousy = Feeling.objects.get(owner=None, name__iexact="jealousy")
    checkin = feelings.checkin_create(
        user=user,
        intensities={jealousy: 6, mine: 3},
        people=[jules],
        what_happened="Date night",
        body="chest",
    )
    # Two needs, the user's own and one of the team's: the round trip carries both.
    both = [need, Need.objects.filter(owner=None).order_by("name")[0]]
    feelings.checkin_reflect(checkin=checkin, needs=both, need_met="partly", action="Ask Sam for a hug")
    feelings.checkin_mark_sat_with(checkin=checkin)
    team_need = Need.objects.filter(owner=None).order_by("name")[0]
    other = feelings.checkin_create(user=user, intensities={jealousy: 2})
    feelings.checkin_reflect(checkin=other, needs=[team_need], need_met="yes", action="")
    feelings.vicarious_joy_log(user=user, what_happened="Promotion!", joy=8, area="work", who="Kim from work")
    feelings.vicarious_joy_log(user=user, what_happened="Ran a marathon", joy=9, area="sport", person=sam)
    feelings.needs_weekday_set(user=user, weekday=2)
    feelings.needs_checkin_record(user=user, person=sam, score=4, note="Good week")
    feelings.metamour_note_add(user=user, person=jules, text="Jules bakes bread", prompt="A hobby")


def _fill_settings(user: User) -> None:
    user_idle_timeout_set(user=user, minutes=IdleTimeout.HOUR)
    # A device with push reminders on (not exported: it is the device's, not the user's words).
    push_subscription_save(
        user=user,
        endpoint=f"https://push.example.net/send/device-of-{user.pk}",
        p256dh="BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM",
        auth="tBHItJI5svbpez7KI4CCXg",
        browser="Firefox on Android",
    )
    reminder_preferences_update(
        user=user,
        preferences={
            ReminderKind.DAILY: KindPreference(enabled=True),
            ReminderKind.LAST_CHANCE: KindPreference(enabled=True, hours_before_end=3),
            ReminderKind.KINDNESS: KindPreference(enabled=False, weekday=4),
        },
    )


def fill_bookkeeping(user: User) -> None:
    """Rows that are not in an export but still belong to the user: the reminder ledger,
    the admin log, group and permission memberships."""
    ReminderDelivery.objects.create(
        user=user,
        kind=ReminderKind.DAILY,
        local_date=date(2026, 3, 13),
        time_zone=user.time_zone,
        due_at=NOW,
        available_at=NOW,
    )
    LogEntry.objects.create(
        user=user,
        content_type=ContentType.objects.get_for_model(User),
        object_id=str(user.pk),
        object_repr=str(user),
        action_flag=ADDITION,
    )
    # The user asked that the unsubscribe links already sent stop working.
    reminder_unsubscribe_links_revoke(user=user)
    # Two-factor sign-in: the app link and the hashed recovery codes.
    two_factor_setup_start(user=user)
    recovery_codes_replace(user=user)
    group, _ = Group.objects.get_or_create(name="testers")
    user.groups.add(group)
    user.user_permissions.add(Permission.objects.order_by("id").first())  # type: ignore[arg-type]


@pytest.fixture
def filled() -> Callable[[User], dict[str, Person]]:
    return fill_account
