"""The ideas page in pages of 24: every idea once and in the order it always had, the filters
kept from page to page, and a page (never an error) whatever the address bar says."""

from __future__ import annotations

import math
import re
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from accounts.models import User
from kindness.models import KindnessIdea
from kindness.selectors import IDEAS_PER_PAGE, ideas_in_season
from tests.kindness.conftest import NEW_IDEA, ideas_pages

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as Response

pytestmark = pytest.mark.django_db

# Thursday 10 December 2026: winter in Berlin, the user's zone.
NOW = datetime(2026, 12, 10, 9, 0, tzinfo=UTC)
TODAY = date(2026, 12, 10)
IDEAS = reverse("kindness:ideas")


@pytest.fixture(autouse=True)
def _frozen_time():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def signed_in(client: Client, user: User) -> Client:
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def cards(response: Response) -> int:
    return response.content.decode().count('<li class="card">')


def pager(response: Response) -> str:
    """The pager's HTML, or "" when the page has none."""
    found = re.search(r'<nav class="pagination".*?</nav>', response.content.decode(), re.DOTALL)
    return found.group(0) if found else ""


def private_ideas(user: User, count: int, **fields: str) -> list[KindnessIdea]:
    return [
        KindnessIdea.objects.create(
            owner=user,
            text=f"My own idea number {n:02}",
            category=fields.get("category", "gift"),
            recipient_kind="friend",
            setting="home",
        )
        for n in range(count)
    ]


def test_the_first_page_shows_24_ideas_and_says_which_page_of_how_many(signed_in: Client, user: User):
    total = ideas_in_season(user=user, local_date=TODAY).count()
    pages = math.ceil(total / IDEAS_PER_PAGE)
    assert pages >= 3  # the whole shared store, as a new user sees it

    response = signed_in.get(IDEAS)

    body = response.content.decode()
    assert f'<h2 id="results-heading" aria-describedby="ideas-page-number">{total} ideas</h2>' in body
    assert cards(response) == IDEAS_PER_PAGE == 24
    nav = pager(response)
    assert nav.startswith('<nav class="pagination" aria-label="Pages of ideas">')
    assert f'<p id="ideas-page-number">Page 1 of {pages}</p>' in nav
    assert 'rel="prev"' not in nav
    assert f'<a href="{IDEAS}?page=2#results-heading" rel="next"' in nav
    assert 'Next<span class="visually-hidden"> page</span></a>' in nav


def test_the_pages_show_every_idea_once_in_the_order_it_always_had(signed_in: Client, user: User):
    # Private ideas sort in among the shared ones by their words, as they always did.
    KindnessIdea.objects.create(
        owner=user, text="aardvark-sized hugs", category="words", recipient_kind="friend", setting="home"
    )
    KindnessIdea.objects.create(
        owner=user, text="Zither for the neighbours", category="donation", recipient_kind="neighbour"
    )
    in_store = list(ideas_in_season(user=user, local_date=TODAY))
    expected = [
        idea.pk for idea in sorted(in_store, key=lambda idea: (idea.category, idea.text.casefold(), idea.pk))
    ]

    pages = ideas_pages(signed_in)

    shown = [idea.pk for page in pages for idea in page.context["ideas"]]
    assert shown == expected  # every idea, none twice, in the same order as before paging
    full, rest = divmod(len(expected), IDEAS_PER_PAGE)
    assert [cards(page) for page in pages] == [IDEAS_PER_PAGE] * full + ([rest] if rest else [])
    assert f"Page 2 of {len(pages)}" in pager(pages[1])
    assert 'rel="prev"' in pager(pages[1]) and 'rel="next"' in pager(pages[1])
    last = pager(pages[-1])
    assert f"Page {len(pages)} of {len(pages)}" in last
    assert 'rel="prev"' in last and 'rel="next"' not in last
    assert f"{len(expected)} ideas</h2>" in pages[-1].content.decode()  # the heading counts them all


def test_the_pager_keeps_the_filters_and_nothing_else_from_the_address_bar(signed_in: Client, user: User):
    private_ideas(user, 30, category="gift")
    query = {"category": "gift", "mine": "<b>yes please</b>", "q": "my secret words", "page": "1"}

    pages = ideas_pages(signed_in, query)

    assert len(pages) == 2
    assert {idea.pk for page in pages for idea in page.context["ideas"]} == set(
        KindnessIdea.objects.filter(owner=user).values_list("pk", flat=True)
    )
    first, second = pager(pages[0]), pager(pages[1])
    # The box was ticked: the links say so as the form itself does ("on"), not as typed.
    next_url = f"{IDEAS}?category=gift&amp;mine=on&amp;page=2"
    assert f'<a href="{next_url}#results-heading" rel="next" data-hx-get="{next_url}"' in first
    assert f'<a href="{IDEAS}?category=gift&amp;mine=on&amp;page=1#results-heading" rel="prev"' in second
    for nav in (first, second):
        assert "secret" not in nav and "please" not in nav and "&lt;b&gt;" not in nav


def test_a_filter_the_form_refuses_is_left_out_of_the_links_as_out_of_the_results(signed_in: Client):
    response = signed_in.get(IDEAS, {"category": "sunshine", "setting": "out"})

    assert response.context["ideas"].paginator.count > IDEAS_PER_PAGE  # no filter applied
    assert f'<a href="{IDEAS}?page=2#results-heading" rel="next"' in pager(response)


def test_a_filtered_result_that_fits_one_page_has_no_pager(signed_in: Client, user: User):
    donations = ideas_in_season(user=user, local_date=TODAY).filter(category="donation").count()
    assert 0 < donations <= IDEAS_PER_PAGE

    response = signed_in.get(IDEAS, {"category": "donation"})

    assert cards(response) == donations
    body = response.content.decode()
    assert f'<h2 id="results-heading">{donations} ideas</h2>' in body
    assert pager(response) == ""
    assert "Page 1 of" not in body and 'rel="next"' not in body
    nothing = signed_in.get(IDEAS, {"mine": "on"})  # a new user has no ideas of their own yet
    assert "0 ideas" in nothing.content.decode() and pager(nothing) == ""


@pytest.mark.parametrize(
    ("query", "shown"),
    [
        ("page=%C2%B2", "first"),  # superscript two
        ("page=", "first"),
        ("page=next", "first"),
        ("page=1e309", "first"),
        ("page=2.5", "first"),
        ("page=a%00b", "first"),
        pytest.param("page=" + "9" * 5000, "first", id="page=9...9 past Python's limit on digits"),
        ("page=2&page=x", "first"),  # the last value counts, as everywhere in Django
        ("page=-1", "last"),
        ("page=0", "last"),
        ("page=99999999999999999999999", "last"),
        ("page=%D9%A1%D9%A2", "last"),  # Arabic-Indic twelve: a number, past the end
        ("page=3", 3),
    ],
)
def test_whatever_page_the_address_bar_asks_for_the_answer_is_a_page(
    signed_in: Client, query: str, shown: str | int
):
    response = signed_in.get(f"{IDEAS}?{query}")

    assert response.status_code == 200
    page = response.context["ideas"]
    expected = {"first": 1, "last": page.paginator.num_pages}.get(str(shown), shown)
    assert page.number == expected
    assert f"Page {expected} of {page.paginator.num_pages}" in pager(response)
    assert cards(response) > 0


def test_with_htmx_a_pager_link_answers_the_results_and_their_pager_alone(signed_in: Client):
    first = pager(signed_in.get(IDEAS))
    link = re.search(r'<a href="[^"]*" rel="next" ([^>]*)>', first)
    assert link is not None
    attributes = link.group(1)
    in_place = 'data-hx-target="#idea-results" data-hx-swap="outerHTML show:top" data-hx-push-url="true"'
    assert in_place in attributes
    url = re.search(r'data-hx-get="([^"]*)"', attributes)
    assert url is not None and url.group(1) == f"{IDEAS}?page=2"

    response = signed_in.get(url.group(1), headers={"HX-Request": "true"})

    body = response.content.decode()
    assert body.lstrip().startswith('<section id="idea-results"')
    assert "<html" not in body and "Filter the ideas" not in body
    assert cards(response) == IDEAS_PER_PAGE
    assert "Page 2 of" in pager(response)
    assert 'rel="prev"' in pager(response) and 'rel="next"' in pager(response)
    # The link that was clicked is gone with the old results: the focus moves to the new ones.
    assert 'aria-describedby="ideas-page-number" tabindex="-1" autofocus>' in body


def test_going_back_past_htmxs_history_cache_gets_the_whole_page(signed_in: Client):
    # Ten pages or filters on, htmx no longer holds the page Back returns to: it asks for it
    # (with HX-Request too) and puts the answer in place of the whole body.
    headers = {"HX-Request": "true", "HX-History-Restore-Request": "true"}

    response = signed_in.get(IDEAS, {"page": "2"}, headers=headers)

    body = response.content.decode()
    assert "<html" in body and "<h1>Ideas</h1>" in body and "Filter the ideas" in body
    assert "Page 2 of" in pager(response)


def test_changing_a_filter_goes_back_to_the_first_page_and_leaves_the_focus_be(signed_in: Client):
    on_page_three = signed_in.get(IDEAS, {"page": "3"}).content.decode()
    filters = on_page_three[on_page_three.index('<form method="get"') :]
    assert 'name="page"' not in filters[: filters.index("</form>")]  # it sends the filters alone

    # What the form sends with htmx when a filter changes on page 3.
    response = signed_in.get(IDEAS, {"category": "help"}, headers={"HX-Request": "true"})

    assert "Page 1 of 2" in pager(response)
    assert "autofocus" not in response.content.decode()  # the focus stays in the filters


def test_adding_or_deleting_an_idea_lands_on_the_first_page_of_your_own(signed_in: Client, user: User):
    ideas = private_ideas(user, 30)

    deleted = signed_in.post(reverse("kindness:idea_delete", args=[ideas[-1].pk]), follow=True)
    added = signed_in.post(
        reverse("kindness:idea_add"),
        NEW_IDEA,
        follow=True,
    )

    for response, count in ((deleted, 29), (added, 30)):
        assert response.redirect_chain == [(f"{IDEAS}?mine=on", 302)]
        assert response.context["ideas"].number == 1
        assert f"{count} ideas</h2>" in response.content.decode()
        assert "Page 1 of 2" in pager(response)
