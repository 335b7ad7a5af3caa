from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from feelings.models import LifeArea
from feelings.services import vicarious_joy_log
from journal.person_page import PERSON_TIMELINE
from journal.services import gratitude_item_add
from people.models import Person, PersonKind
from people.services import person_archive
from tests.people.factories import PersonFactory

HTMX = {"HX-Request": "true"}


def _form(**overrides: str) -> dict[str, str]:
    return {"name": "Sam", "kind": PersonKind.METAMOUR, "kind_label": "", "notes": "", **overrides}


# --- The people page ---------------------------------------------------------


def test_the_people_page_needs_a_sign_in(client: Client):
    response = client.get(reverse("people:index"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_an_empty_people_page_invites_a_partner_a_metamour_and_a_friend(signed_in: Client):
    response = signed_in.get(reverse("people:index"))

    content = response.content.decode()
    assert response.status_code == 200
    assert "No one here yet" in content
    for kind in ("partner", "metamour", "friend"):
        assert f"?kind={kind}#add-person" in content


def test_the_invitation_link_preselects_the_relationship(signed_in: Client):
    response = signed_in.get(reverse("people:index") + "?kind=metamour")

    assert response.context["form"]["kind"].value() == "metamour"


def test_the_people_page_groups_active_people_and_sets_archived_apart(signed_in: Client, user, other_user):
    PersonFactory.create(owner=user, name="Alex", kind=PersonKind.PARTNER, kind_label="anchor partner")
    PersonFactory.create(owner=user, name="Jo", kind=PersonKind.METAMOUR)
    person_archive(person=PersonFactory.create(owner=user, name="Old Flame", kind=PersonKind.OTHER))
    PersonFactory.create(owner=other_user, name="Not Yours")

    response = signed_in.get(reverse("people:index"))

    content = response.content.decode()
    assert [group.heading for group in response.context["groups"]] == ["Partners", "Metamours"]
    assert "anchor partner" in content
    assert [person.name for person in response.context["archived"]] == ["Old Flame"]
    assert content.index("Jo") < content.index("Archived") < content.index("Old Flame")
    assert "Not Yours" not in content
    assert "No one here yet" not in content


def test_adding_a_person_without_javascript_redirects_back_to_the_list(signed_in: Client, user):
    response = signed_in.post(reverse("people:index"), _form(name="  Sam  ", kind_label="comet"))

    assert response.status_code == 302
    assert response["Location"] == reverse("people:index")
    person = Person.objects.get()
    assert (person.owner, person.name, person.kind, person.kind_label) == (
        user,
        "Sam",
        PersonKind.METAMOUR,
        "comet",
    )
    page = signed_in.get(response["Location"]).content.decode()
    assert "Sam is now in your people." in page


def test_adding_a_person_with_htmx_returns_only_the_list_and_form(signed_in: Client):
    response = signed_in.post(reverse("people:index"), _form(name="Sam"), headers=HTMX)

    content = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in content
    assert 'id="people-board"' in content
    assert "person-item-new" in content
    assert 'hx-swap-oob="innerHTML:#people-status"' in content
    assert "Sam is now in your people." in content
    # The form comes back empty, ready for the next person.
    assert response.context["form"].is_bound is False
    assert Person.objects.filter(name="Sam").exists()


def test_a_blank_name_keeps_what_was_typed_and_says_why(signed_in: Client):
    response = signed_in.post(reverse("people:index"), _form(name="   ", kind_label="my comet"))

    content = response.content.decode()
    assert response.status_code == 400
    assert "Please give them a name" in content
    assert 'value="my comet"' in content
    assert not Person.objects.exists()


def test_a_blank_name_over_htmx_shows_the_errors_in_the_partial(signed_in: Client):
    response = signed_in.post(reverse("people:index"), _form(name="", kind_label="my comet"), headers=HTMX)

    content = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in content
    assert "Please give them a name" in content
    assert 'value="my comet"' in content
    assert "Not saved yet: please check the form." in content


@pytest.mark.parametrize(
    ("field", "length", "message"),
    [
        ("name", 81, "Names can be up to 80 characters; this one has 81."),
        ("kind_label", 41, "Keep your own word to 40 characters or fewer; this one has 41."),
    ],
)
def test_too_long_text_is_refused_with_a_clear_message(signed_in: Client, field, length, message):
    response = signed_in.post(reverse("people:index"), _form(**{field: "x" * length}))

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Person.objects.exists()


# --- The person page ---------------------------------------------------------


def test_the_person_page_shows_name_relationship_notes_and_actions(signed_in: Client, user):
    person = PersonFactory.create(
        owner=user,
        name="Jo",
        kind=PersonKind.METAMOUR,
        kind_label="my partner's partner",
        notes="Loves <figs>",
    )

    response = signed_in.get(reverse("people:detail", args=[person.pk]))

    content = response.content.decode()
    assert response.status_code == 200
    assert '<h1 dir="auto">Jo</h1>' in content
    assert "my partner&#x27;s partner" in content
    assert "Loves &lt;figs&gt;" in content
    assert reverse("people:edit", args=[person.pk]) in content
    assert reverse("people:archive", args=[person.pk]) in content
    assert reverse("people:delete", args=[person.pk]) in content
    assert "Nothing linked to <bdi>Jo</bdi> yet" in content


def test_the_person_page_shows_timeline_entries_newest_first(signed_in: Client, user):
    person = PersonFactory.create(owner=user, name="Sam", kind=PersonKind.PARTNER)
    with time_machine.travel(datetime(2026, 3, 2, 12, tzinfo=UTC), tick=False):
        gratitude_item_add(user=user, local_date=date(2026, 3, 2), text="Sam's <soup>", people=[person])
    with time_machine.travel(datetime(2026, 3, 5, 12, tzinfo=UTC), tick=False):
        vicarious_joy_log(user=user, person=person, what_happened="Got the job", joy=8, area=LifeArea.WORK)
        content = signed_in.get(reverse("people:detail", args=[person.pk])).content.decode()

    assert content.index("Got the job") < content.index("Sam&#x27;s &lt;soup&gt;")
    assert 'datetime="2026-03-05"' in content
    assert "Nothing linked to Sam yet" not in content


def test_editing_saves_and_returns_to_the_person(signed_in: Client, user):
    person = PersonFactory.create(owner=user, name="Sam")
    url = reverse("people:edit", args=[person.pk])

    assert signed_in.get(url).context["form"]["name"].value() == "Sam"
    response = signed_in.post(url, _form(name="Sasha", kind=PersonKind.PARTNER, notes="Met at the lake"))

    assert response.status_code == 302
    assert response["Location"] == reverse("people:detail", args=[person.pk])
    person.refresh_from_db()
    assert (person.name, person.kind, person.notes) == ("Sasha", PersonKind.PARTNER, "Met at the lake")


def test_notes_that_are_too_long_are_kept_in_the_form(signed_in: Client, user):
    person = PersonFactory.create(owner=user, name="Sam", notes="short")
    long_notes = "I am so glad for them. " * 250

    response = signed_in.post(reverse("people:edit", args=[person.pk]), _form(notes=long_notes))

    content = response.content.decode()
    assert response.status_code == 400
    assert "Notes can be up to 5,000 characters; these have 5749." in content
    assert long_notes.strip() in content
    assert 'maxlength="5000"' not in content
    person.refresh_from_db()
    assert person.notes == "short"


def test_archive_and_unarchive_are_posts_that_return_to_the_person(signed_in: Client, user):
    person = PersonFactory.create(owner=user, name="Sam")

    response = signed_in.post(reverse("people:archive", args=[person.pk]))
    person.refresh_from_db()
    assert response["Location"] == reverse("people:detail", args=[person.pk])
    assert person.is_archived
    assert "Bring back from the archive" in signed_in.get(response["Location"]).content.decode()

    signed_in.post(reverse("people:unarchive", args=[person.pk]))
    person.refresh_from_db()
    assert not person.is_archived


@pytest.mark.parametrize("name", ["people:archive", "people:unarchive"])
def test_archive_urls_refuse_a_get(signed_in: Client, user, name):
    person = PersonFactory.create(owner=user)

    assert signed_in.get(reverse(name, args=[person.pk])).status_code == 405
    person.refresh_from_db()
    assert person.archived_at is None


def test_delete_asks_first_and_explains_that_linked_records_stay(signed_in: Client, user):
    person = PersonFactory.create(owner=user, name="Sam")

    response = signed_in.get(reverse("people:delete", args=[person.pk]))

    content = response.content.decode()
    assert response.status_code == 200
    assert "Delete Sam?" in content
    assert "stays in your journal" in content
    assert Person.objects.filter(pk=person.pk).exists()


def test_delete_removes_the_person_and_goes_back_to_the_list(signed_in: Client, user):
    person = PersonFactory.create(owner=user, name="Sam")

    response = signed_in.post(reverse("people:delete", args=[person.pk]))

    assert response["Location"] == reverse("people:index")
    assert not Person.objects.filter(pk=person.pk).exists()


# --- Someone else's person ---------------------------------------------------

ID_URLS = ["people:detail", "people:edit", "people:archive", "people:unarchive", "people:delete"]


@pytest.mark.parametrize("name", ID_URLS)
@pytest.mark.parametrize("method", ["get", "post"])
def test_another_users_person_is_a_404_and_stays_unchanged(other_signed_in: Client, user, name, method):
    person = PersonFactory.create(owner=user, name="Sam", kind=PersonKind.PARTNER, notes="mine")
    if name == "people:unarchive":
        person_archive(person=person)
    before = Person.objects.filter(pk=person.pk).values().get()

    response = getattr(other_signed_in, method)(reverse(name, args=[person.pk]), _form(name="Hacked"))

    assert response.status_code == 404
    assert Person.objects.filter(pk=person.pk).values().get() == before


@pytest.mark.parametrize("name", ID_URLS)
def test_a_missing_person_is_a_404(signed_in: Client, name):
    assert signed_in.get(reverse(name, args=[424242])).status_code == 404


# --- Queries -----------------------------------------------------------------


@pytest.mark.parametrize("count", [1, 50])
def test_the_people_page_takes_a_few_queries_however_many_people(
    signed_in: Client, user, count, django_assert_max_num_queries
):
    PersonFactory.create_batch(count, owner=user)
    person_archive(person=PersonFactory.create(owner=user))

    with django_assert_max_num_queries(10):
        response = signed_in.get(reverse("people:index"))

    assert len(response.context["archived"]) == 1
    assert sum(len(group.people) for group in response.context["groups"]) == count


@pytest.mark.parametrize("count", [1, 50])
def test_the_person_page_takes_a_few_queries_however_many_people(
    signed_in: Client, user, count, django_assert_max_num_queries
):
    people = PersonFactory.create_batch(count, owner=user)

    with django_assert_max_num_queries(10):
        response = signed_in.get(reverse("people:detail", args=[people[-1].pk]))

    assert response.status_code == 200


def test_the_person_page_costs_one_query_per_practice_however_much_is_linked(
    signed_in: Client, user, django_assert_num_queries
):
    person = PersonFactory.create(owner=user, kind=PersonKind.PARTNER)
    url = reverse("people:detail", args=[person.pk])
    signed_in.get(url)  # warm the session
    expected = 3 + len(PERSON_TIMELINE)  # session, user, person, then one per timeline function

    with django_assert_num_queries(expected):
        signed_in.get(url)
    for n in range(12):
        vicarious_joy_log(user=user, person=person, what_happened=f"News {n}", joy=5, area=LifeArea.WORK)
    with django_assert_num_queries(expected):
        assert "News 11" in signed_in.get(url).content.decode()


def test_a_long_timeline_shows_fifty_and_links_to_the_older_ones(signed_in: Client, user):
    person = PersonFactory.create(owner=user, kind=PersonKind.PARTNER)
    for n in range(51):
        vicarious_joy_log(user=user, person=person, what_happened=f"News {n}", joy=5, area=LifeArea.WORK)
    url = reverse("people:detail", args=[person.pk])

    response = signed_in.get(url)
    older = response.context["entries"].older
    rest = signed_in.get(url, {"before": str(older)}).content.decode()

    assert len(response.context["entries"].entries) == 50
    assert "News 0<" not in response.content.decode()
    assert f'href="?before={older}#timeline-heading"' in response.content.decode()
    assert "News 0<" in rest
    assert "News 1<" not in rest
