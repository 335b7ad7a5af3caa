from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from typing import Any

import pytest
from axes.models import AccessAttempt, AccessLog
from django.apps import apps
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.core import mail
from django.db import models
from django.db.models import Q
from django.test import Client
from django.utils.html import escape

from accounts.models import User
from people.models import Person
from tests.factories import TEST_PASSWORD, UserFactory
from tests.privacy.conftest import fill_bookkeeping

UserPaths = dict[type[models.Model], list[str]]


def user_paths(max_depth: int = 4) -> UserPaths:
    """Every model (through tables included) with a foreign-key path to the user, and the
    lookups that follow those paths: ``{CheckInFeeling: ["checkin__owner", "feeling__owner"]}``."""
    user_model = apps.get_model(settings.AUTH_USER_MODEL)

    def paths_from(model: type[models.Model], depth: int) -> list[str]:
        found: list[str] = []
        if depth > max_depth:
            return found
        for field in model._meta.get_fields():
            if not field.is_relation or field.auto_created or field.related_model is None:
                continue  # reverse relations and plain columns
            target = field.related_model
            if target == user_model:
                found.append(field.name)
            elif isinstance(target, type) and issubclass(target, models.Model) and target is not model:
                found += [f"{field.name}__{rest}" for rest in paths_from(target, depth + 1)]
        return found

    result: UserPaths = {}
    for model in apps.get_models(include_auto_created=True):
        if model is user_model:
            continue
        paths = paths_from(model, 1)
        if paths:
            result[model] = paths
    return result


def owned_pks(model: type[models.Model], paths: list[str], user_pk: int) -> set[object]:
    condition = Q()
    for path in paths:
        condition |= Q(**{path: user_pk})
    return set(model._default_manager.filter(condition).values_list("pk", flat=True))


def test_the_model_walk_finds_models_at_every_depth() -> None:
    # Guards the walk itself: direct links, links through another model, and through tables.
    names = {model._meta.label: paths for model, paths in user_paths().items()}

    assert "owner" in names["journal.GratitudeItem"]
    assert "checkin__owner" in names["feelings.CheckInFeeling"]
    assert "person__owner" in names["journal.GratitudeItem_people"]
    assert "user" in names["admin.LogEntry"]


@pytest.mark.django_db
def test_deleting_an_account_removes_every_row_with_a_path_to_the_user_and_keeps_everyone_elses(
    user: User, other_user: User, filled: Callable[[User], dict[str, Person]]
) -> None:
    from privacy.services import account_delete

    for someone in (user, other_user):
        filled(someone)
        fill_bookkeeping(someone)
    paths = user_paths()
    mine = {model: owned_pks(model, p, user.pk) for model, p in paths.items()}
    theirs = {model: owned_pks(model, p, other_user.pk) for model, p in paths.items()}
    # The proof only means something if every such model holds rows for both users. A new
    # model with a path to the user fails here until fill_account/fill_bookkeeping covers it.
    uncovered = sorted(m._meta.label for m in paths if not mine[m] or not theirs[m])
    assert uncovered == [], f"add rows for these models to tests/privacy/conftest.py: {uncovered}"

    account_delete(user=User.objects.get(pk=user.pk))

    # Looked up by primary key, not through the user: a row whose link was nulled still counts.
    left = {
        model._meta.label: model._default_manager.filter(pk__in=pks).count()
        for model, pks in mine.items()
        if model._default_manager.filter(pk__in=pks).exists()
    }
    assert left == {}
    kept = {
        model._meta.label: model._default_manager.filter(pk__in=pks).count() == len(pks)
        for model, pks in theirs.items()
    }
    assert all(kept.values()), kept
    assert not User.objects.filter(pk=user.pk).exists()


def signed_in_client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_delete_page_asks_for_the_password(user: User) -> None:
    response = signed_in_client(user).get("/settings/delete/")

    assert response.status_code == 200
    assert b'type="password"' in response.content
    assert b"There is no undo" in response.content


def test_a_wrong_password_deletes_nothing_and_says_so(user: User) -> None:
    client = signed_in_client(user)

    response = client.post("/settings/delete/", {"password": "not my password"})

    assert response.status_code == 400
    assert escape("That password doesn't match. Nothing has been deleted.") in response.content.decode()
    assert User.objects.filter(pk=user.pk).exists()
    assert client.get("/settings/").status_code == 200


def test_deleting_with_the_password_ends_every_session_and_emails_a_confirmation(
    user: User, other_user: User, django_capture_on_commit_callbacks: Any
) -> None:
    phone, laptop, theirs = signed_in_client(user), signed_in_client(user), signed_in_client(other_user)
    AccessAttempt.objects.create(username=user.email, ip_address="10.0.0.1", failures_since_start=2)
    AccessLog.objects.create(username=user.email, ip_address="10.0.0.1")

    with django_capture_on_commit_callbacks(execute=True):
        response = laptop.post("/settings/delete/", {"password": TEST_PASSWORD}, follow=True)

    assert response.redirect_chain[-1][0] == "/"
    assert "Your account and everything in it are deleted" in response.content.decode()
    assert not User.objects.filter(pk=user.pk).exists()
    assert phone.get("/settings/").status_code == 302
    assert laptop.get("/settings/").status_code == 302
    assert theirs.get("/settings/").status_code == 200
    user_ids = {s.get_decoded().get(SESSION_KEY) for s in Session.objects.all()}
    assert str(user.pk) not in user_ids
    assert str(other_user.pk) in user_ids
    assert not AccessAttempt.objects.filter(username=user.email).exists()
    assert not AccessLog.objects.filter(username=user.email).exists()
    assert [m.to for m in mail.outbox] == [[user.email]]
    assert "deleted" in mail.outbox[0].subject


def test_no_email_leaves_when_the_deletion_does_not_commit(user: User) -> None:
    # Without on_commit callbacks running (the transaction never commits), nothing is sent.
    signed_in_client(user).post("/settings/delete/", {"password": TEST_PASSWORD})

    assert mail.outbox == []


def test_the_delete_page_needs_a_signed_in_user(db: None) -> None:
    response = Client().post("/settings/delete/", {"password": TEST_PASSWORD})

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_sessions_of_a_deleted_user_are_found_among_many(user: User) -> None:
    from privacy.services import sessions_end_all

    others = UserFactory.create_batch(3)
    for someone in [user, user, *others]:
        signed_in_client(someone)
    engine = import_module(settings.SESSION_ENGINE)
    anonymous = engine.SessionStore()
    anonymous["cart"] = "nothing"
    anonymous.save()

    assert sessions_end_all(user=user) == 2
    assert Session.objects.count() == 4


def test_sessions_kept_in_the_cache_too_end_with_the_account(
    user: User, other_user: User, settings: Any
) -> None:
    """With REDIS_URL set, sessions are cached_db: a copy in the cache must not outlive the account."""
    from django.contrib.sessions.backends.cached_db import KEY_PREFIX
    from django.core.cache import caches

    from privacy.services import sessions_end_all

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    mine, theirs = signed_in_client(user), signed_in_client(other_user)
    my_key, their_key = str(mine.session.session_key), str(theirs.session.session_key)
    cache = caches["default"]
    assert cache.get(KEY_PREFIX + my_key) is not None

    assert sessions_end_all(user=user) == 1

    assert cache.get(KEY_PREFIX + my_key) is None
    assert not Session.objects.filter(session_key=my_key).exists()
    assert cache.get(KEY_PREFIX + their_key) is not None
