from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from kindness.models import KindnessAct, KindnessIdea, KindnessPreference
from kindness.selectors import idea_suggestion
from people.models import Person
from tests.kindness.conftest import NEW_IDEA

# Friday 20 November 2026, noon in Berlin.
NOW = datetime(2026, 11, 20, 11, 0, tzinfo=UTC)
TODAY = date(2026, 11, 20)


@pytest.fixture(autouse=True)
def _frozen_time():
    with time_machine.travel(NOW, tick=False):
        yield


def log_form(**fields):
    data = {
        "kindness-text": "Left flowers on the neighbour's step",
        "kindness-recipient": "kind:neighbour",
        "kindness-category": "gift",
        "kindness-effort": "small",
        "kindness-local_date": TODAY.isoformat(),
        "kindness-reflection": "",
    }
    data.update({f"kindness-{name}": value for name, value in fields.items()})
    return data


def test_the_data_migration_loads_at_least_150_shared_ideas_once(db):
    from importlib import import_module

    from django.apps import apps

    migration = import_module("kindness.migrations.0002_load_ideas")
    KindnessIdea.objects.all().delete()
    migration.load_ideas(apps, None)
    migration.load_ideas(apps, None)  # running it again adds nothing
    shared = KindnessIdea.objects.filter(owner__isnull=True)
    assert shared.count() >= 150
    assert shared.count() == len(set(shared.values_list("key", flat=True)))
    kinds = set(shared.values_list("recipient_kind", flat=True))
    assert kinds >= {"stranger", "metamour", "planet", "animals"}
    assert set(shared.values_list("setting", flat=True)) == {"home", "work", "out", "online"}


def test_every_shared_idea_uses_known_choices():
    from kindness.ideas import idea_seeds
    from kindness.models import Category, Cost, Effort, RecipientKind, Setting

    for seed in idea_seeds():
        assert seed.category in Category.values, seed
        assert seed.effort in Effort.values, seed
        assert seed.cost in Cost.values, seed
        assert seed.recipient_kind in RecipientKind.values, seed
        assert seed.setting in Setting.values, seed
        assert 10 < len(seed.text) <= 280, seed


def test_the_index_asks_for_a_sign_in(client):
    response = client.get(reverse("kindness:index"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_logging_an_act_records_it_as_a_secret_for_the_chosen_person(client, user, sam):
    client.force_login(user)
    response = client.post(reverse("kindness:log"), log_form(recipient=f"person:{sam.pk}", category="time"))
    assert response.status_code == 302
    act = KindnessAct.objects.get(owner=user)
    assert act.person == sam
    assert act.recipient_kind == "partner"
    assert act.is_secret
    assert act.local_date == TODAY
    assert act.time_zone == "Europe/Berlin"
    assert response["Location"] == f"{reverse('kindness:index')}?logged={act.pk}#logged"


def test_the_form_explains_why_the_act_stays_untold(client, user):
    client.force_login(user)
    response = client.get(reverse("kindness:index"))
    assert "A kindness nobody hears about keeps coming back to you" in response.content.decode()


def test_there_is_no_way_to_share_an_act(client, user, make_act):
    act = make_act(user, TODAY)
    client.force_login(user)
    pages = [reverse("kindness:index"), reverse("kindness:act", args=[act.pk]), reverse("kindness:ideas")]
    for url in pages:
        body = client.get(url).content.decode()
        # The visible words of every link and button (idea texts in hidden spans are not controls).
        controls = [
            re.sub(r"<span[^>]*>.*?</span>", "", control, flags=re.S)
            for control in re.findall(r"<(?:a|button)\b[^>]*>(.*?)</(?:a|button)>", body, flags=re.S)
        ]
        assert controls
        for control in controls:
            assert not re.search(r"\b(share|send|post|publish|tweet)\b", control, flags=re.I), (url, control)
        for target in re.findall(r'(?:href|action)="([^"]*)"', body):
            assert target.startswith(("/", "#", "?")), (url, target)


def test_a_bad_act_keeps_the_users_words_and_says_what_is_missing(client, user):
    client.force_login(user)
    response = client.post(reverse("kindness:log"), log_form(recipient="", text="Held the door"))
    assert response.status_code == 400
    assert "Held the door" in response.content.decode()
    assert not KindnessAct.objects.exists()


def test_an_act_cannot_be_logged_for_another_users_person(client, user, other_user):
    theirs = Person.objects.create(owner=other_user, name="Not yours")
    client.force_login(user)
    response = client.post(reverse("kindness:log"), log_form(recipient=f"person:{theirs.pk}"))
    assert response.status_code == 400
    assert not KindnessAct.objects.exists()


def test_a_date_in_the_future_is_refused(client, user):
    client.force_login(user)
    response = client.post(
        reverse("kindness:log"), log_form(local_date=(TODAY + timedelta(days=1)).isoformat())
    )
    assert response.status_code == 400
    assert not KindnessAct.objects.exists()


def test_i_told_someone_keeps_the_act_and_marks_it_honestly(client, user, make_act):
    act = make_act(user, TODAY)
    client.force_login(user)
    response = client.post(reverse("kindness:act_told", args=[act.pk]))
    assert response.status_code == 302
    act.refresh_from_db()
    assert not act.is_secret
    assert act.told_at == NOW
    page = client.get(reverse("kindness:act", args=[act.pk])).content.decode()
    assert "You told someone" in page
    assert "I told someone</button>" not in page
    # Told acts still count towards the week.
    assert "<strong>1 of 1</strong>" in client.get(reverse("kindness:index")).content.decode()


def test_telling_twice_keeps_the_first_moment(client, user, make_act):
    act = make_act(user, TODAY)
    client.force_login(user)
    client.post(reverse("kindness:act_told", args=[act.pk]))
    with time_machine.travel(NOW + timedelta(hours=2), tick=False):
        client.post(reverse("kindness:act_told", args=[act.pk]))
    act.refresh_from_db()
    assert act.told_at == NOW


@pytest.mark.parametrize("name", ["kindness:act", "kindness:act_told", "kindness:act_delete"])
def test_another_users_act_is_a_404_on_get_and_post(client, user, other_user, make_act, name):
    act = make_act(user, TODAY)
    client.force_login(other_user)
    url = reverse(name, args=[act.pk])
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    act.refresh_from_db()
    assert act.is_secret


def test_another_users_private_idea_is_a_404_and_never_listed(client, user, other_user):
    idea = KindnessIdea.objects.create(
        owner=user, text="Bake for the choir", category="gift", recipient_kind="community", setting="out"
    )
    client.force_login(other_user)
    delete_url = reverse("kindness:idea_delete", args=[idea.pk])
    assert client.get(delete_url).status_code == 404
    assert client.post(delete_url).status_code == 404
    assert client.get(reverse("kindness:index"), {"idea": idea.pk}).status_code == 404
    assert "Bake for the choir" not in client.get(reverse("kindness:ideas")).content.decode()
    assert "Bake for the choir" not in client.get(reverse("kindness:ideas"), {"mine": "on"}).content.decode()
    response = client.post(reverse("kindness:log"), {**log_form(), "kindness-idea": idea.pk})
    assert response.status_code == 404
    assert KindnessIdea.objects.filter(pk=idea.pk).exists()


def test_a_shared_idea_cannot_be_deleted_by_anyone(client, user):
    idea = KindnessIdea.objects.filter(owner__isnull=True).first()
    client.force_login(user)
    assert client.post(reverse("kindness:idea_delete", args=[idea.pk])).status_code == 404
    assert KindnessIdea.objects.filter(pk=idea.pk).exists()


def test_a_user_adds_and_deletes_a_private_idea(client, user):
    client.force_login(user)
    response = client.post(
        reverse("kindness:idea_add"),
        NEW_IDEA,
    )
    assert response.status_code == 302
    idea = KindnessIdea.objects.get(owner=user)
    page = client.get(reverse("kindness:ideas"), {"mine": "on"}).content.decode()
    assert "Sing to the cat" in page
    assert "1 idea" in page
    client.post(reverse("kindness:idea_delete", args=[idea.pk]))
    assert not KindnessIdea.objects.filter(owner=user).exists()


def test_ideas_can_be_filtered(client, user):
    client.force_login(user)
    response = client.get(reverse("kindness:ideas"), {"recipient_kind": "metamour", "setting": "online"})
    ideas = response.context["ideas"]
    assert ideas
    assert all(idea.recipient_kind == "metamour" and idea.setting == "online" for idea in ideas)


def test_ill_do_this_prefills_the_act_form(client, user):
    idea = KindnessIdea.objects.filter(owner__isnull=True, recipient_kind="planet").first()
    client.force_login(user)
    form = client.get(reverse("kindness:index"), {"idea": idea.pk}).context["form"]
    assert form.initial["text"] == idea.text
    assert form.initial["category"] == idea.category
    assert form.initial["recipient"] == "kind:planet"
    assert form.initial["idea"] == idea.pk


def test_the_suggestion_is_stable_within_the_day(client, user):
    client.force_login(user)
    first = client.get(reverse("kindness:suggest")).context["idea"]
    with time_machine.travel(NOW + timedelta(hours=8), tick=False):  # 20:00 in Berlin, same day
        assert client.get(reverse("kindness:suggest")).context["idea"] == first
    days = {idea_suggestion(user=user, local_date=TODAY + timedelta(days=n)).pk for n in range(6)}
    assert len(days) > 1


def test_the_suggestion_skips_ideas_done_in_the_last_90_days(user, make_act):
    suggested = idea_suggestion(user=user, local_date=TODAY)
    make_act(user, TODAY - timedelta(days=89), idea=suggested, category="other", recipient_kind="stranger")
    assert idea_suggestion(user=user, local_date=TODAY) != suggested
    # Only ideas done within 90 days are skipped: restrict the store to one idea to see it come back.
    KindnessIdea.objects.exclude(pk=suggested.pk).delete()
    assert idea_suggestion(user=user, local_date=TODAY) is None
    assert idea_suggestion(user=user, local_date=TODAY + timedelta(days=2)) == suggested


def test_the_suggestion_leans_away_from_what_the_user_did_lately(user, make_act):
    for back in range(1, 9):
        make_act(user, TODAY - timedelta(days=back), category="words", recipient_kind="friend")
    for n in range(10):
        idea = idea_suggestion(user=user, local_date=TODAY + timedelta(days=n))
        assert idea.category != "words"
        assert idea.recipient_kind != "friend"


def test_a_repeated_recipient_gets_a_gentle_note_with_a_different_idea(client, user, sam):
    client.force_login(user)
    client.post(reverse("kindness:log"), log_form(recipient=f"person:{sam.pk}", category="time"))
    response = client.post(
        reverse("kindness:log"), log_form(recipient=f"person:{sam.pk}", category="gift"), follow=True
    )
    note = response.context["note"]
    assert note.recipient and not note.category
    assert note.idea.recipient_kind != "partner"
    assert 'data-testid="variety-note"' in response.content.decode()


def test_a_varied_act_gets_no_note(client, user, sam):
    client.force_login(user)
    client.post(reverse("kindness:log"), log_form(recipient=f"person:{sam.pk}", category="time"))
    response = client.post(
        reverse("kindness:log"), log_form(recipient="kind:planet", category="environment"), follow=True
    )
    assert response.context["note"] is None
    assert 'data-testid="variety-note"' not in response.content.decode()


def test_the_weekly_target_is_saved_and_bounded(client, user):
    client.force_login(user)
    client.post(reverse("kindness:target"), {"weekly_target": "3"})
    assert KindnessPreference.objects.get(user=user).weekly_target == 3
    client.post(reverse("kindness:target"), {"weekly_target": "8"})
    assert KindnessPreference.objects.get(user=user).weekly_target == 3


def test_the_page_shows_the_streak_of_weeks_meeting_the_target(client, user, make_act):
    for weeks_back in (0, 1, 2, 4):
        make_act(user, TODAY - timedelta(weeks=weeks_back))
    client.force_login(user)
    response = client.get(reverse("kindness:index"))
    assert response.context["overview"].streak == 3
    assert "A run of <strong>3 weeks</strong>" in response.content.decode()


def test_the_charts_have_titles_and_text_alternatives(client, user, make_act):
    make_act(user, TODAY, category="gift", recipient_kind="stranger")
    client.force_login(user)
    body = client.get(reverse("kindness:index")).content.decode()
    assert body.count('role="img"') == 2
    assert "Acts per week over the last 26 weeks" in body
    assert "<td>Gift</td><td>A stranger</td><td>1</td>" in body


@pytest.mark.parametrize("history_weeks", [0, 3, 150])
def test_the_kindness_page_uses_a_fixed_number_of_queries(
    client, user, sam, make_act, django_assert_max_num_queries, history_weeks
):
    for week in range(history_weeks):
        make_act(user, TODAY - timedelta(weeks=week), person=sam if week % 2 else None)
        make_act(user, TODAY - timedelta(weeks=week, days=1), told_at=NOW, is_secret=False)
    client.force_login(user)
    latest = KindnessAct.objects.filter(owner=user).order_by("-id").first()
    with django_assert_max_num_queries(10):
        response = client.get(reverse("kindness:index"), {"logged": latest.pk} if latest else {})
    assert response.status_code == 200


def test_the_person_page_lists_acts_for_that_person(client, user, sam, make_act):
    make_act(user, TODAY, person=sam, text="Warmed the car for Sam")
    make_act(user, TODAY, text="Fed the neighbour's cat")
    client.force_login(user)
    body = client.get(reverse("people:detail", args=[sam.pk])).content.decode()
    assert "Warmed the car for Sam" in body
    assert "Fed the neighbour" not in body


def test_a_private_idea_is_never_suggested_to_someone_else(user, other_user):
    KindnessIdea.objects.filter(owner__isnull=True).delete()
    # Written yesterday: an idea added today joins the suggestions tomorrow (today's stays put).
    mine = KindnessIdea.objects.create(
        owner=user,
        text="Sing to the cat",
        category="time",
        recipient_kind="animals",
        setting="home",
        created_at=NOW - timedelta(days=1),
    )
    assert idea_suggestion(user=user, local_date=TODAY) == mine
    for n in range(5):
        assert idea_suggestion(user=other_user, local_date=TODAY + timedelta(days=n)) is None


def test_filtering_ideas_with_htmx_answers_with_just_the_results(client, user):
    client.force_login(user)
    response = client.get(reverse("kindness:ideas"), {"category": "donation"}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert body.lstrip().startswith('<section id="idea-results"')
    assert "<html" not in body
    donations = KindnessIdea.objects.filter(owner__isnull=True, category="donation").count()
    assert body.count('<li class="card">') == donations
    assert body.count('<p class="eyebrow">Donation ·') == donations


def test_another_users_act_id_in_the_logged_note_reveals_nothing(client, user, other_user, make_act):
    theirs = make_act(other_user, TODAY, text="Their private kindness")
    make_act(other_user, TODAY, text="Their private kindness again")
    client.force_login(user)
    response = client.get(reverse("kindness:index"), {"logged": theirs.pk})
    assert response.context["note"] is None
    assert "Their private kindness" not in response.content.decode()


def test_the_day_you_told_someone_is_shown_in_your_own_zone(client, user, make_act):
    act = make_act(user, TODAY)
    # 23:30 UTC on the 20th is already the 21st in Berlin.
    with time_machine.travel(datetime(2026, 11, 20, 23, 30, tzinfo=UTC), tick=False):
        client.force_login(user)
        client.post(reverse("kindness:act_told", args=[act.pk]))
        body = client.get(reverse("kindness:act", args=[act.pk])).content.decode()
    # This year, so without the year (accounts/templatetags/dates.py).
    assert "You told someone on 21 November</dd>" in body
