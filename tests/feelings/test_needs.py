from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import time_machine
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.urls import reverse

from accounts.models import ReminderKind, ReminderSchedule, User
from feelings.models import NeedsCheckIn
from feelings.selectors import needs_checkin_due, needs_weekday, today_card
from feelings.services import needs_checkin_record, needs_weekday_set
from people.models import PersonKind

MONDAY = 0


def test_the_needs_check_in_is_due_on_the_chosen_weekday_only(user, make_person):
    make_person(user, "Alex", PersonKind.PARTNER)
    needs_weekday_set(user=user, weekday=MONDAY)

    assert needs_checkin_due(user=user, local_date=date(2026, 11, 23))  # a Monday
    assert not needs_checkin_due(user=user, local_date=date(2026, 11, 24))


def test_it_is_sunday_by_default(user, make_person):
    make_person(user, "Alex", PersonKind.PARTNER)

    assert needs_checkin_due(user=user, local_date=date(2026, 11, 22))  # a Sunday


def test_it_is_not_due_without_partners_or_once_every_partner_is_answered(user, make_person):
    needs_weekday_set(user=user, weekday=MONDAY)
    monday = date(2026, 11, 23)
    make_person(user, "Jules", PersonKind.METAMOUR)
    assert not needs_checkin_due(user=user, local_date=monday)

    alex = make_person(user, "Alex", PersonKind.NESTING_PARTNER)
    with time_machine.travel(datetime(2026, 11, 23, 12, tzinfo=UTC), tick=False):
        assert needs_checkin_due(user=user, local_date=monday)
        needs_checkin_record(user=user, person=alex, score=4)

    assert not needs_checkin_due(user=user, local_date=monday)


def test_the_weekly_prompt_follows_the_users_own_zone(user, make_person, client: Client):
    """Sunday 20:00 UTC is already Monday 09:00 in Auckland: the prompt shows there, not in Berlin."""
    make_person(user, "Alex", PersonKind.PARTNER)
    needs_weekday_set(user=user, weekday=MONDAY)
    client.force_login(user)

    with time_machine.travel(datetime(2026, 11, 22, 20, tzinfo=UTC), tick=False):
        user.time_zone = "Europe/Berlin"
        user.save()
        assert "needs-prompt" not in client.get(reverse("home")).content.decode()
        user.time_zone = "Pacific/Auckland"
        user.save()
        page = client.get(reverse("home")).content.decode()

    assert "needs-prompt" in page
    assert "Are your needs being met with <bdi>Alex</bdi>?" in " ".join(page.split())


def test_a_day_start_hour_keeps_late_night_in_the_evening_before(user, make_person):
    make_person(user, "Alex", PersonKind.PARTNER)
    needs_weekday_set(user=user, weekday=MONDAY)
    user.day_start_hour = 3
    user.save()

    # 01:30 on Tuesday in Berlin still belongs to Monday.
    with time_machine.travel(datetime(2026, 11, 24, 0, 30, tzinfo=UTC), tick=False):
        assert today_card(user=user, local_date=date(2026, 11, 23)).needs_due


def test_answers_are_recorded_per_partner_and_a_second_answer_that_day_replaces_the_first(
    me: Client, user, make_person
):
    alex = make_person(user, "Alex", PersonKind.PARTNER)
    sam = make_person(user, "Sam", PersonKind.PARTNER)

    me.post(reverse("feelings:needs"), {f"score_{alex.pk}": "2", f"note_{alex.pk}": "Busy month"})
    me.post(reverse("feelings:needs"), {f"score_{alex.pk}": "3", f"score_{sam.pk}": "5"})

    answers = {a.person.name: (a.score, a.note) for a in NeedsCheckIn.objects.filter(owner=user) if a.person}
    assert answers == {"Alex": (3, ""), "Sam": (5, "")}


def test_the_weekday_is_editable_on_the_needs_page(me: Client, user):
    response = me.post(reverse("feelings:needs_weekday"), {"weekday": "3"})

    assert response.status_code == 302
    page = me.get(reverse("feelings:needs")).content.decode()
    assert '<option value="3" selected>Thursday</option>' in page


def test_the_needs_page_shows_a_trend_per_partner(me: Client, user, make_person):
    alex = make_person(user, "Alex", PersonKind.PARTNER)
    for day, score in [(1, 2), (8, 3), (15, 4)]:
        with time_machine.travel(datetime(2026, 11, day, 12, tzinfo=UTC), tick=False):
            needs_checkin_record(user=user, person=alex, score=score)

    with time_machine.travel(datetime(2026, 11, 20, 12, tzinfo=UTC), tick=False):
        page = me.get(reverse("feelings:needs")).content.decode()

    assert "Alex: 3 days, answers from 2 to 4, latest 4." in page


def test_a_score_outside_one_to_five_is_refused(me: Client, user, make_person):
    alex = make_person(user, "Alex", PersonKind.PARTNER)

    response = me.post(reverse("feelings:needs"), {f"score_{alex.pk}": "6"})

    assert response.status_code == 400
    assert not NeedsCheckIn.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_needs_day_each_user_chose_survives_its_move_to_the_reminder_schedule():
    before = [("feelings", "0004_submission_tokens")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state([*before, ("accounts", "0007_reminder_schedule_from_reminders")]).apps
    chose_wednesday = old.get_model("accounts", "User").objects.create(email="wed@example.com")
    never_confirmed = old.get_model("accounts", "User").objects.create(email="new@example.com")
    old.get_model("accounts", "ReminderSchedule").objects.create(user=chose_wednesday, kind="needs")
    preference = old.get_model("feelings", "NeedsPreference")
    preference.objects.create(owner=chose_wednesday, weekday=2)
    preference.objects.create(owner=never_confirmed, weekday=4)

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    wednesday, thursday = (User.objects.get(pk=who.pk) for who in (chose_wednesday, never_confirmed))
    assert needs_weekday(user=wednesday) == 2
    assert needs_weekday(user=thursday) == 4
    assert ReminderSchedule.objects.filter(kind=ReminderKind.NEEDS).count() == 2


def test_saving_reminder_choices_keeps_the_needs_day(me: Client, user):
    needs_weekday_set(user=user, weekday=2)

    me.post(
        reverse("accounts:reminder_preferences"),
        {
            "reminders_enabled": "on",
            "reminder_time": "20:00",
            "daily": "on",
            "needs": "on",
            "last_chance_hours": "2",
            "kindness_weekday": "2",
        },
    )

    needs = ReminderSchedule.objects.get(user=user, kind=ReminderKind.NEEDS)
    assert needs.next_local_date is not None
    assert (needs.enabled, needs.weekday, needs.next_local_date.weekday()) == (True, 2, 2)
