"""The idea store: adding your own at the top, filters, seasons by hemisphere, and a
suggestion that holds for the user's whole local day."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from compersion.lib import seasons
from kindness.ideas import load_shared_ideas
from kindness.models import KindnessAct, KindnessIdea
from kindness.selectors import idea_suggestion
from tests.kindness.conftest import ideas_pages

pytestmark = pytest.mark.django_db

# Thursday 10 December 2026, 09:00 UTC: evening in Auckland, morning in Berlin.
NOW = datetime(2026, 12, 10, 9, 0, tzinfo=UTC)
DECEMBER = date(2026, 12, 10)


@pytest.fixture(autouse=True)
def _frozen_time():
    with time_machine.travel(NOW, tick=False):
        yield


def idea_form(**fields: str) -> dict[str, str]:
    data = {
        "idea-text": "Bring a flask of tea to the allotment volunteers",
        "idea-category": "service",
        "idea-recipient_kind": "community",
        "idea-effort": "small",
        "idea-cost": "low",
        "idea-setting": "out",
    }
    data.update({f"idea-{name}": value for name, value in fields.items()})
    return data


# Seasons and hemispheres


def test_the_zone_tables_place_auckland_south_and_berlin_north():
    assert seasons.is_southern("Pacific/Auckland")
    assert seasons.is_southern("America/Sao_Paulo")
    assert not seasons.is_southern("Europe/Berlin")
    assert not seasons.is_southern("UTC")


def test_december_is_summer_in_auckland_and_winter_in_berlin():
    assert seasons.season_on(DECEMBER, zone_name="Pacific/Auckland") == "summer"
    assert seasons.season_on(DECEMBER, zone_name="Europe/Berlin") == "winter"
    assert seasons.season_on(date(2026, 7, 1), zone_name="Pacific/Auckland") == "winter"
    assert seasons.season_on(date(2026, 4, 1), zone_name="Australia/Sydney") == "autumn"


def test_a_row_is_southern_by_the_sign_of_its_latitude():
    table = "# comment\nNZ\t-3652+17446\tPacific/Auckland\nDE\t+5230+01322\tEurope/Berlin\tmost of Germany\n"
    assert seasons.southern_zones_from_tables([table]) == {"Pacific/Auckland"}
    assert seasons.southern_zones_from_tables([]) is None


def test_without_zone_tables_the_documented_list_answers_the_same(monkeypatch):
    tables = seasons.southern_zones_from_tables(seasons._table_texts())
    if tables is None:
        pytest.skip("no tz database zone tables on this machine")
    listed = {name for name in tables if name.startswith(seasons.SOUTHERN_PREFIXES)} | seasons.SOUTHERN_ZONES
    assert listed == tables
    monkeypatch.setattr(seasons, "_table_texts", list)
    seasons._southern_from_tables.cache_clear()
    try:
        assert seasons.is_southern("Pacific/Auckland")
        assert seasons.is_southern("Australia/Perth")
        assert not seasons.is_southern("Europe/Berlin")
    finally:
        seasons._southern_from_tables.cache_clear()


def test_the_shared_store_has_an_idea_for_each_season():
    # A transactional test run earlier in this process empties the tables the data migration
    # filled: load the store (what is already there is skipped).
    load_shared_ideas(KindnessIdea)
    shared = KindnessIdea.objects.filter(owner__isnull=True)
    assert set(shared.exclude(season="").values_list("season", flat=True)) == {
        "winter",
        "spring",
        "summer",
        "autumn",
    }
    assert "snow" in shared.get(key__startswith="clear-the-snow").text
    assert shared.get(key__startswith="clear-the-snow").season == "winter"


def test_no_snow_in_aucklands_december_but_summer_ideas_instead(client, user):
    user.time_zone = "Pacific/Auckland"
    user.save()
    client.force_login(user)
    pages = ideas_pages(client)  # the seasonal ideas are spread over the pages
    seasons_shown = {idea.season for page in pages for idea in page.context["ideas"]}
    assert seasons_shown == {"", "summer"}
    body = "".join(page.content.decode() for page in pages)
    assert "Clear the snow" not in body
    assert "cold water" in body
    assert "southern hemisphere, so it is summer there now" in body


def test_berlins_december_has_the_snow_idea_and_no_summer_ones(client, user):
    client.force_login(user)
    pages = ideas_pages(client)
    assert {idea.season for page in pages for idea in page.context["ideas"]} == {"", "winter"}
    assert "Clear the snow" in "".join(page.content.decode() for page in pages)


def test_the_suggestion_in_aucklands_december_is_never_a_winter_idea(user):
    user.time_zone = "Pacific/Auckland"
    user.save()
    KindnessIdea.objects.filter(owner__isnull=True, season="").delete()  # leave only seasonal ones
    picked = {idea_suggestion(user=user, local_date=DECEMBER + timedelta(days=n)).season for n in range(20)}
    assert picked == {"summer"}


# Adding your own idea


def test_the_add_form_sits_above_the_filters_and_starts_at_home(client, user):
    client.force_login(user)
    response = client.get(reverse("kindness:ideas"))
    body = response.content.decode()
    assert body.index('id="add-idea"') < body.index("Filter the ideas") < body.index('id="idea-results"')
    form = response.context["idea_form"]
    assert form["setting"].value() == "home"
    assert '<option value="home" selected>' in body


def test_the_add_form_starts_from_the_filters_in_use(client, user):
    client.force_login(user)
    form = client.get(reverse("kindness:ideas"), {"setting": "work", "effort": "medium"}).context["idea_form"]
    assert form["setting"].value() == "work"
    assert form["effort"].value() == "medium"


def test_a_rejected_idea_shows_its_errors_at_the_top_with_the_focus_on_them(client, user):
    client.force_login(user)
    response = client.post(reverse("kindness:idea_add"), idea_form(text="", category=""))
    assert response.status_code == 400
    body = response.content.decode()
    summary_at = body.index('id="idea-errors"')
    assert summary_at < body.index("Filter the ideas")
    summary = body[body.rindex("<div", 0, summary_at) : body.index("</div>", summary_at)]
    assert "autofocus" in summary and 'role="alert"' in summary
    assert 'href="#id_idea-text"' in summary and 'href="#id_idea-category"' in summary
    assert '<details id="add-idea" class="card add-idea" open>' in body
    assert not KindnessIdea.objects.filter(owner=user).exists()


def test_a_rejected_idea_with_htmx_comes_back_in_place_keeping_the_words(client, user):
    client.force_login(user)
    too_long = "Plant bulbs " * 30
    response = client.post(
        reverse("kindness:idea_add"), idea_form(text=too_long), headers={"HX-Request": "true"}
    )
    assert response.status_code == 200  # htmx swaps only 2xx answers
    body = response.content.decode()
    assert body.lstrip().startswith('<details id="add-idea"')
    assert "<html" not in body
    assert 'id="idea-errors"' in body and "autofocus" in body
    assert "Plant bulbs Plant bulbs" in body
    assert not KindnessIdea.objects.filter(owner=user).exists()


def test_a_saved_idea_with_htmx_goes_to_your_own_ideas(client, user):
    client.force_login(user)
    response = client.post(reverse("kindness:idea_add"), idea_form(), headers={"HX-Request": "true"})
    assert response["HX-Redirect"] == reverse("kindness:ideas") + "?mine=on"
    assert KindnessIdea.objects.get(owner=user).setting == "out"


def test_ideas_filter_by_setting_and_effort_without_javascript(client, user):
    client.force_login(user)
    response = client.get(reverse("kindness:ideas"), {"setting": "work", "effort": "small"})
    ideas = response.context["ideas"]
    assert ideas
    assert {(idea.setting, idea.effort) for idea in ideas} == {("work", "small")}
    expected = KindnessIdea.objects.filter(owner__isnull=True, setting="work", effort="small").count()
    assert len(ideas) == expected
    assert "<html" in response.content.decode()


# "Suggest one" holds for the user's whole local day


def test_doing_todays_suggestion_does_not_swap_it_for_another(user, make_act):
    suggested = idea_suggestion(user=user, local_date=DECEMBER)
    make_act(
        user, DECEMBER, idea=suggested, category=suggested.category, recipient_kind=suggested.recipient_kind
    )
    assert idea_suggestion(user=user, local_date=DECEMBER) == suggested


def test_adding_or_deleting_other_ideas_today_does_not_change_it(user):
    suggested = idea_suggestion(user=user, local_date=DECEMBER)
    for n in range(5):
        KindnessIdea.objects.create(
            owner=user, text=f"My own idea {n}", category="other", recipient_kind="planet", setting="home"
        )
    assert idea_suggestion(user=user, local_date=DECEMBER) == suggested
    shared = KindnessIdea.objects.filter(owner__isnull=True).exclude(pk=suggested.pk)
    others = list(shared.values_list("pk", flat=True)[:40])
    KindnessIdea.objects.filter(pk__in=others).delete()
    assert idea_suggestion(user=user, local_date=DECEMBER) == suggested


def test_the_suggestion_holds_until_the_day_start_hour_then_changes(client, user):
    """Berlin, day starting at 04:00: 23:00 and 03:30 belong to the same local day."""
    user.day_start_hour = 4
    user.save()
    client.force_login(user)
    berlin = user.tz
    seen = []
    walls = [(10, 8, 0), (10, 23, 0), (11, 3, 30)]
    for day, hour, minute in walls:
        with time_machine.travel(datetime(2026, 12, day, hour, minute, tzinfo=berlin), tick=False):
            response = client.get(reverse("kindness:suggest"))
            assert response.context["today"] == DECEMBER
            seen.append(response.context["idea"])
    assert seen[0] == seen[1] == seen[2]
    days = set()
    for day in range(11, 17):
        with time_machine.travel(datetime(2026, 12, day, 4, 30, tzinfo=berlin), tick=False):
            days.add(client.get(reverse("kindness:suggest")).context["idea"].pk)
    assert len(days) > 1  # a new local day brings a new suggestion (sometimes)


def test_moving_zones_keeps_the_suggestion_while_the_local_date_is_the_same(client, user):
    client.force_login(user)
    with time_machine.travel(datetime(2026, 12, 10, 12, 0, tzinfo=UTC), tick=False):
        before = client.get(reverse("kindness:suggest")).context["idea"]
        user.time_zone = "Europe/London"  # still 10 December there
        user.save()
        assert client.get(reverse("kindness:suggest")).context["idea"] == before
    # Late on the 10th in London it is already the 11th in Tokyo: a new day, its own suggestion.
    with time_machine.travel(datetime(2026, 12, 10, 22, 0, tzinfo=UTC), tick=False):
        user.time_zone = "Asia/Tokyo"
        user.save()
        response = client.get(reverse("kindness:suggest"))
        assert response.context["today"] == date(2026, 12, 11)
        assert response.context["idea"] == idea_suggestion(user=user, local_date=date(2026, 12, 11))


def test_acts_of_earlier_days_still_steer_it(user, make_act):
    suggested = idea_suggestion(user=user, local_date=DECEMBER)
    make_act(user, DECEMBER - timedelta(days=3), idea=suggested)
    assert idea_suggestion(user=user, local_date=DECEMBER) != suggested
    assert KindnessAct.objects.filter(owner=user).count() == 1
