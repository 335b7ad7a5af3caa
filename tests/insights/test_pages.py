"""The insights pages: what they say, to whom, and what they cost."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from accounts.models import User
from feelings.models import CheckIn, Feeling
from feelings.services import checkin_create
from insights import selectors, stats
from insights.models import WellbeingCheckIn
from people.models import Person
from tests.insights.conftest import NOW, TODAY

RUN_START = TODAY - timedelta(days=80)
TURN = RUN_START + timedelta(days=22)
# The pages' queries, after the session and the user: the journal's days, kindness acts per day
# and the weekly target, joys, check-in feelings, WHO-5 answers; for the people page, check-in
# feelings, their people, and partners and metamours with their first note.
PAGE_QUERIES = {"insights:index": 8, "insights:people": 5}

History = Callable[..., dict[str, Person]]


def text_of(response: object) -> str:
    """The page's words with tags dropped and spaces collapsed, to match sentences."""
    html = response.content.decode()  # type: ignore[attr-defined]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))


@time_machine.travel(NOW, tick=False)
def test_the_page_tells_a_visible_change_after_the_run_with_its_figures(
    me: Client, user: User, write_history: History
) -> None:
    write_history(user, days=120, run_start=RUN_START, metamour_note=TURN)

    response = me.get(reverse("insights:index"))

    assert response.status_code == 200
    words = text_of(response)
    assert (
        "After your run, your check-ins named compersion more strongly (average 7.0 from 4.0; "
        "14 check-ins after, 14 before)." in words
    )
    assert "named jealousy less strongly (average 4.0 from 7.0; 14 check-ins after, 14 before)" in words
    # The metamour's before and after the first note, about them only.
    people = text_of(me.get(reverse("insights:people")))
    assert (
        "Since you began noting what you learned, your check-ins about them named compersion more strongly "
        "(average 7.0 from 4.0; 14 check-ins after, 14 before)." in people
    )
    assert "Alex (partner, 60 check-ins about them)" in people
    assert "insights-practice" in response.content.decode()
    assert "insights-feelings" in response.content.decode()
    # No causal words anywhere.
    for causal in ("because", "caused", "thanks to", "led to", "improved your"):
        assert causal not in words.lower()


@time_machine.travel(NOW, tick=False)
def test_a_user_who_never_finished_a_run_sees_the_weekly_view_and_an_explanation(
    me: Client, user: User, write_history: History
) -> None:
    write_history(user, days=40)

    response = me.get(reverse("insights:index"))

    words = text_of(response)
    assert "You haven't completed a 22-day run yet." in words
    assert 'data-testid="run"' not in response.content.decode()
    assert "Practice and feelings per week" in words


@time_machine.travel(NOW, tick=False)
def test_thin_data_after_a_recent_run_says_what_would_make_it_enough(
    me: Client, user: User, write_history: History
) -> None:
    write_history(user, days=60, run_start=TODAY - timedelta(days=25))

    words = text_of(me.get(reverse("insights:index")))

    # Days 23 to 25 after the run's start hold the after side's first check-ins so far.
    assert "Not enough yet to compare: 5 check-ins are needed on each side." in words
    assert re.search(r"\d more check-ins? by \d+ December( 2026)? would make it enough\.", words)


@pytest.mark.parametrize("name", PAGE_QUERIES)
@pytest.mark.parametrize("days", [30, 3650], ids=["one-month", "ten-years"])
def test_the_page_costs_the_same_queries_for_a_month_and_for_ten_years(
    client: Client, user: User, write_history: History, django_assert_num_queries, days: int, name: str
) -> None:
    run_start = TODAY - timedelta(days=days // 2) if days > 100 else None
    write_history(user, days=days, run_start=run_start, metamour_note=TODAY - timedelta(days=20))
    WellbeingCheckIn.objects.create(
        owner=user, month=date(2026, 10, 1), local_date=date(2026, 10, 3), time_zone="UTC",
        cheerful=3, calm=3, active=3, rested=3, interested=3,
    )  # fmt: skip
    client.force_login(user)
    with time_machine.travel(NOW, tick=False), django_assert_num_queries(PAGE_QUERIES[name]):
        response = client.get(reverse(name))
    assert response.status_code == 200


@time_machine.travel(NOW, tick=False)
def test_every_week_since_the_start_is_one_link_away(me: Client, user: User, write_history: History) -> None:
    write_history(user, days=500)

    recent = me.get(reverse("insights:index")).content.decode()
    every = me.get(reverse("insights:index") + "?weeks=all").content.decode()

    assert recent.count('<th scope="row"><time') == selectors.RECENT_WEEKS
    every_monday = stats.weeks_between(TODAY - timedelta(days=499), TODAY)
    assert len(every_monday) == 72
    assert every.count('<th scope="row"><time') == len(every_monday)


@time_machine.travel(NOW, tick=False)
def test_nobody_sees_another_users_people_or_figures(
    client: Client, user: User, other_user: User, write_history: History
) -> None:
    write_history(other_user, days=120, run_start=RUN_START, metamour_note=TURN)
    client.force_login(user)

    for name in ("insights:index", "insights:people", "insights:month"):
        html = client.get(reverse(name)).content.decode()
        assert "Jordan" not in html
        assert "Alex" not in html
        assert "Secret act on" not in html
    assert "You haven't completed a 22-day run yet." in text_of(client.get(reverse("insights:index")))


def test_the_pages_ask_to_sign_in(client: Client) -> None:
    for name in ("insights:index", "insights:people", "insights:wellbeing", "insights:month"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]


# --- WHO-5 -------------------------------------------------------------------------------

ANSWERS = {"cheerful": "4", "calm": "3", "active": "3", "rested": "2", "interested": "4"}


def test_wellbeing_answers_are_scored_once_a_month_and_can_be_changed(me: Client, user: User) -> None:
    with time_machine.travel(NOW, tick=False):
        response = me.post(reverse("insights:wellbeing"), ANSWERS, follow=True)
        assert "Your WHO-5 score for November 2026 is 64 of 100." in text_of(response)
        me.post(reverse("insights:wellbeing"), {**ANSWERS, "cheerful": "1"})
    with time_machine.travel(NOW + timedelta(days=20), tick=False):  # 10 December
        me.post(reverse("insights:wellbeing"), {k: "1" for k in ANSWERS})
        words = text_of(me.get(reverse("insights:index")))

    rows = list(WellbeingCheckIn.objects.filter(owner=user).order_by("month"))
    assert [(r.month, r.answers) for r in rows] == [
        (date(2026, 11, 1), (1, 3, 3, 2, 4)),
        (date(2026, 12, 1), (1, 1, 1, 1, 1)),
    ]
    assert "Your latest WHO-5 score, for December 2026: 20 of 100." in words
    assert "28 or less" in words
    assert "Down by 10 points or more since your previous answers." in words
    assert "Psychiatric Centre North Zealand" in words


def test_a_wellbeing_form_with_a_missing_or_bad_answer_is_refused_and_keeps_the_others(
    me: Client, user: User
) -> None:
    response = me.post(reverse("insights:wellbeing"), {**ANSWERS, "rested": "", "calm": "9"})

    assert response.status_code == 400
    assert not WellbeingCheckIn.objects.exists()
    html = response.content.decode()
    assert 'value="4" id="id_cheerful_1" required checked' in html or 'value="4"' in html
    assert "Choose how much of the time, for this one too." in html


# --- Your month ------------------------------------------------------------------------------


@time_machine.travel(NOW, tick=False)
def test_your_month_gathers_the_practice_the_people_the_secrets_and_the_change(
    me: Client, user: User, write_history: History
) -> None:
    write_history(user, days=120, run_start=RUN_START, metamour_note=TURN)

    response = me.get(reverse("insights:month") + "?month=2026-09")

    assert response.status_code == 200
    words = text_of(response)
    assert "Your month: September 2026" in words
    assert "Secret act on 2026-09-" in words
    assert "Compersion" in words
    assert "Earlier: August 2026" in words and "Later: October 2026" in words


@pytest.mark.parametrize("month", ["2026-13", "nope", "0000-01", "२०२६-०९", "2026-09" * 1000, "9999-12"])
def test_your_month_reads_any_month_in_the_query_string_without_an_error(me: Client, month: str) -> None:
    with time_machine.travel(NOW, tick=False):
        response = me.get(reverse("insights:month"), {"month": month})
    assert response.status_code == 200
    assert "Your month: November 2026" in text_of(response)


# --- Time -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written_at", "zone", "week_of"),
    [
        # 23:30 on Europe's fall-back Sunday (clocks went back at 03:00 that day).
        (datetime(2026, 10, 25, 22, 30, tzinfo=UTC), "Europe/Berlin", date(2026, 10, 19)),
        # 23:30 on the spring-forward Sunday.
        (datetime(2026, 3, 29, 21, 30, tzinfo=UTC), "Europe/Berlin", date(2026, 3, 23)),
        # Monday 01:30 in Auckland is still Sunday for a day that starts at 03:00.
        (datetime(2026, 11, 15, 12, 30, tzinfo=UTC), "Pacific/Auckland", date(2026, 11, 9)),
    ],
)
def test_dst_and_a_later_zone_change_do_not_move_a_check_in_to_another_week(
    user: User, written_at: datetime, zone: str, week_of: date
) -> None:
    user.time_zone, user.day_start_hour = zone, 3
    user.save()
    compersion = Feeling.objects.get(owner=None, name="compersion")
    with time_machine.travel(written_at, tick=False):
        checkin_create(user=user, intensities={compersion: 6})
    # Then the user moves to the other side of the world.
    user.time_zone = "Pacific/Kiritimati" if zone != "Pacific/Kiritimati" else "Pacific/Honolulu"
    user.save()

    with time_machine.travel(NOW, tick=False):
        history = selectors.history_for(user=user)
        weeks = {w.start: w for w in selectors.insights_page(user=user, every_week=True).weeks}

    assert CheckIn.objects.get().local_date - week_of < timedelta(days=7)
    assert weeks[week_of].checkins == 1
    assert weeks[week_of].feelings[0].average == 6.0
    assert sum(w.checkins for w in weeks.values()) == 1
    assert history.first <= week_of + timedelta(days=6)
