"""Issue #14, item 2: a missed day is easy to reach and fill in. Today links to yesterday, every
day page to the day before and after (never past today or before 1900), every square of the
journal's year to its day, and the journal opens any date typed or picked."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from accounts.models import User
from compersion.lib import clock
from journal.models import GratitudeItem
from tests.journal.conftest import write_items

pytestmark = pytest.mark.django_db

BERLIN = clock.zone("Europe/Berlin")
NOW = datetime(2026, 5, 4, 18, 30, tzinfo=BERLIN)  # the evening of Monday 4 May in Berlin
TODAY = date(2026, 5, 4)
YESTERDAY = TODAY - timedelta(days=1)


@pytest.fixture(autouse=True)
def _frozen() -> object:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture(autouse=True)
def _empty_cache(settings, request: pytest.FixtureRequest) -> None:
    # A cache of this test's own: the charts are cached under keys another run may have filled.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": request.node.nodeid,
        }
    }


def joined_days_ago(user: User, days: int) -> None:
    user.date_joined = NOW - timedelta(days=days)
    user.save(update_fields=["date_joined"])


def day_url(day: date) -> str:
    return reverse("journal:day", kwargs={"local_date": day})


def yesterday_link(html: str) -> tuple[str, str]:
    match = re.search(r'data-testid="yesterday-link"><a href="([^"]+)">([^<]+)</a>', html)
    assert match, "Today has no link to yesterday"
    return match.group(1), match.group(2)


# --- Today -> yesterday ---------------------------------------------------------------------


def test_today_invites_filling_in_a_missed_yesterday(signed_in: Client, user: User) -> None:
    joined_days_ago(user, 10)

    href, words = yesterday_link(signed_in.get("/").content.decode())

    assert href == day_url(YESTERDAY)
    assert words == "Missed yesterday? Fill it in"


def test_today_asks_to_finish_a_partly_written_yesterday(signed_in: Client, user: User) -> None:
    write_items(user, local_date=YESTERDAY, count=2)

    assert yesterday_link(signed_in.get("/").content.decode())[1] == "Yesterday is partly written: finish it"


def test_today_links_plainly_to_a_complete_yesterday(signed_in: Client, user: User) -> None:
    write_items(user, local_date=YESTERDAY, at=datetime.combine(YESTERDAY, time(21, 0), tzinfo=BERLIN))

    assert yesterday_link(signed_in.get("/").content.decode()) == (day_url(YESTERDAY), "Yesterday's five")


def test_a_user_who_joined_today_is_not_told_they_missed_yesterday(signed_in: Client) -> None:
    assert yesterday_link(signed_in.get("/").content.decode())[1] == "Yesterday"


# --- day pages: previous and next -----------------------------------------------------------


def nav_links(html: str) -> dict[str, str]:
    """The day page's previous and next links, by their ``rel``."""
    return {rel: href for href, rel in re.findall(r'<a href="([^"]+)" rel="(prev|next)"', html)}


def test_a_day_page_links_to_the_day_before_and_after(signed_in: Client) -> None:
    day = date(2026, 3, 3)

    links = nav_links(signed_in.get(day_url(day)).content.decode())

    assert links == {"prev": day_url(date(2026, 3, 2)), "next": day_url(date(2026, 3, 4))}


def test_the_day_before_today_links_forward_to_today(signed_in: Client) -> None:
    html = signed_in.get(day_url(YESTERDAY)).content.decode()

    assert nav_links(html)["next"] == reverse("home")
    assert re.search(r'rel="next" data-testid="next-day">Today', html)


def test_todays_day_page_has_no_next_day(signed_in: Client) -> None:
    links = nav_links(signed_in.get(day_url(TODAY)).content.decode())

    assert links == {"prev": day_url(YESTERDAY)}


def test_the_first_of_1900_has_no_previous_day(signed_in: Client) -> None:
    response = signed_in.get(day_url(date(1900, 1, 1)))

    assert response.status_code == 200
    assert nav_links(response.content.decode()) == {"next": day_url(date(1900, 1, 2))}


@pytest.mark.parametrize("day", [date(1899, 12, 31), date(1, 1, 1), TODAY + timedelta(days=1)])
def test_days_before_1900_or_after_today_are_not_found(signed_in: Client, day: date) -> None:
    assert signed_in.get(day_url(day)).status_code == 404
    add = reverse("journal:item_add", kwargs={"local_date": day})
    assert signed_in.post(add, {"slot": "1", "slot1-text": "A thing"}).status_code == 404
    assert not GratitudeItem.objects.exists()


def test_a_past_day_says_the_late_day_rule_where_it_is_written(signed_in: Client, user: User) -> None:
    past = signed_in.get(day_url(YESTERDAY)).content.decode()
    today = signed_in.get(day_url(TODAY)).content.decode()

    assert 'data-testid="late-rule"' in past
    assert "counts as a day practised, though not toward the perfect run" in past
    assert past.index('data-testid="late-rule"') < past.index('id="slots"')
    assert 'data-testid="late-rule"' not in today


def test_a_day_written_on_the_day_does_not_repeat_the_late_day_rule(signed_in: Client, user: User) -> None:
    write_items(user, local_date=YESTERDAY, at=datetime.combine(YESTERDAY, time(21, 0), tzinfo=BERLIN))

    assert 'data-testid="late-rule"' not in signed_in.get(day_url(YESTERDAY)).content.decode()


# --- the journal: open a day, and the year's squares ----------------------------------------


def jump(client: Client, value: str):
    return client.get(reverse("journal:index"), {"date": value})


def test_opening_a_date_goes_to_its_page(signed_in: Client) -> None:
    response = jump(signed_in, "2026-03-03")

    assert response.status_code == 302
    assert response["Location"] == day_url(date(2026, 3, 3))


def test_opening_today_goes_to_today(signed_in: Client) -> None:
    assert jump(signed_in, TODAY.isoformat())["Location"] == reverse("home")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2026-05-05", "That day hasn&#x27;t begun yet."),
        ("1899-12-31", "The journal starts in 1900; pick a day from then on."),
        ("0001-01-01", "The journal starts in 1900; pick a day from then on."),
        ("2026-02-30", "That isn&#x27;t a date we can read."),
        ("03/03/2026", "That isn&#x27;t a date we can read."),
        ("", "Pick a day to open."),
    ],
)
def test_a_date_that_cannot_be_opened_is_explained_on_the_journal(
    signed_in: Client, value: str, message: str
) -> None:
    response = jump(signed_in, value)

    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert 'aria-invalid="true"' in html
    assert "Your days, newest first" in html  # the rest of the journal is still there


def test_the_date_picker_is_bounded_by_1900_and_today(signed_in: Client) -> None:
    html = signed_in.get(reverse("journal:index")).content.decode()

    assert re.search(r'<input type="date" name="date" id="id_date" min="1900-01-01" max="2026-05-04"', html)


def test_every_square_of_the_journals_year_links_to_its_day(signed_in: Client, user: User) -> None:
    joined_days_ago(user, 10)
    write_items(user, local_date=date(2026, 4, 28), count=3)
    write_items(user, local_date=YESTERDAY, at=datetime.combine(YESTERDAY, time(21, 0), tzinfo=BERLIN))

    html = signed_in.get(reverse("journal:index")).content.decode()

    links = re.findall(r'<a href="/journal/(\d{4}-\d\d-\d\d)/"><title>([^<]+)</title>', html)
    # From the day the user joined (24 April) to today, each day once, oldest first.
    assert [day for day, _name in links] == [
        (date(2026, 4, 24) + timedelta(days=n)).isoformat() for n in range(11)
    ]
    names = dict(links)
    assert names["2026-04-28"] == "Tuesday 28 April 2026: 3 of 5"
    assert names["2026-05-03"] == "Sunday 3 May 2026: 5 of 5, on the day"
    assert names["2026-04-24"] == "Friday 24 April 2026: nothing written"


def test_todays_year_is_compact_and_points_to_the_journal(signed_in: Client, user: User) -> None:
    write_items(user, local_date=YESTERDAY, count=2)

    html = signed_in.get("/").content.decode()

    assert 'class="chart chart-heatmap"' in html
    heatmap = html[
        html.index('class="chart chart-heatmap"') : html.index("</svg>", html.index("chart-heatmap"))
    ]
    assert "<a " not in heatmap  # the year's links would cost some 45 KB of Today's 30 KB budget
    assert 'href="/journal/#year-heading">Open any day of your year</a>' in html


def test_a_new_users_year_starts_today_not_a_year_ago(signed_in: Client) -> None:
    html = signed_in.get("/").content.decode()

    assert "<li>Nothing written: 1 day</li>" in html
    assert "1 week from Mon 4 May 2026 to Mon 4 May 2026" in html
