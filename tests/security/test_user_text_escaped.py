"""A user's own words are never markup, on any page, in the admin, in mail or in an export.

A markup payload is stored in every free-text field the models have (found from the models,
so a field added tomorrow is covered without anyone remembering it), with records in every
practice and for every person. Then every page reachable from Today and the nav is crawled,
and the admin's pages for those records as a superuser, and each HTML answer is parsed: no
element or attribute that came from the payload may appear. Such text can arrive through a
file someone else made (import), so "a user only attacks themself" is no comfort.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections import Counter, deque
from collections.abc import Iterable, Iterator
from datetime import timedelta
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
import time_machine
from django.apps import apps
from django.core import mail
from django.db import models
from django.http import HttpResponseBase
from django.test import Client
from django.urls import reverse
from markdown_it import MarkdownIt

from accounts.models import PushSubscription, ReminderKind, User
from accounts.services import push_subscription_save
from feelings import services as feelings
from feelings.models import CheckIn, Feeling, MetamourNote, Need, VicariousJoy
from journal.models import GratitudeItem
from kindness.models import KindnessAct, KindnessIdea
from people.models import Person, PersonKind
from people.services import person_create
from reminders.emails import reminder_message
from tests.factories import UserFactory
from tests.privacy.conftest import NOW, fill_account
from tests.security.registry import TOKEN_KWARGS
from tests.security.urlwalk import is_admin, routes

# Each piece attacks one context; together they are the payload of a long field.
PIECES = [
    '"><meta http-equiv=refresh content=0>',  # leaves an attribute, then redirects the page
    "<i hx-post=/x hx-trigger=load>x</i>",  # an htmx request as soon as the page loads
    "<script>alert(1)</script>",
    "\" onmouseover=\"x' onfocus='x",  # for text put inside a quoted attribute
    "javascript:alert(1)",  # for text that becomes a link
    "[a](javascript:alert(1))",  # for text in the Markdown journal
]
FULL = "".join(PIECES)
# What the rendered text of a page shows when the payload arrived as text.
SEEN_AS_TEXT = ("alert(1)", "hx-trigger=load", "http-equiv=refresh")

# Text columns of our models that a user does not write, each with the reason.
NOT_FREE_TEXT: dict[str, str] = {
    "accounts.User.password": "a password hash",
    "accounts.User.session_salt": "random, never shown",
    "accounts.TwoFactor.secret": "random base32, shown only as a QR code and in setup",
    "accounts.RecoveryCode.code_hash": "a hash",
    "accounts.MailThrottle.key": "a keyed hash of an address or a client, written by the app",
    "reminders.ReminderDelivery.reason": "written by the app, not the user",
    # JSON the app writes; the file's words in it are shown escaped on the import preview
    # (tests/privacy/importers/test_app_import.py::test_the_files_words_are_shown_escaped).
    "privacy.ImportPreview.payload": "JSON written by the app from an uploaded file",
    "privacy.ImportPreview.choices": "JSON written by the app from the preview's form",
    "privacy.ImportPreview.problems": "JSON written by the app from the import's checks",
}
OUR_APPS = {"accounts", "people", "journal", "kindness", "feelings", "reminders", "privacy"}
# The user's own rows, for each model: the field that names the owner.
OWNER_FIELDS = ("owner", "user")


def free_text_fields() -> list[
    tuple[type[models.Model], list[models.CharField[Any, Any] | models.TextField[Any, Any]]]
]:
    found = []
    for model in apps.get_models():
        if model._meta.app_label not in OUR_APPS:
            continue
        fields = [
            field
            for field in model._meta.concrete_fields
            if isinstance(field, models.CharField | models.TextField)
            and not isinstance(field, models.EmailField | models.SlugField)
            and not field.choices
            and field.name != "time_zone"  # validated against the zone list
            and f"{model._meta.label}.{field.name}" not in NOT_FREE_TEXT
        ]
        if fields:
            found.append((model, fields))
    return found


def _payload(index: int, max_length: int | None) -> str:
    """The payload for the index-th row: every piece when it fits, otherwise as many whole
    pieces as fit, starting at a different one for each row (and unique per row)."""
    limit = max_length or 10_000
    if len(FULL) <= limit:
        return FULL
    rotated = PIECES[index % len(PIECES) :] + PIECES[: index % len(PIECES)]
    suffix = f" {index}" if index >= len(PIECES) else ""
    text = rotated[0]
    for piece in rotated[1:]:
        if len(text + piece + suffix) > limit:
            break
        text += piece
    return text + suffix


def _own_rows(model: type[models.Model], user: User) -> models.QuerySet[Any]:
    if model is User:
        return User.objects.filter(pk=user.pk)
    for name in OWNER_FIELDS:
        try:
            model._meta.get_field(name)
        except Exception:  # noqa: S112 - the next name then
            continue
        return model._default_manager.filter(**{name: user}).order_by("pk")
    raise AssertionError(f"{model._meta.label} has free text but no owner field this test knows")


def poison(user: User) -> Counter[str]:
    """Every free-text field of every row the user owns now holds the payload."""
    rows_per_field: Counter[str] = Counter()
    for model, fields in free_text_fields():
        for index, pk in enumerate(_own_rows(model, user).values_list("pk", flat=True)):
            values = {field.name: _payload(index, field.max_length) for field in fields}
            model._default_manager.filter(pk=pk).update(**values)
            for field in fields:
                rows_per_field[f"{model._meta.label}.{field.name}"] += 1
    return rows_per_field


def _more_rows(user: User) -> None:
    """Enough rows that a short field shows every piece on some row."""
    for number in range(3):
        person_create(user=user, name=f"Partner {number}", kind=PersonKind.PARTNER, kind_label="x")
    jules = user.people.get(name="Jules")
    for number in range(len(PIECES)):
        push_subscription_save(
            user=user,
            endpoint=f"https://push.example.net/send/{number}",
            p256dh="key",
            auth="secret",
            browser="Firefox on Android",
        )
        feelings.feeling_own_add(user=user, name=f"own feeling {number}", definition="mine")
        feelings.need_own_add(user=user, name=f"own need {number}", definition="mine")
        feelings.vicarious_joy_log(user=user, what_happened="news", joy=5, area="work", who="someone")
        feelings.metamour_note_add(user=user, person=jules, text="note", prompt="A hobby")
    # A check-in with every own feeling, so each one's name and definition is on the pages.
    own = {f: 3 for f in Feeling.objects.filter(owner=user)}
    feelings.checkin_create(user=user, intensities=own, what_happened="all of them")


@pytest.fixture
def poisoned(user: User) -> Iterator[User]:
    # The account's records are written around NOW, and the pages are read on that day.
    with time_machine.travel(NOW + timedelta(minutes=5), tick=True):
        yield _poisoned(user)


def _poisoned(user: User) -> User:
    feelings.vocabulary_seed()
    fill_account(user)
    _more_rows(user)
    counts = poison(user)
    user.refresh_from_db()
    short = [
        label
        for model, fields in free_text_fields()
        for field in fields
        if (label := f"{model._meta.label}.{field.name}")
        and len(FULL) > (field.max_length or 10_000)
        and model is not User
        and counts[label] < len(PIECES)
    ]
    assert not short, f"give these fields more rows so every piece is stored in them: {short}"
    assert not [
        label
        for model, fields in free_text_fields()
        for f in fields
        if (label := f"{model._meta.label}.{f.name}") not in counts
    ], "a field with no row"
    return user


class PayloadFinder(HTMLParser):
    """Collects, from one HTML document, anything the payload could have become, and the
    links to follow."""

    URL_ATTRS = {"href", "src", "action", "formaction", "xlink:href", "hx-get", "data-hx-get"}

    def __init__(self, *, nonce: str | None, base: str) -> None:
        super().__init__(convert_charrefs=True)
        self.nonce, self.base = nonce, base
        self.found: list[str] = []
        self.links: list[str] = []
        self.text: list[str] = []
        # The open elements, each as (tag, its description, whether htmx is off inside it,
        # whether it takes its direction from its own text: dir="auto", or a <bdi>).
        self.open: list[tuple[str, str, bool, bool]] = []
        # Where the words are shown with htmx still processing what is around them.
        self.unwalled: list[str] = []
        # Where the words are shown in an element that does not read their direction from them,
        # so Hebrew or Arabic would run left to right.
        self.undirected: list[str] = []

    # Fields that never hold words, and places where dir means nothing (the document's title,
    # SVG, which has its own direction property; the charts name only the app's own words there).
    NOT_TEXT = {
        "hidden",
        "checkbox",
        "radio",
        "submit",
        "button",
        "file",
        "number",
        "date",
        "time",
        "password",
        "email",
        "range",
    }
    NO_DIRECTION = {"head", "svg", "script"}
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}

    def _walled(self, *, itself: bool = False) -> bool:
        return (
            itself
            or any(off for _tag, _where, off, _dir in self.open)
            or "head" in {t for t, *_ in self.open}
        )

    def _place(self, tag: str, named: dict[str, str | None]) -> str:
        inner = next((f"<{t}{w}>" for t, w, _off, _dir in reversed(self.open) if w), "")
        return f"{inner} <{tag}{_describe(named)}>"

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self.open) - 1, -1, -1):
            if self.open[index][0] == tag:
                del self.open[index:]
                return

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        off = "data-hx-disable" in named or "hx-disable" in named
        shows_words = any(words in (value or "") for _name, value in attrs for words in SEEN_AS_TEXT)
        if shows_words and not self._walled(itself=off):
            self.unwalled.append(self._place(tag, named))
        own_direction = tag == "bdi" or (named.get("dir") or "").lower() == "auto"
        if tag in {"input", "textarea"} and not own_direction and named.get("type") not in self.NOT_TEXT:
            # A field that holds (or will hold) the user's words.
            self.undirected.append(self._place(tag, named))
        if tag not in self.VOID:
            self.open.append((tag, _describe(named), off, own_direction))
        where = f"<{tag} {' '.join(f'{k}={v!r}' for k, v in attrs)}>"
        if tag == "meta" and (named.get("http-equiv") or "").lower() == "refresh":
            self.found.append(f"a refresh: {where}")
        # Ours carry the page's nonce, or (the admin's) load a file of our own origin.
        own_file = (named.get("src") or "").startswith("/") and not (named.get("src") or "").startswith("//")
        if tag == "script" and not own_file and (self.nonce is None or named.get("nonce") != self.nonce):
            self.found.append(f"a script without our nonce: {where}")
        for name, value in attrs:
            text = (value or "").strip().lower()
            if name.startswith("on"):
                self.found.append(f"an event handler attribute: {where}")
            if name.removeprefix("data-").startswith("hx-") and text in {"/x", "load"} and tag == "i":
                self.found.append(f"htmx from the payload: {where}")
            if name in self.URL_ATTRS and text.startswith("javascript:"):
                self.found.append(f"a javascript: URL: {where}")
            if name in {"x'", 'x"'} or name.startswith(("'", '"')):
                self.found.append(f"an attribute broken open: {where}")
        if tag == "i" and any(name.removeprefix("data-").startswith("hx-") for name in named):
            self.found.append(f"htmx from the payload: {where}")
        for name in ("href", "hx-get", "data-hx-get"):
            if named.get(name):
                self.links.append(urljoin(self.base, named[name] or ""))
        if tag == "form" and (named.get("method") or "get").lower() == "get" and named.get("action"):
            self.links.append(urljoin(self.base, named["action"] or ""))

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        tags = {t for t, *_ in self.open}
        if any(words in data for words in SEEN_AS_TEXT) and self.open and not tags & self.NO_DIRECTION:
            tag, where, _off, own_direction = self.open[-1]
            # Paragraphs that |linebreaks makes take the direction of the element around them.
            parent_has_it = tag in {"p", "br"} and len(self.open) > 1 and self.open[-2][3]
            # Not (yet) checked: what Django's own widgets write, which takes no attributes of
            # ours: the options of a select, a choice's label, a field's help text.
            django_widget = tag in {"option", "label"} or 'class="helptext"' in where
            if not (own_direction or parent_has_it or django_widget):
                self.undirected.append(self._place(tag, {}) + " (text)")
        if any(words in data for words in SEEN_AS_TEXT) and not self._walled():
            tag = self.open[-1][0] if self.open else "?"
            self.unwalled.append(self._place(tag, {}) + " (text)")


def _describe(named: dict[str, str | None]) -> str:
    """The attributes that say where an element is: its id, class or test id."""
    keys = ("id", "class", "data-testid", "name")
    return "".join(f' {k}="{named[k]}"' for k in keys if named.get(k) and len(named[k] or "") < 60)


def _nonce(response: HttpResponseBase) -> str | None:
    policy = response.headers.get("Content-Security-Policy", "")
    for word in policy.replace(";", " ").split():
        if word.startswith("'nonce-"):
            return word.removeprefix("'nonce-").rstrip("'")
    return None


def check_html(html: str, *, response: HttpResponseBase, url: str) -> PayloadFinder:
    finder = PayloadFinder(nonce=_nonce(response), base=url)
    finder.feed(html)
    finder.close()
    return finder


def crawl(
    client: Client, seeds: Iterable[str], *, allowed: tuple[str, ...], skip: tuple[str, ...], limit: int
) -> Iterator[tuple[str, HttpResponseBase, PayloadFinder]]:
    """GET every same-origin page under ``allowed`` reachable from the seeds, breadth first."""
    queue = deque(seeds)
    seen: set[str] = set()
    per_path: Counter[str] = Counter()
    while queue and len(seen) < limit:
        parts = urlsplit(queue.popleft())
        if parts.netloc not in {"", "testserver"}:
            continue
        url = parts.path + (f"?{parts.query}" if parts.query else "")
        if url in seen or not url.startswith(allowed) or url.startswith(skip):
            continue
        # Filters and pages of a list: a few of each are enough.
        if parts.query and per_path[parts.path] >= 3:
            continue
        seen.add(url)
        per_path[parts.path] += 1
        response = client.get(url)
        assert response.status_code < 500, f"{url} answered {response.status_code}"
        if response.status_code in {301, 302, 303, 307, 308}:
            queue.append(urljoin(url, response.headers["Location"]))
            continue
        if "text/html" not in response.headers.get("Content-Type", ""):
            continue
        finder = check_html(response.content.decode(), response=response, url=url)
        queue.extend(finder.links)
        yield url, response, finder


SKIP = ("/accounts/logout/", "/static/", "/settings/export/json/", "/settings/export/zip/", "/admin/")


def _route_seeds(user: User) -> list[str]:
    """Every page of the resolver (the user's own objects where a URL names one), besides the links."""
    own = {
        "person_id": Person.objects.filter(owner=user, kind=PersonKind.METAMOUR),
        "checkin_id": CheckIn.objects.filter(owner=user),
        "joy_id": VicariousJoy.objects.filter(owner=user),
        "feeling_id": Feeling.objects.filter(owner=user),
        "need_id": Need.objects.filter(owner=user),
        "note_id": MetamourNote.objects.filter(owner=user),
        "item_id": GratitudeItem.objects.filter(owner=user),
        "act_id": KindnessAct.objects.filter(owner=user),
        "idea_id": KindnessIdea.objects.filter(owner=user),
        "subscription_id": PushSubscription.objects.filter(user=user),
    }
    seeds = []
    for route in routes():
        if is_admin(route) or route.name in TOKEN_KWARGS:
            continue
        kwargs: dict[str, Any] = {}
        for name in route.converters:
            if name == "local_date":
                kwargs[name] = NOW.date()
            else:
                row = own[name].order_by("pk").first()
                assert row is not None, f"the account has nothing for {route.name}'s {name}"
                kwargs[name] = row.pk
        seeds.append(reverse(route.name, kwargs=kwargs))
    return seeds


def test_the_free_text_fields_are_found_from_the_models() -> None:
    labels = {f"{m._meta.label}.{f.name}" for m, fields in free_text_fields() for f in fields}
    assert {
        "accounts.User.display_name",
        "people.Person.name",
        "people.Person.kind_label",
        "people.Person.notes",
        "feelings.Feeling.name",
        "feelings.Feeling.definition",
        "feelings.Need.name",
        "feelings.Need.definition",
        "feelings.CheckIn.what_happened",
        "feelings.CheckIn.body",
        "feelings.CheckIn.action",
        "feelings.VicariousJoy.who",
        "feelings.VicariousJoy.what_happened",
        "feelings.NeedsCheckIn.note",
        "feelings.MetamourNote.prompt",
        "feelings.MetamourNote.text",
        "journal.GratitudeItem.text",
        "kindness.KindnessIdea.text",
        "kindness.KindnessAct.text",
        "kindness.KindnessAct.reflection",
    } <= labels


def test_no_page_turns_a_users_words_into_markup(client: Client, poisoned: User) -> None:
    client.force_login(poisoned, backend="django.contrib.auth.backends.ModelBackend")
    seeds = ["/", *_route_seeds(poisoned), "/journal/?q=" + FULL]
    problems, shown_on, pages, unwalled, undirected = [], set(), 0, [], []
    for url, _response, finder in crawl(client, seeds, allowed=("/",), skip=SKIP, limit=400):
        pages += 1
        problems += [f"{url}: {found}" for found in finder.found]
        unwalled += [
            f"{re.sub(r'/[0-9]+/', '/<id>/', urlsplit(url).path)}: {place}" for place in finder.unwalled
        ]
        undirected += [
            f"{re.sub(r'/[0-9]+/', '/<id>/', urlsplit(url).path)}: {place}" for place in finder.undirected
        ]
        if any(words in "".join(finder.text) for words in SEEN_AS_TEXT):
            shown_on.add(urlsplit(url).path)
    print(f"{pages} pages crawled; the words were shown as text on {len(shown_on)} of them")
    assert not problems, "\n".join(problems)
    # The second wall: wherever the words are shown, htmx is off around them (data-hx-disable).
    assert not unwalled, "user text where htmx still runs:\n" + "\n".join(sorted(set(unwalled)))
    # Hebrew and Arabic read right to left: the element around the words takes their direction.
    assert not undirected, "user text without dir=auto:\n" + "\n".join(sorted(set(undirected)))
    # The crawl really went round, and really met the words (as text) on the practices' pages.
    assert pages > 40
    assert {
        "/",
        "/journal/",
        "/kindness/",
        "/kindness/ideas/",
        "/feelings/",
        "/feelings/words/",
        "/feelings/needs/",
        "/feelings/joy/",
        "/people/",
    } <= shown_on


def test_the_admin_never_turns_a_users_words_into_markup(client: Client, poisoned: User) -> None:
    admin = UserFactory.create(email="operator@example.com", is_staff=True, is_superuser=True)
    client.force_login(admin, backend="django.contrib.auth.backends.ModelBackend")
    seeds = ["/admin/"]
    for model, _fields in free_text_fields():
        if (model._meta.app_label, model._meta.model_name) in {
            (m._meta.app_label, m._meta.model_name) for m in _admin_models()
        }:
            info = (model._meta.app_label, model._meta.model_name)
            seeds.append(reverse("admin:{}_{}_changelist".format(*info)))
            seeds += [
                reverse("admin:{}_{}_change".format(*info), args=[pk])
                for pk in _own_rows(model, poisoned).values_list("pk", flat=True)[:8]
            ]
    problems, pages = [], 0
    skip = ("/admin/logout/", "/admin/password_change/", "/admin/jsi18n/")
    for url, _response, finder in crawl(client, seeds, allowed=("/admin/",), skip=skip, limit=150):
        pages += 1
        problems += [f"{url}: {found}" for found in finder.found]
    assert not problems, "\n".join(problems)
    assert pages > 10


def _admin_models() -> list[type[models.Model]]:
    from django.contrib import admin

    return list(admin.site._registry)


def test_the_json_export_keeps_the_words_as_json_strings(client: Client, poisoned: User) -> None:
    client.force_login(poisoned, backend="django.contrib.auth.backends.ModelBackend")
    response = client.get(reverse("privacy:export_json"))
    body = b"".join(response.streaming_content)  # type: ignore[attr-defined]

    assert response.headers["Content-Type"].startswith("application/json")
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    document = json.loads(body)
    assert FULL in [item["text"] for item in document["gratitude"]]


MARKDOWN = MarkdownIt("commonmark", {"html": True}).enable(["strikethrough", "table"])


def test_the_markdown_journal_shows_the_words_and_never_markup_or_a_link(
    client: Client, poisoned: User
) -> None:
    client.force_login(poisoned, backend="django.contrib.auth.backends.ModelBackend")
    response = client.get(reverse("privacy:export_zip"))
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))  # type: ignore[attr-defined]
    journal = archive.read("journal.md").decode()

    html = MARKDOWN.render(journal)
    finder = check_html(html, response=response, url="/")
    assert not finder.found, "\n".join(finder.found)
    # Rendered, the journal is headings, a numbered list and emphasis, and shows the words as written.
    tags = set()

    class Tags(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            tags.add(tag)

    Tags().feed(html)
    assert tags <= {"h1", "h2", "ol", "li", "em", "p"}
    text = "".join(finder.text)
    assert FULL in text
    assert f"{_payload(0, 80)}'s gratitude journal" in text  # the display name, as written


@pytest.mark.parametrize("kind", list(ReminderKind))
def test_reminder_emails_show_the_name_as_text(poisoned: User, kind: ReminderKind) -> None:
    message = reminder_message(user=poisoned, kind=kind, local_date=NOW.date(), test=True)
    html = str(message.alternatives[0][0])
    finder = PayloadFinder(nonce=None, base="/")
    finder.feed(html)
    assert not finder.found, "\n".join(finder.found)
    assert _payload(0, 80) in "".join(finder.text)


def test_every_email_the_app_sends_a_user_shows_their_words_as_text(
    client: Client, poisoned: User, django_capture_on_commit_callbacks: Any
) -> None:
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:password_reset"), {"email": poisoned.email})
    client.force_login(poisoned, backend="django.contrib.auth.backends.ModelBackend")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reminders:test"))
    assert len(mail.outbox) == 2
    for message in mail.outbox:
        for html, _type in getattr(message, "alternatives", []):
            finder = PayloadFinder(nonce=None, base="/")
            finder.feed(str(html))
            assert not finder.found, "\n".join(finder.found)
