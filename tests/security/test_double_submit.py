"""A double click saves once: the same form posted twice at the same moment makes one record
and no error.

Each creating form is read from its page (so the hidden submission token a browser would send
is the one the server rendered), then posted by two clients on two database connections,
released together by a barrier. The forms are found from the URL conf: a view that accepts
a POST and is not named here (or in NOT_CREATING) fails ``test_every_form_url_is_covered``.
"""

from __future__ import annotations

import re
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from accounts.models import ReminderKind, ReminderSchedule, User
from accounts.selectors import user_local_today
from feelings.models import CheckIn, Feeling, MetamourNote, Need, NeedsCheckIn, VicariousJoy
from feelings.services import checkin_create, vocabulary_seed
from journal.models import GratitudeItem
from kindness.models import KindnessAct, KindnessIdea, KindnessPreference
from people.models import Person, PersonKind
from tests.security.urlwalk import is_admin, routes

pytestmark = pytest.mark.django_db(transaction=True)

ROUNDS = 3  # a race is a matter of timing: each case is raced a few times


@dataclass
class Case:
    page: str  # the page whose HTML holds the form
    url: str  # where it posts
    data: dict[str, str]
    count: Callable[[], int]  # the records this form makes
    token: str | None = None  # the hidden token input's name ({slot}: the round's slot), read from the page
    htmx: bool = False
    page_htmx: bool | None = None  # whether the page is asked for with htmx; None: as the form is sent
    fresh: Callable[[int], dict[str, str]] = field(default=lambda n: {})  # what differs per round
    makes: int = 1  # records one submission makes
    replaces: bool = False  # a second answer replaces the first (one row per user, or per day)


def _feeling() -> Feeling:
    return Feeling.objects.filter(owner=None).order_by("name").first()  # type: ignore[return-value]


def _today_item(user: User) -> Case:
    return Case(
        page="/",
        url=f"/journal/{user_local_today(user=user)}/items/",
        data={},
        token="slot{slot}-submission_token",
        count=lambda: GratitudeItem.objects.filter(owner=user).count(),
        fresh=lambda n: {"slot": str(n + 1), f"slot{n + 1}-text": "the first light on the river"},
    )


def _day_item(user: User) -> Case:
    day = user_local_today(user=user) - timedelta(days=2)
    return Case(
        page=f"/journal/{day}/",
        url=f"/journal/{day}/items/",
        data={},
        token="slot{slot}-submission_token",
        count=lambda: GratitudeItem.objects.filter(owner=user).count(),
        fresh=lambda n: {"slot": str(n + 1), f"slot{n + 1}-text": "a slow breakfast"},
        htmx=True,
    )


def _act_data(user: User) -> dict[str, str]:
    return {
        "kindness-text": "left flowers on the neighbour's step",
        "kindness-recipient": "kind:neighbour",
        "kindness-category": "gift",
        "kindness-effort": "small",
        "kindness-local_date": user_local_today(user=user).isoformat(),
    }


def _act(user: User) -> Case:
    return Case(
        page="/kindness/",
        url="/kindness/log/",
        data=_act_data(user),
        token="kindness-submission_token",
        count=lambda: KindnessAct.objects.filter(owner=user).count(),
    )


def _act_from_today(user: User) -> Case:
    return Case(
        page="/kindness/log/",  # Today's "Log an act" asks for the quick form with htmx
        url="/kindness/log/",
        data={**_act_data(user), "from": "today"},
        token="kindness-submission_token",
        count=lambda: KindnessAct.objects.filter(owner=user).count(),
        htmx=True,
    )


def _idea(user: User) -> Case:
    return Case(
        page="/kindness/ideas/",
        url="/kindness/ideas/new/",
        data={
            "idea-text": "bake for the night shift",
            "idea-category": "gift",
            "idea-recipient_kind": "colleague",
            "idea-effort": "medium",
            "idea-cost": "low",
            "idea-setting": "work",
        },
        token="idea-submission_token",
        count=lambda: KindnessIdea.objects.filter(owner=user).count(),
    )


def _target(user: User) -> Case:
    return Case(
        page="/kindness/",
        url="/kindness/target/",
        data={"weekly_target": "3"},
        count=lambda: KindnessPreference.objects.filter(user=user).count(),
        replaces=True,
    )


def _checkin(user: User) -> Case:
    return Case(
        page="/feelings/",
        url="/feelings/",
        data={f"feeling_{_feeling().pk}": "6", "what_happened": "dinner with everyone"},
        token="submission_token",
        count=lambda: CheckIn.objects.filter(owner=user).count(),
    )


def _checkin_own_feeling(user: User) -> Case:
    return Case(
        page="/feelings/",
        url="/feelings/",
        data={"own_feeling": "fizzy", "own_intensity": "4"},
        token="submission_token",
        count=lambda: CheckIn.objects.filter(owner=user).count() + Feeling.objects.filter(owner=user).count(),
        # Each round a new word: the race is over creating it.
        fresh=lambda n: {"own_feeling": f"fizzy{n}"},
        makes=2,  # the check-in and the new word
    )


def _own_feeling(user: User) -> Case:
    return Case(
        page="/feelings/words/",
        url="/feelings/words/",
        data={"kind": "feeling", "feeling-name": "glowy", "feeling-definition": "warm all over"},
        count=lambda: Feeling.objects.filter(owner=user).count(),
        fresh=lambda n: {"feeling-name": f"glowy{n}"},
    )


def _own_need(user: User) -> Case:
    return Case(
        page="/feelings/words/",
        url="/feelings/words/",
        data={"kind": "need", "need-name": "slowness"},
        count=lambda: Need.objects.filter(owner=user).count(),
        fresh=lambda n: {"need-name": f"slowness{n}"},
    )


def _reflect_own_need(user: User) -> Case:
    checkin = checkin_create(user=user, intensities={_feeling(): 3})
    return Case(
        page=f"/feelings/check-ins/{checkin.pk}/need/",
        url=f"/feelings/check-ins/{checkin.pk}/need/",
        data={"own_need": "quiet mornings", "need_met": "partly"},
        count=lambda: Need.objects.filter(owner=user).count(),
        fresh=lambda n: {"own_need": f"quiet mornings {n}"},
    )


def _joy(user: User) -> Case:
    return Case(
        page="/feelings/joy/",
        url="/feelings/joy/",
        data={"who": "my sister", "area": "work", "what_happened": "she got the job", "joy": "8"},
        token="submission_token",
        count=lambda: VicariousJoy.objects.filter(owner=user).count(),
    )


def _joy_htmx(user: User) -> Case:
    return replace(_joy(user), htmx=True)


def _needs(user: User) -> Case:
    partner = Person.objects.create(owner=user, name="Alex", kind=PersonKind.PARTNER)
    return Case(
        page="/feelings/needs/",
        url="/feelings/needs/",
        data={f"score_{partner.pk}": "4", f"note_{partner.pk}": "good week"},
        count=lambda: NeedsCheckIn.objects.filter(owner=user).count(),
        replaces=True,
    )


def _needs_weekday(user: User) -> Case:
    return Case(
        page="/feelings/needs/",
        url="/feelings/needs/day/",
        data={"weekday": "2"},
        count=lambda: ReminderSchedule.objects.filter(user=user, kind=ReminderKind.NEEDS).count(),
        replaces=True,
    )


def _metamour_note(user: User) -> Case:
    metamour = Person.objects.create(owner=user, name="Jules", kind=PersonKind.METAMOUR)
    return Case(
        page=f"/feelings/people/{metamour.pk}/",
        url=f"/feelings/people/{metamour.pk}/learned/",
        data={"text": "Jules grows tomatoes"},
        token="submission_token",
        count=lambda: MetamourNote.objects.filter(owner=user).count(),
    )


def _person(user: User) -> Case:
    return Case(
        page="/people/",
        url="/people/",
        data={"name": "Kim", "kind": "friend"},
        token="submission_token",
        count=lambda: Person.objects.filter(owner=user).count(),
    )


def _person_htmx(user: User) -> Case:
    return replace(_person(user), htmx=True)


def _offline_note(user: User) -> Case:
    # The browser makes the note's token when the note is kept (static/js/app.js), so no page
    # renders it: each round sends its own token, twice at once, as two tabs coming online would.
    written = str(int(timezone.now().timestamp() * 1000))
    return Case(
        page="/offline/",
        url="/journal/offline-note/",
        data={"written_at": written},
        count=lambda: GratitudeItem.objects.filter(owner=user).count(),
        fresh=lambda n: {"text": f"kept offline {n}", "submission_token": str(uuid.uuid4())},
    )


CASES: dict[str, Callable[[User], Case]] = {
    "gratitude item on Today": _today_item,
    "gratitude item on a day page (htmx)": _day_item,
    "kindness act": _act,
    "kindness act from the Today card (htmx)": _act_from_today,
    "own kindness idea": _idea,
    "weekly kindness target": _target,
    "check-in": _checkin,
    "check-in with a new own feeling": _checkin_own_feeling,
    "own feeling": _own_feeling,
    "own need": _own_need,
    "reflection with a new own need": _reflect_own_need,
    "vicarious joy": _joy,
    "vicarious joy (htmx)": _joy_htmx,
    "needs check-in": _needs,
    "needs weekday": _needs_weekday,
    "metamour note": _metamour_note,
    "person": _person,
    "person (htmx)": _person_htmx,
    "note kept offline": _offline_note,
}

# Pattern name -> which case above covers its form.
COVERED = {
    "journal:item_add": "gratitude item on Today",
    "journal:offline_note": "note kept offline",
    "kindness:log": "kindness act",
    "kindness:idea_add": "own kindness idea",
    "kindness:target": "weekly kindness target",
    "feelings:index": "check-in",
    "feelings:words": "own feeling",
    "feelings:reflect": "reflection with a new own need",
    "feelings:joy": "vicarious joy",
    "feelings:needs": "needs check-in",
    "feelings:needs_weekday": "needs weekday",
    "feelings:metamour_note_add": "metamour note",
    "people:index": "person",
}

APPS = ("journal:", "kindness:", "feelings:", "people:")
# POSTs in these apps that change, remove or restore an existing record: a repeat is
# harmless (tests/journal/test_undo.py and tests/privacy/test_removed_rows.py click twice).
NOT_CREATING = {
    "journal:item_edit",
    "journal:item_remove",
    "journal:item_restore",
    "kindness:act_restore",
    "feelings:checkin_restore",
    "feelings:joy_restore",
    "feelings:metamour_note_restore",
    "kindness:act_edit",
    "feelings:checkin_edit",
    "kindness:act_told",
    "kindness:act_delete",
    "kindness:idea_delete",
    "feelings:pause",
    "feelings:checkin_delete",
    "feelings:joy_delete",
    "feelings:own_feeling_delete",
    "feelings:own_need_delete",
    "feelings:metamour_note_delete",
    "people:edit",
    "people:archive",
    "people:unarchive",
    "people:delete",
}
# GET-only pages in these apps.
READ_ONLY = {
    "journal:index",
    "journal:day",
    "kindness:index",
    "kindness:act",
    "kindness:ideas",
    "kindness:suggest",
    "feelings:checkin",
    "feelings:charts",
    "feelings:person",
    "people:detail",
}


@pytest.fixture(autouse=True)
def _vocabulary() -> None:
    # Transactional tests flush every table, seeded rows included; put the team's words back.
    vocabulary_seed()


def _signed_in(user: User) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def _htmx(on: bool) -> dict[str, str]:
    return {"HX-Request": "true"} if on else {}


def _token_from(html: str, name: str) -> str:
    found = re.search(rf'name="{re.escape(name)}" value="([0-9a-f-]{{36}})"', html) or re.search(
        rf'value="([0-9a-f-]{{36}})"[^>]*name="{re.escape(name)}"', html
    )
    assert found, f"the page renders no {name} input"
    return found.group(1)


def _post_together(clients: list[Client], url: str, data: dict[str, str], htmx: bool) -> list[int]:
    barrier = threading.Barrier(len(clients))
    statuses: list[int] = []

    def post(client: Client) -> None:
        try:
            barrier.wait(timeout=10)
            statuses.append(client.post(url, data, headers=_htmx(htmx)).status_code)
        finally:
            connection.close()  # each thread's own connection

    threads = [threading.Thread(target=post, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return statuses


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_form_posted_twice_at_once_saves_once_without_an_error(name: str, user: User) -> None:
    case = CASES[name](user)
    clients = [_signed_in(user), _signed_in(user)]
    for round_ in range(ROUNDS):
        before = case.count()
        data = {**case.data, **case.fresh(round_)}
        page = clients[0].get(
            case.page, headers=_htmx(case.htmx if case.page_htmx is None else case.page_htmx)
        )
        assert page.status_code == 200
        if case.token:
            token = case.token.format(slot=round_ + 1)
            data[token] = _token_from(page.content.decode(), token)

        statuses = _post_together(clients, case.url, data, case.htmx)

        assert len(statuses) == 2
        assert all(status < 500 for status in statuses), statuses
        # 201: the offline note's answer, JSON for the page's script.
        assert any(status in (200, 201, 302) for status in statuses), statuses
        if case.replaces:
            assert case.count() == 1, f"round {round_}: {case.count()} records where one is kept"
        else:
            made = case.count() - before
            assert made == case.makes, f"round {round_}: {made} records from one double click"


def test_every_form_url_is_covered() -> None:
    names = {r.name for r in routes() if not is_admin(r) and r.name.startswith(APPS)}
    known = set(COVERED) | NOT_CREATING | READ_ONLY
    assert not sorted(names - known), f"forms with no double-submit test: {sorted(names - known)}"
    assert set(COVERED.values()) <= set(CASES)


def test_two_forms_with_the_same_words_still_make_two_records(user: User) -> None:
    # Only the same form sent twice is one record; writing the same thing twice is allowed.
    client = _signed_in(user)
    for _ in range(2):
        page = client.get("/people/").content.decode()
        data = {"name": "Kim", "kind": "friend", "submission_token": _token_from(page, "submission_token")}
        assert client.post("/people/", data).status_code == 302
    assert Person.objects.filter(owner=user, name="Kim").count() == 2


def test_a_form_sent_again_later_answers_like_the_first_time(user: User) -> None:
    # Back, then Send again: the same token, one act, and the same page as the first answer.
    client = _signed_in(user)
    page = client.get("/kindness/").content.decode()
    data = {**_act_data(user), "kindness-submission_token": _token_from(page, "kindness-submission_token")}
    first, second = client.post("/kindness/log/", data), client.post("/kindness/log/", data)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert KindnessAct.objects.filter(owner=user).count() == 1
