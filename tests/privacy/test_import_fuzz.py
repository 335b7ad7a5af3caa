"""Generated import files, posted through the real import page: a valid export mutated with
dates at and beyond the edges, numbers too long to read, lone surrogates, markup, values of
the wrong type, and keys missing or added.

For every example: never a server error; a refused file leaves the account exactly as it
was (every row count and every setting); an accepted file is imported whole (each section
holds as many records as the file has distinct natural keys, docs/export-format.md); and
after an accepted file the account's pages still answer 200. Pages crawled: after an
accepted file whose mutations changed a date, moment, number or type, Today, Journal,
People and each person, Feelings, Kindness, the export page, the JSON export, and the
operator's admin change pages for the user, a person and a journal item; after one whose
mutations changed only text, People, each person, Feelings and the JSON export (to keep the
300 examples within about half a minute). Each example imports into a new account.
"""

from __future__ import annotations

import copy
import json
import os
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.models import User
from feelings.models import CheckIn, Feeling, MetamourNote, Need, NeedsCheckIn, VicariousJoy
from journal.models import GratitudeItem
from kindness.models import KindnessAct, KindnessIdea
from people.models import Person
from privacy.selectors import export_document
from tests.factories import UserFactory

pytestmark = [pytest.mark.fuzz, pytest.mark.django_db]

# A fixed afternoon in Berlin (the file's zone, days starting at 03:00): tomorrow is
# 2026-03-21 and ends at 2026-03-22T02:00:00Z.
NOW = datetime(2026, 3, 20, 15, 0, tzinfo=UTC)

FUZZ = settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "300")),
    deadline=None,
    derandomize=True,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)

DATE_FIELDS = {"local_date"}
MOMENT_FIELDS = {"created_at", "updated_at", "archived_at", "told_at", "exported_at"}
EDGE_DATES = [
    "1899-12-31",
    "1900-01-01",
    "2026-03-20",
    "2026-03-21",
    "2026-03-22",
    "0001-01-01",
    "9999-12-31",
]
EDGE_MOMENTS = [
    "0001-01-01T00:00:00+14:00",
    "9999-12-31T23:59:59-14:00",
    "1899-12-31T23:59:59.999999+00:00",
    "1900-01-01T00:00:00+00:00",
    "1900-01-01T05:00:00+14:00",
    "2026-03-22T01:59:59.999999+00:00",
    "2026-03-22T02:00:00+00:00",
    "2026-03-21T23:30:00-14:00",
    "2026-03-20T12:00:00",
    "2026-03-20T12:00:00+23:59",
]
PAYLOADS = [
    "<script>xss(1)</script>",
    '"><img src=x onerror=xss(2)>',
    '<i hx-post="/people/1/delete/" hx-trigger="load">x</i>',
    "<meta http-equiv=refresh content='0;url=https://example.com'>",
    "{{ xss(6) }} {% now 'Y' %}",
    '=HYPERLINK("https://example.com")',
]
# A marker replaced, once serialised, by a digit string no JSON library would write.
HUGE = "\x01huge\x01"
JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**20), max_value=10**20)
    | st.floats(allow_nan=False)
    | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=4,
)
FREE_TEXT = {
    "display_name",
    "name",
    "kind_label",
    "notes",
    "text",
    "reflection",
    "what_happened",
    "body",
    "action",
    "who",
    "note",
    "prompt",
    "definition",
}
BROKEN_TEXT = st.one_of(
    st.builds(lambda a, b: f"{a}\ud800{b}", st.text(max_size=5), st.text(max_size=5)),
    st.builds(lambda a: f"{a}\udfff", st.text(max_size=5)),
    st.just("nul \x00 here"),
)
KINDS = [
    "markup",
    "markup",
    "edge",
    "edge",
    "number",
    "text",
    "wrong type",
    "huge",
    "broken",
    "remove",
    "add",
]

Path = tuple[str | int, ...]


def _paths(value: object, path: Path = ()) -> Iterator[Path]:
    if isinstance(value, dict):
        for key, child in value.items():
            yield (*path, key)
            yield from _paths(child, (*path, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield (*path, index)
            yield from _paths(child, (*path, index))


def _parent(document: Any, path: Path) -> Any:
    for step in path[:-1]:
        document = document[step]
    return document


def _leaves(document: dict[str, Any], keep: Callable[[Path, object], bool]) -> list[Path]:
    return sorted((p for p in _paths(document) if keep(p, _parent(document, p)[p[-1]])), key=repr)


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def mutate(document: dict[str, Any], data: st.DataObject) -> str:
    """One mutation of a kind drawn from KINDS; returns the kind."""
    kind = data.draw(st.sampled_from(KINDS))
    choices: dict[str, Callable[[Path, object], bool]] = {
        "markup": lambda p, v: isinstance(v, str) and p[-1] in FREE_TEXT,
        "edge": lambda p, v: isinstance(v, str) and p[-1] in DATE_FIELDS | MOMENT_FIELDS,
        "number": lambda p, v: _is_int(v),
        "huge": lambda p, v: _is_int(v),
        "text": lambda p, v: isinstance(v, str),
        "broken": lambda p, v: isinstance(v, str),
        "remove": lambda p, v: isinstance(p[-1], str),
        "add": lambda p, v: isinstance(v, dict),
    }
    paths = _leaves(document, choices.get(kind, lambda p, v: True))
    if not paths:  # an earlier mutation removed everything of this kind
        return "none"
    path = data.draw(st.sampled_from(paths))
    parent = _parent(document, path)
    if kind == "remove":
        del parent[path[-1]]
        return kind
    if kind == "add":
        key = data.draw(st.sampled_from(["extra", "id", "\ud800key", "<b>k</b>", "owner"]))
        parent[path[-1]][key] = data.draw(JSON_VALUES)
        return kind
    value: object
    if kind == "markup":
        value = data.draw(st.sampled_from(PAYLOADS))
    elif kind == "edge":
        value = data.draw(st.sampled_from(EDGE_DATES if path[-1] in DATE_FIELDS else EDGE_MOMENTS))
    elif kind == "number":
        value = data.draw(
            st.sampled_from([0, -1, 2**63, 10**30, 5.0]) | st.integers(min_value=-3, max_value=12)
        )
    elif kind == "huge":
        value = HUGE
    elif kind == "text":
        value = data.draw(st.text(max_size=30) | st.text(alphabet="ab<>&\"'é", min_size=490, max_size=510))
    elif kind == "broken":
        value = data.draw(BROKEN_TEXT)
    else:
        value = data.draw(JSON_VALUES)
    parent[path[-1]] = value
    return kind


def serialise(document: dict[str, Any], digits: int) -> bytes:
    text = json.dumps(document)  # ensure_ascii: a lone surrogate is written as \ud800
    return text.replace(json.dumps(HUGE), "9" * digits).encode()


OWNED: dict[str, Callable[[User], int]] = {
    "people": lambda u: Person.objects.filter(owner=u).count(),
    "gratitude": lambda u: GratitudeItem.objects.filter(owner=u).count(),
    "kindness_acts": lambda u: KindnessAct.objects.filter(owner=u).count(),
    "kindness_ideas": lambda u: KindnessIdea.objects.filter(owner=u).count(),
    "checkins": lambda u: CheckIn.objects.filter(owner=u).count(),
    "vicarious_joys": lambda u: VicariousJoy.objects.filter(owner=u).count(),
    "needs_checkins": lambda u: NeedsCheckIn.objects.filter(owner=u).count(),
    "metamour_notes": lambda u: MetamourNote.objects.filter(owner=u).count(),
    "feelings_own": lambda u: Feeling.objects.filter(owner=u).count(),
    "needs_own": lambda u: Need.objects.filter(owner=u).count(),
}


def counts(user: User) -> dict[str, int]:
    return {section: count(user) for section, count in OWNED.items()}


def account_settings(user: User) -> tuple[object, ...]:
    user.refresh_from_db()
    return (
        user.display_name,
        user.time_zone,
        user.day_start_hour,
        user.reminder_time,
        user.reminders_enabled,
        user.idle_timeout_minutes,
    )


def _moment(value: str) -> datetime:
    return datetime.fromisoformat(value)


def expected_counts(
    document: dict[str, Any], *, shared_feelings: set[str], shared_needs: set[str]
) -> dict[str, int]:
    """How many rows of each kind an accepted file makes in an empty account: its distinct
    natural keys, as docs/export-format.md lists them."""
    people = {r["key"]: (r["name"], r["kind"], _moment(r["created_at"])) for r in document["people"]}
    checkins = list({_moment(r["created_at"]): r for r in reversed(document["checkins"])}.values())
    own_feelings = {r["name"].strip().lower() for r in document["feelings_own"]}
    own_needs = {r["name"].strip().lower() for r in document["needs_own"]}
    felt = {f["name"].strip().lower() for r in checkins for f in r["feelings"]}
    # A check-in names its needs in "needs", or (a file from before several needs) in "need".
    named = [name for r in checkins for name in [*r.get("needs", []), r.get("need") or ""]]
    needed = {name.strip().lower() for name in named} - {""}

    def needs_key(r: dict[str, Any]) -> object:
        return (
            (people[r["person"]], r["local_date"])
            if r["person"]
            else (r["local_date"], _moment(r["created_at"]))
        )

    return {
        "people": len(set(people.values())),
        "gratitude": len({(r["local_date"], r["text"]) for r in document["gratitude"]}),
        "kindness_acts": len({(r["local_date"], r["text"]) for r in document["kindness_acts"]}),
        "kindness_ideas": len({r["text"] for r in document["kindness_ideas"]}),
        "checkins": len(checkins),
        "vicarious_joys": len({_moment(r["created_at"]) for r in document["vicarious_joys"]}),
        "needs_checkins": len({needs_key(r) for r in document["needs_checkins"]}),
        "metamour_notes": len({(_moment(r["created_at"]), r["text"]) for r in document["metamour_notes"]}),
        "feelings_own": len(own_feelings | (felt - shared_feelings)),
        "needs_own": len(own_needs | (needed - shared_needs)),
    }


PAGES = ["home", "journal:index", "people:index", "feelings:index", "kindness:index", "privacy:export"]
# Reading text back cannot fail on a value's range; these are enough after a text-only change.
TEXT_PAGES = ["people:index", "feelings:index"]


def assert_pages_answer(client: Client, admin: Client, user: User, *, names: list[str], full: bool) -> None:
    pages = [reverse(name) for name in names]
    people = list(Person.objects.filter(owner=user))
    pages += [reverse("people:detail", kwargs={"person_id": p.pk}) for p in people]
    for url in pages:
        assert client.get(url).status_code == 200, url
    export = client.get(reverse("privacy:export_json"))
    assert export.status_code == 200
    json.loads(b"".join(export.streaming_content))  # type: ignore[attr-defined]
    if not full:
        return
    admin_pages = [reverse("admin:accounts_user_change", args=[user.pk])]
    admin_pages += [reverse("admin:people_person_change", args=[p.pk]) for p in people[:1]]
    item = GratitudeItem.objects.filter(owner=user).first()
    admin_pages += [reverse("admin:journal_gratitudeitem_change", args=[item.pk])] if item else []
    for url in admin_pages:
        assert admin.get(url).status_code == 200, url


@pytest.fixture
def base(user: User, filled: Callable[[User], dict[str, Person]]) -> dict[str, Any]:
    filled(user)
    return export_document(user=user, now=NOW)


def test_generated_files_are_imported_whole_or_refused_leaving_the_account_as_it_was(
    base: dict[str, Any], client: Client
) -> None:
    staff = UserFactory.create(email="operator@example.com", is_staff=True, is_superuser=True)
    admin = Client()
    admin.force_login(staff)
    shared_feelings = {n.lower() for n in Feeling.objects.filter(owner=None).values_list("name", flat=True)}
    shared_needs = {n.lower() for n in Need.objects.filter(owner=None).values_list("name", flat=True)}
    outcomes = {"accepted": 0, "refused": 0}

    @FUZZ
    @given(
        data=st.data(),
        mutations=st.integers(min_value=1, max_value=3),
        digits=st.sampled_from([31, 4301, 5000]),
    )
    def post(data: st.DataObject, mutations: int, digits: int) -> None:
        document = copy.deepcopy(base)
        kinds = {mutate(document, data) for _ in range(mutations)}
        fresh = UserFactory.create()
        client.force_login(fresh)
        before, settings_before = counts(fresh), account_settings(fresh)
        upload = SimpleUploadedFile("compersion.json", serialise(document, digits), "application/json")

        response = client.post(reverse("privacy:import"), {"file": upload})

        assert response.status_code in (302, 400), response.status_code
        if response.status_code == 400:
            outcomes["refused"] += 1
            assert 'role="alert"' in response.content.decode() or "errorlist" in response.content.decode()
            assert counts(fresh) == before
            assert account_settings(fresh) == settings_before
            return
        outcomes["accepted"] += 1
        expected = expected_counts(document, shared_feelings=shared_feelings, shared_needs=shared_needs)
        assert counts(fresh) == expected
        # Every page after a change to a date, moment or number (what broke accounts before);
        # after a change to text only, People, Feelings, each person and the export.
        full = bool(kinds & {"edge", "number", "wrong type", "remove"})
        assert_pages_answer(client, admin, fresh, names=PAGES if full else TEXT_PAGES, full=full)

    with time_machine.travel(NOW, tick=False):
        post()
    # Both branches were exercised, so the test proves something about each.
    assert outcomes["accepted"] >= 20, outcomes
    assert outcomes["refused"] >= 50, outcomes
