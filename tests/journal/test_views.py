from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from accounts.models import User
from compersion.lib import clock
from journal.models import DayState, GratitudeItem, JournalDay
from tests.journal.conftest import write_items
from tests.people.factories import PersonFactory

pytestmark = pytest.mark.django_db

BERLIN = clock.zone("Europe/Berlin")
NOW = datetime(2026, 5, 4, 18, 30, tzinfo=BERLIN)  # the evening of Monday 4 May in Berlin
TODAY = date(2026, 5, 4)
HTMX = {"HX-Request": "true"}


@pytest.fixture(autouse=True)
def _frozen() -> object:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def add_url(day: date = TODAY) -> str:
    return reverse("journal:item_add", kwargs={"local_date": day})


def slot_data(slot: int, text: str, *, relational: bool = False, people: tuple[int, ...] = ()) -> dict:
    data: dict[str, object] = {"slot": str(slot), f"slot{slot}-text": text}
    if relational:
        data[f"slot{slot}-relational"] = "on"
    if people:
        data[f"slot{slot}-people"] = [str(p) for p in people]
    return data


def test_the_landing_page_greets_someone_signed_out(client: Client) -> None:
    response = client.get("/")
    assert b"Be glad for the people you love" in response.content


def test_today_shows_the_date_zone_prompt_and_one_form_for_the_first_item(signed_in: Client) -> None:
    response = signed_in.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="zone-line"' in html
    assert "Europe/Berlin" in html
    assert 'datetime="2026-05-04"' in html
    assert 'data-testid="prompt"' in html
    assert html.count('name="slot"') == 1 and "Good thing 1 of 5" in html
    assert "0 of 5" in html


def test_saved_items_show_as_text_with_one_form_for_the_next(signed_in: Client, user: User) -> None:
    items = write_items(user, count=2)
    html = signed_in.get("/").content.decode()
    assert html.count("<form") == 2 + 1 + 1  # Remove for each saved item, the next item, sign out
    assert html.count('name="slot"') == 1 and "Good thing 3 of 5" in html
    assert html.count('data-testid="item-text"') == 2
    for item in items:
        assert f'href="/?edit={item.pk}#slot-{item.position}"' in html
        assert f'action="{reverse("journal:item_remove", kwargs={"item_id": item.pk})}"' in html
    assert html.count("<textarea") == 1  # the next item's (kindness's quick form opens on asking)


def test_edit_opens_the_items_form_in_place_with_or_without_javascript(signed_in: Client, user: User) -> None:
    items = write_items(user, count=2)
    edit_url = reverse("journal:item_edit", kwargs={"item_id": items[1].pk})
    # Without JavaScript the Edit link is a page with the item's form open.
    page = signed_in.get(f"/?edit={items[1].pk}").content.decode()
    assert f'action="{edit_url}"' in page
    assert items[1].text in page.split(f'action="{edit_url}"')[1].split("</form>")[0]
    assert page.count('name="slot"') == 2  # the edited item's form and the next item's
    # With htmx the same address answers with the items alone, for the link to swap in place.
    partial = signed_in.get(f"/?edit={items[1].pk}", headers=HTMX).content.decode()
    assert partial.lstrip().startswith('<ol class="slots" id="slots">') and "<html" not in partial
    assert f'action="{edit_url}"' in partial
    # An id that is not one of today's items opens nothing.
    other = signed_in.get("/?edit=999999999").content.decode()
    assert other.count('name="slot"') == 1 and "Save changes" not in other
    # An old link to the edit address goes to the page with the form open.
    response = signed_in.get(edit_url)
    assert response.status_code == 302 and response["Location"] == f"/?edit={items[1].pk}#slot-2"


def test_without_javascript_saving_a_slot_redirects_home(signed_in: Client, user: User) -> None:
    response = signed_in.post(add_url(), slot_data(3, "Sam brought me soup when I was ill", relational=True))
    assert response.status_code == 302
    assert response["Location"] == "/"
    item = GratitudeItem.objects.get(owner=user)
    assert (item.position, item.local_date, item.time_zone, item.relational) == (
        3,
        TODAY,
        "Europe/Berlin",
        True,
    )
    assert "1 of 5" in signed_in.get("/").content.decode()


def test_with_htmx_saving_swaps_the_items_and_the_progress(signed_in: Client, user: User) -> None:
    person = PersonFactory.create(owner=user, name="Noor")
    response = signed_in.post(
        add_url(), slot_data(1, "Noor sent me a photo of her garden", people=(person.pk,)), headers=HTMX
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert html.lstrip().startswith('<ol class="slots" id="slots">')
    assert html.count('name="slot"') == 1 and "Good thing 2 of 5" in html  # the next one, focused
    assert "autofocus" in html
    assert '<section id="progress"' in html and 'hx-swap-oob="true"' in html
    assert 'id="charts"' in html
    assert "Noor sent me a photo" in html and "About <bdi>Noor</bdi>" in html
    assert list(GratitudeItem.objects.get(owner=user).people.all()) == [person]


def test_the_fifth_item_through_htmx_shows_day_1_of_22(signed_in: Client, user: User) -> None:
    for slot in range(1, 5):
        signed_in.post(add_url(), slot_data(slot, f"A specific kind thing number {slot}"), headers=HTMX)
    response = signed_in.post(
        add_url(), slot_data(5, "Kai laughed at my terrible joke", relational=True), headers=HTMX
    )
    html = response.content.decode()
    assert "Day 1 of 22" in html
    assert "5 of 5" in html
    assert JournalDay.objects.get(owner=user).status == DayState.ON_TIME


def test_a_vague_item_is_saved_with_a_gentle_question(signed_in: Client, user: User) -> None:
    response = signed_in.post(add_url(), slot_data(1, "my family"), headers=HTMX)
    # The text is encrypted at rest, so it is compared here, not in the database.
    assert "my family" in [item.text for item in GratitudeItem.objects.filter(owner=user)]
    assert "what exactly" in response.content.decode()


def test_a_specific_item_gets_no_nudge(signed_in: Client) -> None:
    response = signed_in.post(add_url(), slot_data(1, "Rosa fixed my bike chain this morning"), headers=HTMX)
    assert "what exactly" not in response.content.decode()


def test_an_empty_item_is_refused_and_the_slot_says_why(signed_in: Client, user: User) -> None:
    response = signed_in.post(add_url(), slot_data(1, "   "), headers=HTMX)
    assert response.status_code == 200
    assert "Write a few words first" in response.content.decode()
    assert not GratitudeItem.objects.exists()
    plain = signed_in.post(add_url(), slot_data(1, "x" * 501))
    assert plain.status_code == 400
    assert "x" * 501 in plain.content.decode()  # the user's words come back, never lost


def test_editing_and_removing_an_item_during_the_day(signed_in: Client, user: User) -> None:
    items = write_items(user)
    edit = reverse("journal:item_edit", kwargs={"item_id": items[1].pk})
    response = signed_in.post(edit, slot_data(2, "Ife read to me while I cooked"), headers=HTMX)
    assert "Ife read to me" in response.content.decode()
    items[1].refresh_from_db()
    assert items[1].text == "Ife read to me while I cooked"
    remove = reverse("journal:item_remove", kwargs={"item_id": items[0].pk})
    response = signed_in.post(remove)
    assert response.status_code == 302
    day = JournalDay.objects.get(owner=user)
    assert (day.item_count, day.status) == (4, DayState.PARTIAL)


def test_a_past_day_can_be_backfilled_and_is_late(signed_in: Client, user: User) -> None:
    past = TODAY - timedelta(days=2)
    assert signed_in.get(reverse("journal:day", kwargs={"local_date": past})).status_code == 200
    for slot in range(1, 6):
        response = signed_in.post(
            add_url(past), slot_data(slot, f"Thing {slot} from that day", relational=True)
        )
        assert response.status_code == 302
        assert response["Location"] == reverse("journal:day", kwargs={"local_date": past})
    assert JournalDay.objects.get(owner=user, local_date=past).status == DayState.LATE


def test_future_and_impossible_dates_are_404(signed_in: Client) -> None:
    tomorrow = TODAY + timedelta(days=1)
    assert signed_in.get(reverse("journal:day", kwargs={"local_date": tomorrow})).status_code == 404
    assert signed_in.post(add_url(tomorrow), slot_data(1, "not yet")).status_code == 404
    assert signed_in.get("/journal/2026-02-30/").status_code == 404
    assert not GratitudeItem.objects.exists()


def test_signed_out_visitors_are_sent_to_sign_in(client: Client, user: User) -> None:
    item = write_items(user, count=1)[0]
    for url in [
        reverse("journal:index"),
        reverse("journal:day", kwargs={"local_date": TODAY}),
        reverse("journal:item_edit", kwargs={"item_id": item.pk}),
    ]:
        response = client.get(url)
        assert response.status_code == 302
        assert reverse("accounts:login") in response["Location"]


@pytest.mark.parametrize("name", ["journal:item_edit", "journal:item_remove"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_another_users_item_is_404(
    client: Client, user: User, other_user: User, name: str, method: str
) -> None:
    item = write_items(user, count=1)[0]
    client.force_login(other_user, backend="django.contrib.auth.backends.ModelBackend")
    response = getattr(client, method)(reverse(name, kwargs={"item_id": item.pk}), slot_data(1, "mine now"))
    assert response.status_code == 404
    item.refresh_from_db()
    assert item.text.startswith("Specific good thing")


@pytest.mark.parametrize("method", ["get", "post"])
def test_filtering_by_another_users_person_is_404(signed_in: Client, other_user: User, method: str) -> None:
    theirs = PersonFactory.create(owner=other_user)
    url = reverse("journal:index") + f"?person={theirs.pk}"
    expected = 404 if method == "get" else 405
    assert getattr(signed_in, method)(url).status_code == expected
    assert signed_in.get(reverse("journal:index") + "?person=nonsense").status_code == 404


def test_linking_another_users_person_is_refused(signed_in: Client, user: User, other_user: User) -> None:
    PersonFactory.create(owner=user)
    theirs = PersonFactory.create(owner=other_user)
    response = signed_in.post(add_url(), slot_data(1, "Their friend did a thing", people=(theirs.pk,)))
    assert response.status_code == 400
    assert "Their friend did a thing" in response.content.decode()
    assert not GratitudeItem.objects.exists()


def _days_shown(html: str) -> list[str]:
    listing = html.split('id="days-heading"')[1].split("</ol>")[0]
    return re.findall(r'<time datetime="(\d{4}-\d{2}-\d{2})">', listing)


def _link(html: str, name: str) -> str:
    found = re.search(rf'<a href="([^"]*)"[^>]*>{name}</a>', html)
    assert found, f"no {name} link"
    return found.group(1).replace("&amp;", "&")


def test_the_journal_lists_days_newest_first_with_pages(signed_in: Client, user: User) -> None:
    for back in range(25):
        write_items(user, local_date=TODAY - timedelta(days=back), count=1)
    first = signed_in.get(reverse("journal:index")).content.decode()
    shown = _days_shown(first)
    assert shown == [(TODAY - timedelta(days=back)).isoformat() for back in range(20)]
    assert "Newer</a>" not in first

    # A missed day filled in while the user reads lands where it belongs, not on the next page.
    write_items(user, local_date=TODAY - timedelta(days=40), count=1)
    second = signed_in.get(reverse("journal:index") + _link(first, "Older")).content.decode()
    assert _days_shown(second) == [
        *[(TODAY - timedelta(days=back)).isoformat() for back in range(20, 25)],
        (TODAY - timedelta(days=40)).isoformat(),
    ]
    assert "Older</a>" not in second
    newer = signed_in.get(reverse("journal:index") + _link(second, "Newer")).content.decode()
    assert _days_shown(newer) == shown


def test_paging_through_a_search_keeps_the_words(signed_in: Client, user: User) -> None:
    from journal.services import gratitude_item_add

    for back in range(23):
        gratitude_item_add(user=user, local_date=TODAY - timedelta(days=back), text=f"Lake swim {back}")
    first = signed_in.get(reverse("journal:index") + "?q=lake").content.decode()
    older = _link(first, "Older")
    assert older.startswith("?q=lake&before=")
    second = signed_in.get(reverse("journal:index") + older).content.decode()
    assert _days_shown(second) == [(TODAY - timedelta(days=back)).isoformat() for back in range(20, 23)]
    oldest = signed_in.get(reverse("journal:index") + "?q=lake&oldest=1").content.decode()
    assert _days_shown(oldest) == [(TODAY - timedelta(days=back)).isoformat() for back in range(3, 23)]


def test_searching_finds_days_by_their_words(signed_in: Client, user: User) -> None:
    from journal.services import gratitude_item_add

    gratitude_item_add(user=user, local_date=TODAY, text="Swimming in the lake with Priya")
    gratitude_item_add(user=user, local_date=TODAY - timedelta(days=1), text="A quiet breakfast alone")
    html = signed_in.get(reverse("journal:index") + "?q=lake").content.decode()
    assert "Swimming in the lake" in html
    assert "quiet breakfast" not in html
    assert "Nothing matches" in signed_in.get(reverse("journal:index") + "?q=volcano").content.decode()


def test_filtering_by_a_person_shows_only_days_about_them(signed_in: Client, user: User) -> None:
    from journal.services import gratitude_item_add

    priya = PersonFactory.create(owner=user, name="Priya")
    gratitude_item_add(user=user, local_date=TODAY, text="Priya's terrible puns", people=[priya])
    gratitude_item_add(user=user, local_date=TODAY - timedelta(days=1), text="A quiet breakfast alone")
    html = signed_in.get(reverse("journal:index") + f"?person={priya.pk}").content.decode()
    assert "terrible puns" in html
    assert "quiet breakfast" not in html


def _three_years(user: User) -> None:
    people = [PersonFactory.create(owner=user) for _ in range(3)]
    days = [TODAY - timedelta(days=back) for back in range(1, 3 * 365)]
    JournalDay.objects.bulk_create(
        JournalDay(
            owner=user,
            local_date=d,
            time_zone="Europe/Berlin",
            item_count=5,
            relational_count=1,
            status="on_time" if d.day % 9 else "late",
            completed_at=datetime(d.year, d.month, d.day, 19, tzinfo=UTC),
            completed_local_time=time(21, d.day % 60),
        )
        for d in days
    )
    items = GratitudeItem.objects.bulk_create(
        GratitudeItem(
            owner=user, local_date=d, time_zone="Europe/Berlin", text=f"Thing {n} on {d}", position=n
        )
        for d in days
        for n in range(1, 6)
    )
    through = GratitudeItem.people.through
    through.objects.bulk_create(
        through(gratitudeitem_id=item.pk, person_id=people[i % 3].pk)
        for i, item in enumerate(items)
        if item.position == 1
    )


def _page_queries(client: Client, url: str, django_assert_max_num_queries) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    "url", ["/", "/journal/", "/journal/2026-05-04/", "/journal/?q=thing", "/journal/?oldest=1"]
)
def test_pages_run_the_same_few_queries_for_one_day_or_three_years(
    signed_in: Client, user: User, other_user: User, url: str, django_assert_max_num_queries
) -> None:
    write_items(user)
    short = _page_queries(signed_in, url, django_assert_max_num_queries)
    _three_years(user)
    with django_assert_max_num_queries(10):
        assert signed_in.get(url).status_code == 200
    long = _page_queries(signed_in, url, django_assert_max_num_queries)
    assert short == long
    assert long <= 10


def test_an_empty_past_day_page_stays_within_budget(
    signed_in: Client, user: User, django_assert_max_num_queries
) -> None:
    _three_years(user)
    GratitudeItem.objects.filter(owner=user, local_date=date(2026, 5, 1)).delete()
    with django_assert_max_num_queries(10):
        assert signed_in.get("/journal/2026-05-01/").status_code == 200


def test_the_person_page_lists_gratitude_items_mentioning_them(
    signed_in: Client, user: User, django_assert_max_num_queries
) -> None:
    from journal.services import gratitude_item_add

    priya = PersonFactory.create(owner=user, name="Priya")
    gratitude_item_add(
        user=user, local_date=TODAY - timedelta(days=3), text="Priya's terrible puns", people=[priya]
    )
    gratitude_item_add(user=user, local_date=TODAY, text="Priya's ridiculous hat", people=[priya])
    gratitude_item_add(user=user, local_date=TODAY, text="A quiet breakfast alone")
    html = signed_in.get(reverse("people:detail", kwargs={"person_id": priya.pk})).content.decode()
    assert html.index("ridiculous hat") < html.index("terrible puns")
    assert "quiet breakfast" not in html
    assert reverse("journal:day", kwargs={"local_date": TODAY}) in html


def _perfect_days(user: User, *, ending: date, count: int, at: time = time(20, 10)) -> None:
    JournalDay.objects.bulk_create(
        JournalDay(
            owner=user,
            local_date=ending - timedelta(days=back),
            time_zone="Europe/Berlin",
            item_count=5,
            relational_count=1,
            status="on_time",
            completed_at=datetime.combine(ending - timedelta(days=back), at, tzinfo=BERLIN),
            completed_local_time=at,
        )
        for back in range(count)
    )


def test_twenty_two_perfect_days_are_celebrated(signed_in: Client, user: User) -> None:
    _perfect_days(user, ending=TODAY, count=22)
    html = signed_in.get("/").content.decode()
    assert "Day 22 of 22" in html
    assert 'data-testid="celebration"' in html


def test_day_23_starts_the_path_again_without_a_celebration(signed_in: Client, user: User) -> None:
    _perfect_days(user, ending=TODAY, count=23)
    html = signed_in.get("/").content.decode()
    assert "Day 1 of 22" in html
    assert 'data-testid="celebration"' not in html


def test_after_a_break_the_copy_is_warm_and_names_the_best_run(signed_in: Client, user: User) -> None:
    _perfect_days(user, ending=TODAY - timedelta(days=5), count=9)
    html = signed_in.get("/").content.decode()
    assert "Your best run so far is 9 days" in html
    assert "practised on 9 days in all" in html
    assert "Starting again is the practice" in html
    for harsh in ("failed", "broke", "lost your streak"):
        assert harsh not in html.lower()


def test_same_time_each_day_shows_the_median_distance_from_the_reminder(
    signed_in: Client, user: User
) -> None:
    user.reminder_time = time(20, 0)
    user.save()
    _perfect_days(user, ending=TODAY - timedelta(days=1), count=5, at=time(21, 35))
    html = signed_in.get("/").content.decode()
    assert 'data-testid="timing-median"' in html
    assert "1 hour 35 minutes" in html
    assert "1 hour 35 minutes" in signed_in.get(reverse("journal:index")).content.decode()


def test_people_not_appreciated_lately_are_suggested_on_today(signed_in: Client, user: User) -> None:
    from journal.services import gratitude_item_add

    recent = PersonFactory.create(owner=user, name="Recently Thanked")
    PersonFactory.create(owner=user, name="Never Mentioned")
    gratitude_item_add(
        user=user, local_date=TODAY - timedelta(days=3), text="Thanks for the lift", people=[recent]
    )
    html = signed_in.get("/").content.decode()
    # The hint section alone: the kindness card further down names every person in its form.
    hint = html.split("hint-heading", 1)[1].split("</section>", 1)[0]
    assert "Never Mentioned" in hint
    assert "Recently Thanked" not in hint


def test_a_slot_taken_in_another_tab_shows_both_items_after_saving(signed_in: Client, user: User) -> None:
    from journal.services import gratitude_item_add

    gratitude_item_add(user=user, local_date=TODAY, text="Written in the other tab first", position=2)
    response = signed_in.post(add_url(), slot_data(2, "Written here, a moment later"), headers=HTMX)
    html = response.content.decode()
    (landed,) = [
        i.position
        for i in GratitudeItem.objects.filter(owner=user)
        if i.text == "Written here, a moment later"
    ]
    assert landed == 1
    assert "Written in the other tab first" in html and "Written here, a moment later" in html
    assert html.count('data-testid="item-text"') == 2
