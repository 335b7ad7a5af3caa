"""Encryption at rest: the database holds no plaintext of what users write.

Every model field that is an ``EncryptedTextField`` is found from the models themselves,
so a new encrypted field is covered here without anyone remembering to add it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from cryptography.fernet import Fernet, InvalidToken
from django.core.exceptions import FieldError
from django.core.management import call_command
from django.db import connection, models
from django.test import Client, override_settings
from django.urls import reverse

from accounts.models import User
from compersion.lib.encryption import encrypted_fields, migration_encrypt
from compersion.lib.paging import Window
from journal.models import GratitudeItem
from journal.selectors import journal_days_page
from journal.services import gratitude_item_add
from tests.privacy.conftest import fill_account

ROOT = Path(__file__).resolve().parents[2]
KEY_A = Fernet.generate_key().decode()
KEY_B = Fernet.generate_key().decode()
FIELDS = [(model, name) for model, names in encrypted_fields() for name in names]
VALUES = {
    "unicode": "Zoë's ünïcödé diary: 嫉妒 and Mitfreude, ça va 💜🫶 — {tag}",
    "long": "{tag} " + "jealousy and joy together " * 200,
}


def _names(model: type[models.Model], field: str) -> tuple[str, str, str]:
    """Quoted table, column and primary-key column, for reading below the field's conversions."""
    quote = connection.ops.quote_name
    column = str(model._meta.get_field(field).column)  # type: ignore[union-attr]
    return quote(model._meta.db_table), quote(column), quote(str(model._meta.pk.column))


def _raw(model: type[models.Model], field: str, pk: Any) -> str | None:
    table, column, key = _names(model, field)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE {key} = %s", [pk])  # noqa: S608
        return cursor.fetchone()[0]


def _raw_set(model: type[models.Model], field: str, pk: Any, value: str) -> None:
    table, column, key = _names(model, field)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET {column} = %s WHERE {key} = %s", [value, pk])  # noqa: S608


def _any_row(model: type[models.Model]) -> models.Model:
    row = model._default_manager.order_by("pk").first()
    assert row is not None, (
        f"fill_account writes no {model._meta.label}: give it one so its fields are tested"
    )
    return row


def _read_everything() -> list[Any]:
    return [list(model._default_manager.values_list(*names)) for model, names in encrypted_fields()]


@pytest.fixture
def filled(user: User) -> User:
    fill_account(user)
    from accounts.services import two_factor_setup_start

    two_factor_setup_start(user=user)
    return user


def test_the_encrypted_fields_cover_what_users_write() -> None:
    labels = {f"{model._meta.label}.{name}" for model, name in FIELDS}
    assert {
        "journal.GratitudeItem.text",
        "kindness.KindnessAct.text",
        "kindness.KindnessAct.reflection",
        "kindness.KindnessIdea.text",
        "feelings.CheckIn.what_happened",
        "feelings.CheckIn.action",
        "feelings.CheckIn.body",
        "feelings.NeedsCheckIn.note",
        "feelings.VicariousJoy.what_happened",
        "feelings.VicariousJoy.who",
        "feelings.MetamourNote.text",
        "people.Person.notes",
        "people.Person.kind_label",
        "accounts.TwoFactor.secret",
        "accounts.User.display_name",
    } <= labels


@pytest.mark.parametrize("kind", sorted(VALUES))
@pytest.mark.parametrize(("model", "field"), FIELDS, ids=[f"{m._meta.label}.{f}" for m, f in FIELDS])
def test_the_column_holds_no_plaintext_and_reads_back_exactly(
    filled: User, model: type[models.Model], field: str, kind: str
) -> None:
    row = _any_row(model)
    text = VALUES[kind].format(tag=f"distinctive-{model._meta.model_name}-{field}")
    model._default_manager.filter(pk=row.pk).update(**{field: text})

    raw = _raw(model, field, row.pk)
    assert raw and text not in raw and text.lower() not in raw
    assert "distinctive" not in raw and "jealousy" not in raw.lower()
    assert getattr(model._default_manager.get(pk=row.pk), field) == text
    assert model._default_manager.filter(pk=row.pk).values_list(field, flat=True).get() == text


@pytest.mark.parametrize(("model", "field"), FIELDS, ids=[f"{m._meta.label}.{f}" for m, f in FIELDS])
def test_empty_text_stays_empty(filled: User, model: type[models.Model], field: str) -> None:
    row = _any_row(model)
    model._default_manager.filter(pk=row.pk).update(**{field: ""})
    assert _raw(model, field, row.pk) == ""
    assert getattr(model._default_manager.get(pk=row.pk), field) == ""


def test_the_same_words_twice_are_two_different_ciphertexts(user: User) -> None:
    first = gratitude_item_add(user=user, local_date=date(2026, 5, 1), text="The same words")
    second = gratitude_item_add(user=user, local_date=date(2026, 5, 2), text="The same words")
    assert _raw(GratitudeItem, "text", first.pk) != _raw(GratitudeItem, "text", second.pk)


def test_a_tampered_ciphertext_fails_loudly(user: User) -> None:
    item = gratitude_item_add(user=user, local_date=date(2026, 5, 1), text="Breakfast with Sam")
    raw = _raw(GratitudeItem, "text", item.pk)
    assert raw is not None
    middle = len(raw) // 2
    _raw_set(
        GratitudeItem,
        "text",
        item.pk,
        raw[:middle] + ("A" if raw[middle] != "A" else "B") + raw[middle + 1 :],
    )
    with pytest.raises(InvalidToken):
        GratitudeItem.objects.get(pk=item.pk)


def test_the_database_refuses_to_compare_encrypted_text(user: User) -> None:
    gratitude_item_add(user=user, local_date=date(2026, 5, 1), text="Breakfast with Sam")
    # A silent "no match" would be worse than an error: a ciphertext never equals the words.
    with pytest.raises(FieldError):
        GratitudeItem.objects.filter(text="Breakfast with Sam").exists()
    with pytest.raises(FieldError):
        GratitudeItem.objects.filter(text__icontains="sam").exists()
    assert GratitudeItem.objects.filter(owner=user).exclude(text="").count() == 1


def test_rotation_moves_every_value_to_the_newest_key(filled: User) -> None:
    before = _read_everything()
    rows = [
        (model, row.pk, {n: getattr(row, n) for n in names})
        for model, names in encrypted_fields()
        for row in model._default_manager.all()
    ]
    with override_settings(ENCRYPTION_KEYS=[KEY_A]):
        for model, pk, values in rows:
            model._default_manager.filter(pk=pk).update(**values)  # every value now under key A alone
        assert _read_everything() == before
    with override_settings(ENCRYPTION_KEYS=[KEY_B, KEY_A]):
        assert _read_everything() == before
        first, again = StringIO(), StringIO()
        call_command("encryption_rotate", batch_size=3, stdout=first)
        call_command("encryption_rotate", stdout=again)
    assert "gratitudeitem" in first.getvalue().lower() and "Done: 0 rows" not in first.getvalue()
    assert "Done: 0 rows re-encrypted" in again.getvalue()
    with override_settings(ENCRYPTION_KEYS=[KEY_B]):
        assert _read_everything() == before
    with override_settings(ENCRYPTION_KEYS=[KEY_A]), pytest.raises(InvalidToken):
        _read_everything()


def test_the_migration_encrypts_existing_plaintext_once_and_reverses(user: User) -> None:
    item = gratitude_item_add(user=user, local_date=date(2026, 5, 1), text="Old plaintext row")
    _raw_set(GratitudeItem, "text", item.pk, "Old plaintext row")
    forwards, backwards = migration_encrypt("journal", "GratitudeItem", ["text"])
    from django.apps import apps

    class Editor:
        pass

    editor = Editor()
    editor.connection = connection  # type: ignore[attr-defined]
    forwards(apps, editor)
    token = _raw(GratitudeItem, "text", item.pk)
    assert token and "plaintext" not in token
    forwards(apps, editor)  # run again (or resumed): already encrypted, left alone
    assert _raw(GratitudeItem, "text", item.pk) == token
    assert GratitudeItem.objects.get(pk=item.pk).text == "Old plaintext row"
    backwards(apps, editor)
    assert _raw(GratitudeItem, "text", item.pk) == "Old plaintext row"


# --- search over encrypted text -------------------------------------------------------


def test_search_finds_words_in_encrypted_items_ignoring_case_and_accents(
    client: Client, user: User, other_user: User
) -> None:
    gratitude_item_add(user=user, local_date=date(2026, 5, 1), text="Swimming in the LAKE with Priya")
    gratitude_item_add(user=user, local_date=date(2026, 5, 2), text="Coffee at the little Café")
    gratitude_item_add(user=user, local_date=date(2026, 5, 3), text="A quiet breakfast alone")
    gratitude_item_add(user=other_user, local_date=date(2026, 5, 4), text="Their own lake day")

    def found(q: str, who: User = user) -> list[date]:
        return [day.local_date for day in journal_days_page(user=who, window=Window(size=20), q=q).entries]

    assert found("lake") == [date(2026, 5, 1)]
    assert found("swim priya") == [date(2026, 5, 1)]
    assert found("cafe") == [date(2026, 5, 2)]
    assert found("lake breakfast") == []
    assert found("the -lake") == [date(2026, 5, 2)]
    assert found("lake", other_user) == [date(2026, 5, 4)]

    client.force_login(user)
    html = client.get(reverse("journal:index") + "?q=Lake").content.decode()
    assert "Swimming in the LAKE" in html
    assert "Their own lake day" not in html


def test_the_search_page_costs_the_same_queries_for_a_long_history(
    client: Client, user: User, django_assert_max_num_queries: Any
) -> None:
    from journal.models import JournalDay

    client.force_login(user)
    gratitude_item_add(user=user, local_date=date(2026, 5, 1), text="Lake day")
    with django_assert_max_num_queries(30) as few:
        client.get(reverse("journal:index") + "?q=lake")
    items = [
        GratitudeItem(
            owner=user,
            local_date=date(2024, 1, 1).fromordinal(date(2024, 1, 1).toordinal() + n),
            time_zone="UTC",
            text=f"Lake walk number {n}",
            position=1,
        )
        for n in range(300)
    ]
    GratitudeItem.objects.bulk_create(items)
    JournalDay.objects.bulk_create(
        [JournalDay(owner=user, local_date=i.local_date, time_zone="UTC", item_count=1) for i in items]
    )
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("journal:index") + "?q=lake")
    assert "Lake walk number 299" in response.content.decode()


# --- settings ---------------------------------------------------------------------------


def _settings_in_subprocess(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "ENCRYPTION_"))}
    clean.update(DJANGO_SETTINGS_MODULE="compersion.settings", DATABASE_URL="", **env)
    code = "from django.conf import settings; print(len(settings.ENCRYPTION_KEYS))"
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=60
    )


def test_a_malformed_key_stops_start_up_naming_the_variable_not_the_key(tmp_path: Path) -> None:
    secret_ish = "this-is-not-a-fernet-key-but-could-be-a-secret"
    done = _settings_in_subprocess(
        {
            "DJANGO_DEBUG": "true",
            "ENCRYPTION_KEYS": f"{KEY_A},{secret_ish}",
            "COMPERSION_VAR_DIR": str(tmp_path),
        }
    )
    assert done.returncode != 0
    assert "ImproperlyConfigured" in done.stderr and "Key 2 in ENCRYPTION_KEYS" in done.stderr
    assert secret_ish not in done.stderr and KEY_A not in done.stderr


def test_production_without_keys_refuses_to_start(tmp_path: Path) -> None:
    done = _settings_in_subprocess(
        {"DJANGO_DEBUG": "false", "DJANGO_SECRET_KEY": "x" * 50, "COMPERSION_VAR_DIR": str(tmp_path)}
    )
    assert done.returncode != 0
    assert "Set the ENCRYPTION_KEYS environment variable" in done.stderr
    assert not (tmp_path / "encryption.key").exists()


def test_debug_without_keys_makes_a_private_key_file_once_and_keeps_it(tmp_path: Path) -> None:
    env = {"DJANGO_DEBUG": "true", "COMPERSION_VAR_DIR": str(tmp_path / "var")}
    first = _settings_in_subprocess(env)
    assert first.returncode == 0, first.stderr
    key_file = tmp_path / "var" / "encryption.key"
    key = key_file.read_text()
    assert key_file.stat().st_mode & 0o777 == 0o600
    Fernet(key.strip().encode())
    assert _settings_in_subprocess(env).returncode == 0
    assert key_file.read_text() == key


def test_the_key_command_keeps_an_existing_key_file_and_prints_new_keys(tmp_path: Path) -> None:
    env = {**os.environ, "DJANGO_DEBUG": "true", "COMPERSION_VAR_DIR": str(tmp_path), "DATABASE_URL": ""}
    env.pop("ENCRYPTION_KEYS", None)
    env["DJANGO_SETTINGS_MODULE"] = "compersion.settings"
    manage = [sys.executable, str(ROOT / "manage.py"), "encryption_key_create"]
    made = subprocess.run(manage, env=env, capture_output=True, text=True, timeout=60, check=True)  # noqa: S603
    key = (tmp_path / "encryption.key").read_text()
    assert "encryption.key (owner-only; never overwritten)" in made.stdout
    subprocess.run(manage, env=env, capture_output=True, text=True, timeout=60, check=True)  # noqa: S603
    assert (tmp_path / "encryption.key").read_text() == key
    printed = subprocess.run(
        [*manage, "--print"], env=env, capture_output=True, text=True, timeout=60, check=True
    )  # noqa: S603, E501
    Fernet(printed.stdout.strip().encode())
    assert printed.stdout.strip() != key.strip()
