from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from kindness.models import KindnessAct
from kindness.selectors import today_card, week_progress

# Friday 20 November 2026, noon in Berlin.
NOW = datetime(2026, 11, 20, 11, 0, tzinfo=UTC)
TODAY = date(2026, 11, 20)


@pytest.fixture(autouse=True)
def _frozen_time():
    with time_machine.travel(NOW, tick=False):
        yield


def quick_form(**fields):
    data = {
        "from": "today",
        "kindness-text": "Carried a stranger's shopping up the stairs",
        "kindness-recipient": "kind:stranger",
        "kindness-category": "help",
        "kindness-effort": "small",
        "kindness-local_date": TODAY.isoformat(),
    }
    data.update({f"kindness-{name}": value for name, value in fields.items()})
    return data


def test_today_shows_this_weeks_progress_in_the_page_itself(client, user, make_act):
    make_act(user, TODAY - timedelta(days=4))  # Monday of this ISO week
    make_act(user, TODAY - timedelta(days=5))  # Sunday of last week
    client.force_login(user)
    today = client.get(reverse("home")).content.decode()
    # The card comes with the page: no second request after it loads.
    assert 'data-testid="kindness-today"' in today
    assert "<strong>1 of 1</strong> this week" in today
    assert 'hx-trigger="load"' not in today


def test_today_offers_the_quick_form_only_when_asked(client, user, sam):
    client.force_login(user)
    today = client.get(reverse("home")).content.decode()
    # No form and no list of people in every Today: a link that opens the form in place with
    # htmx, and without JavaScript leads to the kindness page's own form.
    assert 'name="kindness-recipient"' not in today
    assert f'action="{reverse("kindness:log")}"' not in today
    assert f'href="{reverse("kindness:index")}#log" data-hx-get="{reverse("kindness:log")}"' in today
    assert "{#" not in today  # template comments stay in the template

    opened = client.get(reverse("kindness:log"), headers={"HX-Request": "true"})
    assert opened.status_code == 200
    form = opened.content.decode()
    assert form.lstrip().startswith('<form method="post" action="/kindness/log/"')
    assert "<html" not in form
    assert f'<option value="person:{sam.pk}" dir="auto">Sam</option>' in form
    assert f'name="kindness-local_date" value="{TODAY.isoformat()}"' in form
    assert "autofocus" in form


def test_log_an_act_without_javascript_leads_to_the_kindness_pages_form(client, user):
    client.force_login(user)
    response = client.get(reverse("kindness:log"))
    assert response.status_code == 302
    assert response["Location"] == reverse("kindness:index") + "#log"
    page = client.get(response["Location"]).content.decode()
    assert 'id="log"' in page and 'name="kindness-recipient"' in page


def test_the_card_has_no_address_of_its_own(client, user):
    client.force_login(user)
    assert client.get("/kindness/today-card/").status_code == 404


def test_the_card_is_two_queries_whatever_the_history(user, sam, make_act, django_assert_num_queries):
    for back in range(0, 400, 3):
        make_act(user, TODAY - timedelta(days=back), person=sam if back % 2 else None)
    # The week's count with the target, then the one old secret act to remember.
    with django_assert_num_queries(2):
        card = today_card(user=user, local_date=TODAY)
    assert card.week.done == 2
    assert card.remembered is not None


def test_the_card_is_one_query_with_nothing_old_to_remember(user, make_act, django_assert_num_queries):
    make_act(user, TODAY)
    with django_assert_num_queries(1):
        card = today_card(user=user, local_date=TODAY)
    assert card.week.done == 1
    assert card.remembered is None


@pytest.mark.parametrize("history_days", [0, 400])
def test_today_with_its_card_keeps_a_fixed_query_count(
    client, user, sam, make_act, django_assert_max_num_queries, history_days
):
    for back in range(0, history_days, 2):
        make_act(user, TODAY - timedelta(days=back), person=sam)
    client.force_login(user)
    with django_assert_max_num_queries(10):
        assert client.get(reverse("home")).status_code == 200


def test_remembering_shows_an_old_secret_act_stable_within_the_day_and_changing_daily(user, make_act):
    make_act(user, TODAY - timedelta(days=3), text="Too recent to remember")
    make_act(user, TODAY - timedelta(days=30), text="Told already", is_secret=False, told_at=NOW)
    old = [make_act(user, TODAY - timedelta(days=20 + n), text=f"Old kindness {n}") for n in range(3)]
    old_ids = {act.pk for act in old}

    def remembered_on(day):
        remembered = today_card(user=user, local_date=day).remembered
        assert remembered is not None
        return remembered.id

    shown = [remembered_on(TODAY + timedelta(days=n)) for n in range(4)]
    assert set(shown) <= old_ids
    assert remembered_on(TODAY) == shown[0]
    # A different one each day, and in time every old secret comes back.
    assert all(a != b for a, b in zip(shown, shown[1:], strict=False))
    assert set(shown) == old_ids


def test_remembering_is_quiet_without_old_secrets(user, make_act):
    make_act(user, TODAY - timedelta(days=2))
    assert today_card(user=user, local_date=TODAY).remembered is None


def test_the_card_says_on_which_day_you_did_it(client, user, make_act):
    make_act(user, date(2026, 3, 3), text="Left a thank-you note for the postie")
    client.force_login(user)
    body = client.get(reverse("home")).content.decode()
    assert "On 3 March you did something kind, and told no one:" in body
    assert "Left a thank-you note for the postie" in body


def test_quick_log_from_today_with_htmx_answers_with_the_refreshed_card(client, user):
    client.force_login(user)
    response = client.post(reverse("kindness:log"), quick_form(), headers={"HX-Request": "true"})
    assert response.status_code == 200
    body = response.content.decode()
    # The answer is the card alone, as Today renders it (htmx swaps it for the old one), the
    # quick form closed again behind "Log an act".
    assert body.lstrip().startswith('<section class="card kindness-today" id="kindness-today-card"')
    assert body.count("<section") == 1 and "<html" not in body
    assert "Logged, and kept to yourself." in body
    assert "Carried a stranger" not in body
    assert 'name="kindness-text"' not in body and ">Log an act</a>" in body
    assert "<strong>1 of 1</strong> this week" in body
    assert KindnessAct.objects.get(owner=user).recipient_kind == "stranger"
    assert week_progress(user=user, local_date=TODAY) == (1, 1)


def test_quick_log_with_htmx_keeps_the_words_when_something_is_missing(client, user):
    client.force_login(user)
    data = quick_form(recipient="", text="Half a thought")
    response = client.post(reverse("kindness:log"), data, headers={"HX-Request": "true"})
    assert response.status_code == 200
    body = response.content.decode()
    # The form stays open, with the words and the reason.
    assert "Half a thought" in body
    assert 'id="id_kindness-recipient_error"' in body or "field-invalid" in body
    assert not KindnessAct.objects.exists()


def test_quick_log_without_javascript_redirects_to_the_kindness_page(client, user):
    client.force_login(user)
    response = client.post(reverse("kindness:log"), quick_form())
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("kindness:index") + "?logged=")


def test_week_progress_uses_the_users_target(user, make_act):
    from kindness.services import kindness_target_set

    kindness_target_set(user=user, weekly_target=3)
    make_act(user, TODAY)
    assert week_progress(user=user, local_date=TODAY) == (1, 3)
