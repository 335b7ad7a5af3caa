"""Generated input, hostile markup and oversized bodies posted to every user-facing form.

For each form: never a server error; a form that is not accepted says why and shows the
typed text again (escaped); script and markup come back escaped, on the form and on the
page a saved entry is shown on; a 3 MB body gets a clear 413.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.html import escape
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pytest_django.fixtures import Settings as DjangoSettings

from accounts.models import User
from accounts.selectors import user_local_today
from feelings.services import vocabulary_seed
from journal.models import GratitudeItem
from people.models import Person, PersonKind
from tests.factories import TEST_PASSWORD

pytestmark = [pytest.mark.fuzz, pytest.mark.django_db]

FUZZ = settings(
    # FUZZ_EXAMPLES lowers the count for a quick local look; CI and `make test` run 200.
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "200")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Each carries the marker "xss(", which must never reach a page unescaped.
PAYLOADS = [
    "<script>xss(1)</script>",
    '"><img src=x onerror=xss(2)>',
    "'><svg onload=xss(3)>",
    "</textarea><script>xss(4)</script>",
    '<a href="javascript:xss(5)">hi</a>',
    "{{ xss(6) }} {% now 'Y' %}",
    "<b>xss(7)</b>&amp;&lt;",
]
RAW_MARKERS = ["<script>xss", "<img src=x", "<svg onload", '<a href="javascript', "<b>xss"]

text_input = st.one_of(
    st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=120),  # all UTF-8 can carry
    st.sampled_from(PAYLOADS),
    st.builds(
        lambda a, b, c: a + b + c, st.text(max_size=20), st.sampled_from(PAYLOADS), st.text(max_size=20)
    ),
    # A cell of about 5,000 characters, around the fields' limit: a short drawn run repeated
    # (drawing 5,000 characters one by one cost a third of this test's time).
    st.builds(
        lambda run, length: (run * 1000)[:length],
        st.text(alphabet="ab <>&\"'é😊", min_size=5, max_size=12),
        st.integers(min_value=4990, max_value=5010),
    ),
)


@dataclass
class Form:
    """How to reach one form: its URL, valid values for the other fields, the fields fuzzed."""

    url: Callable[[User], str]
    base: Callable[[User], dict[str, str]]
    fuzzed: list[str]
    signed_in: bool = True
    # Runs before each example, so one example's saved rows do not decide the next one's fate.
    reset: Callable[[User, Client], object] = lambda u, c: None


def _person(user: User, kind: str = PersonKind.METAMOUR) -> Person:
    person, _ = Person.objects.get_or_create(owner=user, name="Jules", defaults={"kind": kind})
    return person


def _item(user: User) -> GratitudeItem:
    item, _ = GratitudeItem.objects.get_or_create(
        owner=user,
        local_date=user_local_today(user=user),
        position=1,
        defaults={"time_zone": user.time_zone, "text": "The first good thing"},
    )
    return item


def _today(user: User) -> date:
    return user_local_today(user=user)


FORMS: dict[str, Form] = {
    "signup": Form(
        url=lambda u: reverse("accounts:signup"),
        base=lambda u: {"time_zone": "Europe/Berlin", "password1": TEST_PASSWORD, "password2": TEST_PASSWORD},
        fuzzed=["email", "display_name"],
        signed_in=False,
        # A sign-up that succeeds signs the browser in; the next example starts signed out.
        reset=lambda u, c: c.logout(),
    ),
    "settings": Form(
        url=lambda u: reverse("settings"),
        base=lambda u: {"time_zone": "Europe/Berlin", "day_start_hour": "3"},
        fuzzed=["display_name"],
    ),
    "reminders": Form(
        url=lambda u: reverse("accounts:reminder_preferences"),
        base=lambda u: {
            "reminders_enabled": "on",
            "daily": "on",
            "last_chance_hours": "2",
            "kindness_weekday": "2",
        },
        fuzzed=["reminder_time"],
    ),
    "people add": Form(
        url=lambda u: reverse("people:index"), base=lambda u: {"kind": PersonKind.FRIEND}, fuzzed=["name"]
    ),
    "people edit": Form(
        url=lambda u: reverse("people:edit", kwargs={"person_id": _person(u).pk}),
        base=lambda u: {"kind": PersonKind.OTHER},
        fuzzed=["name", "kind_label", "notes"],
    ),
    "journal item add": Form(
        url=lambda u: reverse("journal:item_add", kwargs={"local_date": _today(u)}),
        base=lambda u: {"slot": "1"},
        fuzzed=["slot1-text"],
        reset=lambda u, c: GratitudeItem.objects.filter(owner=u).delete(),
    ),
    "journal item edit": Form(
        url=lambda u: reverse("journal:item_edit", kwargs={"item_id": _item(u).pk}),
        base=lambda u: {},
        fuzzed=["slot1-text"],
    ),
    "kindness act": Form(
        url=lambda u: reverse("kindness:log"),
        base=lambda u: {
            "kindness-recipient": "kind:friend",
            "kindness-category": "words",
            "kindness-effort": "small",
            "kindness-local_date": _today(u).isoformat(),
        },
        fuzzed=["kindness-text", "kindness-reflection"],
    ),
    "kindness idea": Form(
        url=lambda u: reverse("kindness:idea_add"),
        base=lambda u: {
            "idea-category": "words",
            "idea-recipient_kind": "friend",
            "idea-effort": "small",
            "idea-cost": "free",
            "idea-setting": "home",
        },
        fuzzed=["idea-text"],
    ),
    "feelings check-in": Form(
        url=lambda u: reverse("feelings:index"),
        base=lambda u: {"own_intensity": "5"},
        fuzzed=["own_feeling", "what_happened", "body"],
    ),
    "vicarious joy": Form(
        url=lambda u: reverse("feelings:joy"),
        base=lambda u: {"area": "other", "joy": "7"},
        fuzzed=["who", "what_happened"],
    ),
    "needs check-in": Form(
        url=lambda u: reverse("feelings:needs"),
        base=lambda u: {f"score_{_person(u, PersonKind.PARTNER).pk}": "4"},
        fuzzed=["note_{partner}"],
    ),
    "metamour note": Form(
        url=lambda u: reverse("feelings:metamour_note_add", kwargs={"person_id": _person(u).pk}),
        base=lambda u: {},
        fuzzed=["text"],
    ),
    "own feeling word": Form(
        url=lambda u: reverse("feelings:words"),
        base=lambda u: {"kind": "feeling"},
        fuzzed=["feeling-name", "feeling-definition"],
    ),
}


def _field_names(form: Form, user: User) -> list[str]:
    partner = _person(user, PersonKind.PARTNER).pk if any("{partner}" in f for f in form.fuzzed) else None
    return [name.format(partner=partner) for name in form.fuzzed]


# Unicode category Cc is exactly C0 (U+0000-U+001F), DEL and C1 (U+0080-U+009F).
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _visible(value: str) -> str:
    # Control characters other than tab and line breaks cannot appear in HTML; a form may
    # drop them, so the text a person would see is what must come back.
    return CONTROL.sub("", value)


def _assert_nothing_raw(content: str, where: str) -> None:
    for marker in RAW_MARKERS:
        assert marker not in content, f"unescaped {marker!r} in {where}"


def _client_for(form: Form, client: Client, user: User) -> Client:
    if form.signed_in:
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


@pytest.fixture
def user_with_words(user: User, settings: DjangoSettings) -> User:
    # Argon2 is slow on purpose; hundreds of generated sign-ups need only a fast hash.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    vocabulary_seed()
    return user


@pytest.mark.parametrize("name", sorted(FORMS))
def test_generated_input_never_breaks_a_form_and_is_shown_back_escaped(
    name: str, client: Client, user_with_words: User
) -> None:
    form = FORMS[name]
    user = user_with_words
    client = _client_for(form, client, user)
    url = form.url(user)
    names = _field_names(form, user)
    base = form.base(user)

    @FUZZ
    @given(values=st.lists(text_input, min_size=len(names), max_size=len(names)))
    def post(values: list[str]) -> None:
        form.reset(user, client)
        typed = dict(zip(names, values, strict=True))
        response = client.post(url, {**base, **typed})
        assert response.status_code < 500, f"{name}: {response.status_code}"
        content = response.content.decode()
        if response.status_code in (301, 302, 303):
            if any(marker in value for value in values for marker in RAW_MARKERS):
                # Saved: the page that shows it must escape it too.
                shown = client.get(response["Location"])
                assert shown.status_code < 500
                _assert_nothing_raw(shown.content.decode(), f"{name} after saving")
            return
        _assert_nothing_raw(content, name)
        assert "errorlist" in content or 'role="alert"' in content, f"{name}: no message says why"
        seen = _visible(content)
        for value in values:
            if _visible(value).strip():
                assert escape(_visible(value).strip()) in seen, f"{name}: the typed text was not shown again"

    post()


@pytest.mark.parametrize("name", sorted(FORMS))
def test_a_three_megabyte_body_gets_a_clear_413(name: str, client: Client, user_with_words: User) -> None:
    form = FORMS[name]
    client = _client_for(form, client, user_with_words)
    names = _field_names(form, user_with_words)
    response = client.post(
        form.url(user_with_words), {**form.base(user_with_words), names[0]: "x" * (3 * 1024 * 1024)}
    )
    assert response.status_code == 413
    assert "more than we can take" in response.content.decode()
