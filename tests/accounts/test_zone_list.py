"""The time zone list: places by region, no placeholders or old aliases, and old aliases still work."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from accounts.forms import SettingsForm, SignupForm
from accounts.models import User
from compersion.lib import clock
from tests.accounts.support import signup_data

OFFERED = {name for _region, names in clock.zone_groups() for name in names}


def test_the_list_is_grouped_by_region_with_utc_last() -> None:
    regions = [region for region, _names in clock.zone_groups()]

    assert regions[0] == "Africa"
    assert {"America", "Asia", "Europe", "Pacific"} <= set(regions)
    assert regions[-1] == "UTC"
    for region, names in clock.zone_groups()[:-1]:
        assert list(names) == sorted(names)
        assert all(name.startswith(f"{region}/") for name in names)


@pytest.mark.parametrize(
    "name",
    ["Factory", "localtime", "US/Pacific", "Asia/Calcutta", "Europe/Kiev", "GB", "Etc/GMT+5", "EST5EDT"],
)
def test_placeholders_and_old_aliases_are_not_offered(name: str) -> None:
    assert name not in OFFERED


@pytest.mark.parametrize("name", ["Europe/Berlin", "Asia/Kolkata", "Europe/Kyiv", "Pacific/Chatham", "UTC"])
def test_the_places_people_live_are_offered(name: str) -> None:
    assert name in OFFERED


def test_old_aliases_still_count_as_zones_but_placeholders_do_not() -> None:
    assert clock.is_zone_name("US/Pacific")
    assert not clock.is_zone_name("Factory")
    assert not clock.is_zone_name("localtime")


@pytest.mark.django_db
def test_the_signup_select_has_an_optgroup_per_region_and_reads_place_names() -> None:
    html = str(SignupForm()["time_zone"])

    assert re.search(r'<optgroup label="Europe">\s*<option value="Europe/Amsterdam">Amsterdam</option>', html)
    assert '<option value="America/Argentina/Buenos_Aires">Argentina/Buenos Aires</option>' in html
    assert 'value="US/Pacific"' not in html
    assert "data-zone-filter" in html


@pytest.mark.django_db
def test_a_browser_that_names_an_old_alias_can_still_sign_up() -> None:
    # Chromium still answers "Asia/Calcutta" for India; the page offers it, the server takes it.
    form = SignupForm(signup_data(time_zone="Asia/Calcutta"))

    assert form.is_valid(), form.errors
    assert form.cleaned_data["time_zone"] == "Asia/Calcutta"


@pytest.mark.django_db
def test_an_account_on_an_old_alias_sees_it_selected_and_keeps_it_when_saving(
    client: Client, user: User
) -> None:
    User.objects.filter(pk=user.pk).update(time_zone="US/Pacific")
    client.force_login(user)

    page = client.get(reverse("settings")).content.decode()
    assert re.search(
        r'<optgroup label="[^"]+">\s*<option value="US/Pacific" selected>US/Pacific</option>', page
    )

    user.refresh_from_db()
    form = SettingsForm(instance=user)
    data = {name: form[name].value() for name in ("display_name", "time_zone", "day_start_hour")}
    response = client.post(reverse("settings"), data)

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.time_zone == "US/Pacific"


@pytest.mark.django_db
def test_a_zone_on_the_list_is_not_shown_twice() -> None:
    html = str(SignupForm({"time_zone": "Europe/Berlin"})["time_zone"])

    assert html.count('value="Europe/Berlin"') == 1
    assert "Older name" not in html


@pytest.mark.django_db
def test_placeholders_are_refused_with_a_clear_message() -> None:
    form = SignupForm(signup_data(time_zone="Factory"))

    assert not form.is_valid()
    assert "is not a time zone we know" in form.errors["time_zone"][0]
