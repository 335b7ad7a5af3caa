"""The streak and the charts are cached under a key made of what they are drawn from (the
summary rows, the local day, the reminder time). Every way the journal changes must show on
the very next page, with the cache warm from the page before."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from accounts.models import User
from accounts.services import user_preferences_update
from compersion.lib import clock
from journal import charts
from journal import views as journal_views
from journal.services import gratitude_item_update
from privacy.formats import export_json_chunks
from privacy.services import account_import
from tests.journal.conftest import write_items

pytestmark = pytest.mark.django_db

BERLIN = clock.zone("Europe/Berlin")
NOW = datetime(2026, 5, 4, 18, 30, tzinfo=BERLIN)
TODAY = date(2026, 5, 4)
HTMX = {"HX-Request": "true"}


@pytest.fixture(autouse=True)
def _frozen() -> Iterator[Any]:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture(autouse=True)
def _empty_cache(settings: Any, request: pytest.FixtureRequest) -> None:
    """Each test starts from an empty cache of its own. With REDIS_URL set the suite shares one
    Redis database across runs, and the test database hands out the same ids and rows again, so
    a chart cached by an earlier run would be served where a test expects a fresh drawing."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": request.node.nodeid,
        }
    }


def year_in_words(html: str) -> dict[str, int]:
    """The heatmap's text alternative, e.g. {"Complete on the day": 3, "Partly written": 1, ...}."""
    found = re.findall(r"<li>([A-Z][a-z ,]+): (\d+) days?</li>", html)
    return {label: int(count) for label, count in found}


def today_page(client: Client) -> str:
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response.content.decode()


def settings_change(user: User, **changes: Any) -> None:
    current = {
        "display_name": user.display_name,
        "time_zone": user.time_zone,
        "day_start_hour": user.day_start_hour,
        "reminder_time": user.reminder_time,
        "reminders_enabled": user.reminders_enabled,
    }
    user_preferences_update(user=user, **{**current, **changes})


@pytest.fixture
def history(user: User) -> None:
    """Three complete days on time before today, and today partly written."""
    for back in (3, 2, 1):
        day = TODAY - timedelta(days=back)
        write_items(user, local_date=day, at=datetime.combine(day, time(21, 0), tzinfo=BERLIN))
    write_items(user, count=2)


def test_a_warm_cache_gives_the_same_page_as_a_cold_one(signed_in: Client, user: User, history: None) -> None:
    first, second = today_page(signed_in), today_page(signed_in)
    assert _without_tokens(first) == _without_tokens(second)
    assert year_in_words(second)["Complete on the day"] == 3


def _without_tokens(html: str) -> str:
    # CSRF tokens and CSP nonces are fresh on every response.
    return re.sub(r'(value="|nonce="|"X-CSRFToken": ")[^"]+"', "", html)


def heatmaps_drawn_from_now_on(monkeypatch: pytest.MonkeyPatch) -> list[date]:
    """The end dates of the heatmaps drawn from here on: the real drawing, counted."""
    drawn: list[date] = []
    real = charts.heatmap_svg

    def counting(*args: Any, **kwargs: Any) -> Any:
        drawn.append(kwargs["end"])
        return real(*args, **kwargs)

    monkeypatch.setattr(charts, "heatmap_svg", counting)
    return drawn


def test_the_second_page_draws_no_chart(
    signed_in: Client, user: User, history: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    today_page(signed_in)
    drawn = heatmaps_drawn_from_now_on(monkeypatch)
    html = today_page(signed_in)
    assert drawn == []
    assert year_in_words(html)["Complete on the day"] == 3


def test_a_new_chart_cache_version_redraws_the_charts(
    signed_in: Client, user: User, history: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A developer who changes what a cached chart looks like bumps the version; the very next
    # page draws afresh instead of serving the old drawing from the cache.
    today_page(signed_in)
    drawn = heatmaps_drawn_from_now_on(monkeypatch)
    monkeypatch.setattr(journal_views, "CHART_CACHE_VERSION", journal_views.CHART_CACHE_VERSION + 1)
    html = today_page(signed_in)
    assert drawn == [TODAY]
    assert year_in_words(html)["Complete on the day"] == 3


def test_completing_today_through_htmx_shows_at_once(signed_in: Client, user: User, history: None) -> None:
    assert year_in_words(today_page(signed_in))["Partly written"] == 1
    for slot in (3, 4, 5):
        data = {
            "slot": str(slot),
            f"slot{slot}-text": f"Specific thing {slot}",
            f"slot{slot}-relational": "on",
        }
        response = signed_in.post(
            reverse("journal:item_add", kwargs={"local_date": TODAY}), data, headers=HTMX
        )
    # The htmx answer carries the charts out of band, already up to date.
    assert year_in_words(response.content.decode())["Complete on the day"] == 4
    html = today_page(signed_in)
    assert year_in_words(html) == {
        "Complete on the day": 4,
        "Complete, added afterwards": 0,
        "Partly written": 0,
        # The year starts at the user's first day, three days ago (issue #14: no "366 days").
        "Nothing written": 0,
    }
    assert re.search(r'data-testid="streak-current">4<', html)


def test_removing_an_item_shows_at_once(signed_in: Client, user: User) -> None:
    items = write_items(user)
    assert re.search(r'data-testid="streak-current">1<', today_page(signed_in))
    signed_in.post(reverse("journal:item_remove", kwargs={"item_id": items[0].pk}))
    html = today_page(signed_in)
    assert 'data-testid="streak-current"' not in html
    assert year_in_words(html)["Partly written"] == 1


def test_an_edit_that_uncompletes_the_day_shows_at_once(signed_in: Client, user: User) -> None:
    items = write_items(user)  # only the first is about a relationship
    today_page(signed_in)
    gratitude_item_update(user=user, item=items[0], text=items[0].text, relational=False)
    assert year_in_words(today_page(signed_in))["Partly written"] == 1


def test_backfilling_a_past_day_shows_at_once_on_every_page(
    signed_in: Client, user: User, history: None
) -> None:
    past = TODAY - timedelta(days=10)
    day_url = reverse("journal:day", kwargs={"local_date": past})
    pages = [reverse("home"), reverse("journal:index"), day_url]
    for page in pages:
        assert year_in_words(signed_in.get(page).content.decode())["Complete, added afterwards"] == 0
    write_items(user, local_date=past)
    for page in pages:
        assert year_in_words(signed_in.get(page).content.decode())["Complete, added afterwards"] == 1
    assert "Complete, added afterwards." in signed_in.get(day_url).content.decode()


def test_a_new_day_moves_the_charts(signed_in: Client, user: User, history: None, _frozen: Any) -> None:
    assert "Today is still open" in today_page(signed_in)
    _frozen.shift(timedelta(days=1))
    html = today_page(signed_in)
    # Yesterday stayed partly written, so the run of three ended.
    assert 'data-testid="streak-current"' not in html
    assert "best 3" in html or "best run so far is 3 days" in html


def test_a_zone_change_that_changes_the_day_shows_at_once(
    signed_in: Client, user: User, history: None
) -> None:
    before = year_in_words(today_page(signed_in))
    # 18:30 in Berlin is already tomorrow in Auckland: the year now ends a day later.
    settings_change(user, time_zone="Pacific/Auckland")
    html = today_page(signed_in)
    assert '<time datetime="2026-05-05">Tuesday 5 May</time>' in html
    assert year_in_words(html) == {**before, "Nothing written": before["Nothing written"] + 1}


def test_a_day_start_change_that_changes_the_day_shows_at_once(signed_in: Client, user: User) -> None:
    with time_machine.travel(datetime(2026, 5, 5, 2, 30, tzinfo=BERLIN), tick=False):
        settings_change(user, day_start_hour=0)
        write_items(user, count=1)  # counts for 5 May
        assert year_in_words(today_page(signed_in))["Partly written"] == 1
        settings_change(user, day_start_hour=3)  # now it is still 4 May, and 5 May is the future
        html = today_page(signed_in)
    assert '<time datetime="2026-05-04">Monday 4 May</time>' in html
    assert year_in_words(html)["Partly written"] == 0


def test_a_new_reminder_time_moves_the_timing_chart(signed_in: Client, user: User, history: None) -> None:
    assert "from your reminder time, 20:00" in today_page(signed_in)
    assert "1 hour" in today_page(signed_in)  # completed at 21:00, an hour after the reminder
    settings_change(user, reminder_time=time(21, 0))
    html = today_page(signed_in)
    assert "from your reminder time, 21:00" in html
    assert "<strong>0 minutes</strong>" in html


def test_an_import_shows_at_once(signed_in: Client, user: User, other_user: User) -> None:
    for back in (5, 4):
        day = TODAY - timedelta(days=back)
        write_items(other_user, local_date=day, at=datetime.combine(day, time(21, 0), tzinfo=BERLIN))
    document = json.loads(b"".join(export_json_chunks(user=other_user)))
    assert year_in_words(today_page(signed_in))["Complete on the day"] == 0
    account_import(user=user, document=document)
    user.refresh_from_db()
    assert year_in_words(today_page(signed_in))["Complete on the day"] == 2


def test_the_journal_lists_each_run_in_words(signed_in: Client, user: User, history: None) -> None:
    write_items(user, local_date=TODAY - timedelta(days=6), at=datetime(2026, 4, 28, 21, 0, tzinfo=BERLIN))
    html = signed_in.get(reverse("journal:index")).content.decode()
    runs = html.split("Runs in words", 1)[1]
    assert "<li>1 May 2026 to 3 May 2026: 3 days</li><li>28 Apr 2026 to 28 Apr 2026: 1 day</li>" in runs


def test_the_timing_measures_within_the_users_day_and_follows_a_new_day_start(
    signed_in: Client, user: User, history: None
) -> None:
    # Three days complete at 21:00. With a 01:00 reminder and days starting at midnight, the
    # reminder opens the day and 21:00 is 20 hours after it; once days start at 03:00, 01:00 is
    # the day's last hour and 21:00 comes 4 hours before it. No wrap at twelve hours either way.
    settings_change(user, reminder_time=time(1, 0), day_start_hour=0)
    assert "a median of <strong>20 hours</strong>" in today_page(signed_in)

    settings_change(user, day_start_hour=3)

    assert "a median of <strong>4 hours</strong>" in today_page(signed_in)


def test_the_timing_chart_waits_for_three_days_before_drawing_them(signed_in: Client, user: User) -> None:
    write_items(user, at=NOW)

    html = today_page(signed_in)

    assert 'data-testid="timing-waiting"' in html
    assert "Once 3 days are complete on the day, this shows when you write each day" in html
    assert 'class="point' not in html
