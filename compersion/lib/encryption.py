"""Encryption at rest of the words users write: the key ring and the model fields.

Values are Fernet tokens (AES-128-CBC with an HMAC-SHA256 over the whole token, so a
changed byte fails loudly instead of decrypting to wrong text). ``settings.ENCRYPTION_KEYS``
lists keys newest first: the newest encrypts, every key decrypts (``MultiFernet``), which
is what lets ``manage.py encryption_rotate`` move old rows onto a new key while the site runs.

The database sees only ciphertext, so it cannot compare, search or sort these columns:
lookups other than ``isnull`` and ``= ''`` raise instead of silently matching nothing.
Empty text is stored as the empty string, unencrypted (it says nothing, and lets
"name is not blank" stay a database constraint).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import lru_cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django import forms
from django.apps import apps as global_apps
from django.apps.registry import Apps
from django.conf import settings
from django.core.exceptions import FieldError
from django.db import models, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models.lookups import Exact, IsNull

__all__ = [
    "EncryptedCharField",
    "EncryptedTextField",
    "InvalidToken",
    "decrypt",
    "encrypt",
    "encrypted_fields",
    "key_ring",
]

BATCH_SIZE = 1000


@lru_cache(maxsize=8)
def _ring(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(key.encode()) for key in keys])


def key_ring() -> MultiFernet:
    # Keyed on the keys themselves, so tests that override settings get a matching ring.
    return _ring(tuple(settings.ENCRYPTION_KEYS))


@lru_cache(maxsize=8)
def _fernet(key: str) -> Fernet:
    return Fernet(key.encode())


def newest_key() -> Fernet:
    return _fernet(settings.ENCRYPTION_KEYS[0])


def encrypt(text: str) -> str:
    return key_ring().encrypt(text.encode()).decode("ascii")


def decrypt(token: str) -> str:
    """The plaintext of ``token``; raises ``InvalidToken`` if no key opens it or it was altered."""
    return key_ring().decrypt(token.encode("ascii")).decode()


class _EmptyOnlyExact(Exact):
    """``= ''`` still works (empty text is stored as is); any other value cannot match a
    ciphertext with a random IV, so asking is a bug, and it says so."""

    def get_prep_lookup(self) -> Any:
        if self.rhs != "":
            raise FieldError(f"{self.lhs.target} is encrypted: compare it in Python, not in the database.")
        return super().get_prep_lookup()


class EncryptedTextField(models.TextField):
    """A text column holding a Fernet token. ``max_length`` limits what forms accept (the
    plaintext); the column itself is unbounded text, since the token is longer."""

    description = "Text, encrypted at rest"

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt(value)

    def from_db_value(
        self, value: str | None, expression: Any, connection: BaseDatabaseWrapper
    ) -> str | None:
        if value is None or value == "":
            return value
        return decrypt(value)

    def get_lookup(self, lookup_name: str) -> Any:
        if lookup_name == "isnull":
            return IsNull
        if lookup_name == "exact":
            return _EmptyOnlyExact
        return None


class EncryptedCharField(EncryptedTextField):
    """An encrypted one-line field: forms get a text input, not a textarea, as before."""

    def formfield(self, **kwargs: Any) -> Any:  # type: ignore[override]
        defaults: dict[str, Any] = {"max_length": self.max_length, "widget": forms.TextInput}
        defaults.update(kwargs)
        return super().formfield(**defaults)


def encrypted_fields(*, registry: Apps = global_apps) -> Iterator[tuple[type[models.Model], list[str]]]:
    """Every concrete model with encrypted columns, and those columns' attribute names."""
    for model in registry.get_models():
        names = [
            f.attname
            for f in model._meta.concrete_fields
            if isinstance(f, EncryptedTextField) and not f.model._meta.proxy
        ]
        if names:
            yield model, names


def transform_columns(
    *,
    connection: BaseDatabaseWrapper,
    model: type[models.Model],
    fields: list[str],
    change: Callable[[str], str | None],
    batch_size: int = BATCH_SIZE,
) -> int:
    """Rewrite the raw stored values of ``fields`` with ``change`` (None keeps a value), in
    batches of ``batch_size`` rows by primary key, one transaction per batch; returns rows changed.

    Works on raw column values, below the field's own conversions, so migrations can turn
    plaintext into tokens (and back) and rotation can re-encrypt without decrypting twice."""
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    pk = quote(model._meta.pk.column)
    columns = [quote(model._meta.get_field(name).column) for name in fields]  # type: ignore[union-attr, arg-type]
    # Only quoted identifiers from the model's own metadata go into the SQL; values are parameters.
    listed = ", ".join(columns)
    select = f"SELECT {pk}, {listed} FROM {table} WHERE {pk} > %s ORDER BY {pk} LIMIT %s"  # noqa: S608
    update = f"UPDATE {table} SET {', '.join(f'{c} = %s' for c in columns)} WHERE {pk} = %s"  # noqa: S608
    changed = 0
    last: Any = 0  # every table here has a positive auto-increment key
    while True:
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            cursor.execute(select, [last, batch_size])
            rows = cursor.fetchall()
            if not rows:
                return changed
            updates = []
            for row in rows:
                old = row[1:]
                new = [value if value in (None, "") else change(value) for value in old]
                new = [o if n is None else n for o, n in zip(old, new, strict=True)]
                if new != list(old):
                    updates.append([*new, row[0]])
            if updates:
                cursor.executemany(update, updates)
            changed += len(updates)
            last = rows[-1][0]


def plaintext_to_token(value: str) -> str | None:
    """For migrations that start encrypting a column: encrypt plaintext, leave tokens be
    (a migration run twice, or half-run, must not encrypt twice)."""
    try:
        key_ring().decrypt(value.encode())
    except (InvalidToken, UnicodeEncodeError):
        return encrypt(value)
    return None


def token_to_plaintext(value: str) -> str | None:
    return decrypt(value)


def token_to_newest(value: str) -> str | None:
    """Re-encrypt under the newest key; None when it already is (checked with that key alone)."""
    token = value.encode("ascii")
    try:
        newest_key().decrypt(token)
    except InvalidToken:
        return key_ring().rotate(token).decode("ascii")
    return None


def migration_encrypt(app_label: str, model_name: str, fields: list[str]) -> Any:
    """RunPython forwards/backwards pair for a migration that starts encrypting ``fields``."""

    def forwards(apps: Apps, schema_editor: Any) -> None:
        model = apps.get_model(app_label, model_name)
        transform_columns(
            connection=schema_editor.connection, model=model, fields=fields, change=plaintext_to_token
        )

    def backwards(apps: Apps, schema_editor: Any) -> None:
        model = apps.get_model(app_label, model_name)
        transform_columns(
            connection=schema_editor.connection, model=model, fields=fields, change=token_to_plaintext
        )

    return forwards, backwards
