"""No query string answers 500, on any page of the site.

Every GET URL comes from the resolver (tests/security/urlwalk.py), with the user's own
objects behind its arguments (tests/security/registry.py). Each page is asked with hostile
values for every query parameter a view of the project reads: the names are collected from
the source (``request.GET.get("…")``, ``getlist``) and from the forms that submit with GET,
so a parameter added tomorrow is tried too. One at a time, each page is sent the parameters its
own view reads, in its body or in the module's functions it names; all at once, every page is
sent every name.
"""

from __future__ import annotations

import ast
import inspect
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from django.apps import apps
from django.conf import settings
from django.forms import Form
from django.test import Client
from django.urls import reverse

from accounts.models import User
from journal.forms import DayJumpForm
from kindness.forms import IdeaFilterForm
from tests.factories import UserFactory
from tests.security.registry import DAY, OWNED, SCOPED_TO_REQUESTER, TOKEN_KWARGS
from tests.security.urlwalk import is_admin, routes

# Forms a page submits with method="get": a view that names one reads its fields.
GET_FORMS: list[type[Form]] = [IdeaFilterForm, DayJumpForm]
ALWAYS = {"page", "next", "q", "date", "id", "token"}  # common names a view might read one day
PAGING = {"before", "after", "oldest"}  # what compersion.lib.paging.window_from_query reads
READS = re.compile(r"""request\.GET\.(?:get|getlist|__getitem__)\(\s*["']([^"']+)["']""")

View = tuple[str, str]  # (module, top-level function or class), e.g. ("journal.views", "today")

# Percent-encoded as a browser or a script would send them.
HOSTILE: dict[str, str] = {
    "superscript two": "²",
    "arabic-indic digits": "١٢",
    "fullwidth digits": "１２",
    "negative": "-1",
    "zero": "0",
    "past int64": "99999999999999999999999",
    "past the int digit limit": "9" * 5000,
    "float": "1e309",
    "nan": "nan",
    "NUL byte": "a\x00b",
    "very long": "x" * 20000,
    "impossible date": "2026-02-30",
    "year one": "0001-01-01",
    "year 9999": "9999-12-31",
    "markup": '"><script>alert(1)</script>',
    "empty": "",
    "spaces": "   ",
}
ENCODED = {name: quote(value, safe="") for name, value in HOSTILE.items()} | {
    "a lone surrogate, encoded": "%ED%A0%80",
    "bytes that are not UTF-8": "%FF%FE",
}


def _module_reads(source: str) -> dict[str, set[str]]:
    """Each top-level function and class of a module -> the query parameters it reads, itself
    or through the module's other functions it names (a view's helpers)."""
    tree = ast.parse(source)
    defs = {node.name: node for node in tree.body if isinstance(node, ast.FunctionDef | ast.ClassDef)}
    # The lines of each definition, from one split (ast.get_source_segment splits the whole
    # module again for every call: 1.5 s of each test process's collection).
    lines = source.splitlines(keepends=True)
    own: dict[str, set[str]] = {}
    named: dict[str, set[str]] = {}
    for name, node in defs.items():
        segment = "".join(lines[node.lineno - 1 : node.end_lineno])
        reads = set(READS.findall(segment))
        if "window_from_query(request.GET" in segment:
            reads |= PAGING
        ids = {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}
        for form in GET_FORMS:
            if form.__name__ in ids:
                reads |= set(form.base_fields)
        own[name], named[name] = reads, (ids & defs.keys()) - {name}
    found: dict[str, set[str]] = {}
    for name in defs:
        seen, todo, reads = {name}, [name], set()
        while todo:
            current = todo.pop()
            reads |= own[current]
            todo += [callee for callee in named[current] if callee not in seen]
            seen.update(named[current])
        found[name] = reads
    return found


def _read_parameters() -> dict[View, set[str]]:
    """Every view of the project's own apps -> the query parameters its code reads."""
    base = Path(settings.BASE_DIR)
    # The project's apps are the folders at its top (.venv, under it too, holds installed ones),
    # and the project package (the healthcheck, the offline page) beside them.
    roots = {Path(app.path) for app in apps.get_app_configs() if Path(app.path).parent == base}
    roots.add(base / settings.ROOT_URLCONF.partition(".")[0])
    found: dict[View, set[str]] = {}
    for root in roots:
        for path in root.rglob("*.py"):
            if "migrations" in path.parts:
                continue
            module = ".".join(path.relative_to(base).with_suffix("").parts)
            for name, reads in _module_reads(path.read_text()).items():
                if reads:
                    found[(module, name)] = reads
    return found


READ_BY = _read_parameters()
PARAMETERS = sorted(ALWAYS.union(*READ_BY.values()))


def _view(callback: Callable[..., object]) -> View:
    view = getattr(callback, "view_class", None) or inspect.unwrap(callback)
    return (view.__module__, view.__name__)


def _get_urls(owner: User) -> list[tuple[str, View]]:
    """(URL, its view) for every page."""
    urls = []
    made: dict[object, dict[str, Any]] = {}  # one object per kind: two items in one slot cannot be
    for route in routes():
        if is_admin(route):
            continue
        if route.name in OWNED:
            build = OWNED[route.name]
            if build not in made:
                made[build] = build(owner)[0]
            kwargs = made[build]
        elif route.name in SCOPED_TO_REQUESTER:
            kwargs = {"local_date": DAY}
        else:
            kwargs = TOKEN_KWARGS.get(route.name, {})
        urls.append((reverse(route.name, kwargs=kwargs), _view(route.callback)))
    return urls


def test_the_parameters_read_include_the_ones_that_once_crashed() -> None:
    # Without this, a broken source scan would quietly test nothing.
    assert {"idea", "logged", "days", "feeling", "person", "kind", "category", "weeks", "month"} <= set(
        PARAMETERS
    )
    for paged in [
        ("feelings.views", "index"),
        ("kindness.views", "index"),
        ("journal.person_page", "person_detail"),
    ]:
        assert READ_BY[paged] >= PAGING, paged
    # Read by a helper the view calls: the form behind the ideas page, the Edit link's item.
    assert READ_BY[("kindness.views", "ideas")] >= set(IdeaFilterForm.base_fields) | {"page"}
    assert "edit" in READ_BY[("journal.views", "today")]
    # A view reads only its own parameters: the act's page is not sent the ideas page's.
    assert not READ_BY.get(("kindness.views", "act_detail"), set()) & set(IdeaFilterForm.base_fields)


@pytest.mark.django_db
@pytest.mark.parametrize("value", list(ENCODED.values()), ids=list(ENCODED))
def test_no_query_string_answers_500_on_any_page(value: str, user: User) -> None:
    signed_in = Client(raise_request_exception=False)
    signed_in.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    anonymous = Client(raise_request_exception=False)
    # Each name twice: .get() reads the last (hostile) value, .getlist() both.
    query = "&".join(f"{name}=1&{name}={value}" for name in PARAMETERS)
    failures = []
    for url, _ in _get_urls(user):
        for client, who in ((signed_in, "signed in"), (anonymous, "anonymous")):
            status = client.get(f"{url}?{query}").status_code
            if status >= 500:
                failures.append(f"{who} GET {url} -> {status}")
    assert not failures, "\n".join(sorted(set(failures)))


@pytest.mark.django_db
@pytest.mark.parametrize("value", list(ENCODED.values()), ids=list(ENCODED))
def test_each_parameter_alone_never_answers_500(value: str, user: User) -> None:
    # All at once, one bad parameter can answer 404 before the view reads the next one.
    client = Client(raise_request_exception=False)
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    failures = []
    for url, view in _get_urls(user):
        for name in sorted(READ_BY.get(view, set())):
            status = client.get(f"{url}?{name}={value}").status_code
            if status >= 500:
                failures.append(f"GET {url}?{name}= -> {status}")
    assert not failures, "\n".join(failures)


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["idea", "logged"])
@pytest.mark.parametrize("value", ["²", "١", "9" * 5000, "99999999999999999999999"])
def test_kindness_ignores_an_act_or_idea_number_it_cannot_read(name: str, value: str, client: Client) -> None:
    client.force_login(UserFactory.create(), backend="django.contrib.auth.backends.ModelBackend")
    assert client.get("/kindness/", {name: value}).status_code == 200
