"""One record per submitted form: a double click, or two tabs resending one form, saves once.

Every creating form carries a random token in a hidden input, a fresh one each time the server
renders the form (so each htmx-swapped form has its own). The record stores it, and PostgreSQL
holds a unique (owner, token) index: the second of two identical POSTs cannot insert, and is
answered with the record the first one made, as if it had made it. Two records with identical
words stay possible (two forms, two tokens); only the same form sent twice is one record.
A form posted without a token (an old page, a script) saves as before.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import TypeVar

from django import forms
from django.db import IntegrityError, models, transaction

FIELD = "submission_token"

Record = TypeVar("Record", bound=models.Model)


def submission_token_field() -> forms.UUIDField:
    """The hidden input; ``initial`` is called once per rendered form, so each form has its own."""
    return forms.UUIDField(required=False, widget=forms.HiddenInput, initial=uuid.uuid4)


def submission_token_column() -> models.UUIDField:
    return models.UUIDField(null=True, blank=True, editable=False)


def submission_token_unique(name: str) -> models.UniqueConstraint:
    # Partial: records made without a form (imports, older rows) hold no token and no index entry.
    return models.UniqueConstraint(
        fields=["owner", FIELD], condition=models.Q(submission_token__isnull=False), name=name
    )


def create_once(
    model: type[Record], *, owner_id: int, token: uuid.UUID | None, create: Callable[[], Record]
) -> Record:
    """Run ``create`` (which inserts one ``model`` row carrying ``token``), or, when a row with
    this owner and token exists, answer that row instead."""
    if token is None:
        return create()
    try:
        with transaction.atomic():
            return create()
    except IntegrityError:
        # The same form, sent twice at once: our insert waited on the unique index until the
        # first request committed. Its row is visible now (read committed); answer with it.
        # The base manager sees every row, a removed one too (compersion.lib.removal): a form
        # resent after its record was removed is still answered with that record.
        existing = model._base_manager.filter(owner_id=owner_id, **{FIELD: token}).first()
        if existing is None:
            raise  # another constraint; not a resent form
        return existing
