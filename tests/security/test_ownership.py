"""Another user's object answers 404, on GET and on POST, at every URL that names one.

The URL list comes from the resolver; a new pattern that takes an argument and is not in
one of the registries (tests/security/registry.py) fails
``test_every_pattern_with_an_argument_is_covered``.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.db import models
from django.test import Client
from django.urls import reverse

from accounts.models import User
from journal.models import GratitudeItem
from tests.security.registry import NOT_OBJECT_IDS, OWNED, SCOPED_TO_REQUESTER
from tests.security.urlwalk import is_admin, routes


def _snapshot(obj: models.Model) -> dict[str, Any]:
    # The base manager sees every row, a removed one (compersion.lib.removal) too.
    fresh = type(obj)._base_manager.get(pk=obj.pk)
    return {field.attname: getattr(fresh, field.attname) for field in fresh._meta.concrete_fields}


def test_every_pattern_with_an_argument_is_covered() -> None:
    with_arguments = {r.name for r in routes() if r.converters and not is_admin(r)}
    covered = set(OWNED) | set(SCOPED_TO_REQUESTER) | set(NOT_OBJECT_IDS)
    missing = sorted(with_arguments - covered)
    assert not missing, f"URL patterns with an argument and no ownership test: {missing}"
    stale = sorted(covered - with_arguments)
    assert not stale, f"registry names no longer in the resolver: {stale}"


@pytest.mark.parametrize("name", sorted(OWNED))
def test_another_users_object_answers_404_on_get_and_post(
    name: str, client: Client, user: User, other_user: User
) -> None:
    kwargs, obj = OWNED[name](user)
    before = _snapshot(obj)
    url = reverse(name, kwargs=kwargs)
    client.force_login(other_user, backend="django.contrib.auth.backends.ModelBackend")

    assert client.get(url).status_code == 404
    assert client.post(url, {}).status_code == 404
    assert client.post(url, {"text": "taken over", "name": "taken over", "confirm": "1"}).status_code == 404
    assert _snapshot(obj) == before


@pytest.mark.parametrize("name", sorted(OWNED))
def test_the_owner_reaches_their_own_object(name: str, client: Client, user: User) -> None:
    # Without this, a URL that 404s for everyone would pass the test above.
    kwargs, _ = OWNED[name](user)
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    assert client.get(reverse(name, kwargs=kwargs)).status_code != 404


@pytest.mark.parametrize("name", sorted(SCOPED_TO_REQUESTER))
def test_a_date_path_never_shows_or_changes_another_users_day(
    name: str, client: Client, user: User, other_user: User
) -> None:
    kwargs, obj = SCOPED_TO_REQUESTER[name](user)
    before = _snapshot(obj)
    url = reverse(name, kwargs=kwargs)
    client.force_login(other_user, backend="django.contrib.auth.backends.ModelBackend")

    response = client.get(url)
    assert response.status_code < 500
    assert b"owner&#x27;s gratitude" not in response.content
    assert b"owner's gratitude" not in response.content
    client.post(url, {"text": "written by someone else"})
    assert _snapshot(obj) == before
    assert "written by someone else" not in [i.text for i in GratitudeItem.objects.filter(owner=user)]
