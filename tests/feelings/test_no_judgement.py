"""No code path labels a feeling good or bad: not in the data, not in the code, not on the page."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.db.models import Q
from django.test import Client
from django.urls import reverse
from django.utils.html import strip_tags

from feelings.models import CheckInFeeling, Feeling
from feelings.services import checkin_create, feeling_own_add
from feelings.vocabulary import FEELING_GROUPS, FEELINGS

VERDICTS = re.compile(r"\b(positive|negative|good|bad|valence|healthy|unhealthy|toxic|wrong feeling)\b", re.I)
ROOT = Path(settings.BASE_DIR)


def test_a_feeling_carries_only_a_name_a_group_and_a_definition():
    assert {f.name for f in Feeling._meta.get_fields()} == {"id", "owner", "name", "group", "definition"}
    assert {f.name for f in CheckInFeeling._meta.get_fields()} == {"id", "checkin", "feeling", "intensity"}


def test_the_vocabulary_names_no_verdict():
    for name, group, definition in FEELINGS:
        assert not VERDICTS.search(f"{name} {group} {definition}"), name
    for key, label in FEELING_GROUPS:
        assert not VERDICTS.search(f"{key} {label}"), label


def test_no_feelings_code_or_template_speaks_of_valence():
    paths = [*(ROOT / "feelings").rglob("*.py"), *(ROOT / "templates" / "feelings").rglob("*.html")]
    paths.append(ROOT / "static" / "js" / "sit.js")
    for path in paths:
        text = path.read_text()
        assert not re.search(r"\b(valence|positive|negative|sentiment)\b", text, re.I), path


class ClassCollector(HTMLParser):
    """The class attribute of every element that carries ``data-feeling`` or a feeling wrapper class."""

    def __init__(self) -> None:
        super().__init__()
        self.by_tag: dict[str, set[str]] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = dict(attrs).get("class") or ""
        if "feeling" in classes.split():
            self.by_tag.setdefault(tag, set()).add(classes)


def feeling_classes(html: str) -> dict[str, set[str]]:
    collector = ClassCollector()
    collector.feed(html)
    return collector.by_tag


@pytest.fixture
def history(user, make_person):
    names = {f.name: f for f in Feeling.objects.filter(owner=None)}
    own = feeling_own_add(user=user, name="floaty")
    jules = make_person(user)
    return checkin_create(
        user=user,
        intensities={
            names["compersion"]: 6,
            names["jealousy"]: 4,
            names["shame"]: 3,
            names["joy"]: 8,
            own: 2,
        },
        people=[jules],
    )


@pytest.mark.parametrize("name", ["feelings:index", "feelings:words", "feelings:charts", "checkin", "person"])
def test_every_feeling_renders_with_the_same_classes_and_no_verdict_nearby(me: Client, history, name):
    url = {
        "checkin": reverse("feelings:checkin", kwargs={"checkin_id": history.pk}),
        "person": reverse("feelings:person", kwargs={"person_id": history.people.get().pk}),
    }.get(name) or reverse(name)
    html = me.get(url).content.decode()

    # One shape per page for compersion, jealousy, shame, joy and the user's own word alike.
    for tag, classes in feeling_classes(html).items():
        assert len(classes) == 1, (tag, classes)
    text = " ".join(strip_tags(html).split())
    for feeling in ["compersion", "jealousy", "shame", "joy", "floaty"]:
        for match in re.finditer(feeling, text, re.I):
            window = text[max(0, match.start() - 80) : match.end() + 80]
            assert not VERDICTS.search(window), window


def test_the_check_in_form_offers_every_feeling_the_same_way(me: Client, history):
    html = me.get(reverse("feelings:index")).content.decode()

    inputs = re.findall(r'<input type="range" name="feeling_\d+"[^>]*>', html)
    assert len(inputs) == Feeling.objects.filter(Q(owner=None) | Q(owner=history.owner)).count()
    shapes = {" ".join(re.sub(r'(name|id|aria-describedby)="[^"]*"', "", tag).split()) for tag in inputs}
    assert len(shapes) == 1, shapes


def test_feelings_are_listed_by_group_then_alphabetically_never_by_kind(me: Client, history):
    html = me.get(reverse("feelings:words")).content.decode()
    sections = re.split(r"<h3>", html)[1:]
    for section in sections:
        names = re.findall(r"<dt>([^<]+)</dt>", section.split("</dl>")[0])
        assert names == sorted(names, key=str.lower), names
