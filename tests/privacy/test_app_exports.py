"""Each app owns the export of its records (<app>/export.py: its schema part, its rows, its
checks and its import); privacy only puts the parts together, and jsonschema validates."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import models
from jsonschema import Draft202012Validator

from accounts import export as accounts_export
from accounts.models import ReminderSchedule, User
from feelings import export as feelings_export
from feelings.models import CheckIn, Feeling, MetamourNote, Need, NeedsCheckIn, VicariousJoy
from insights import export as insights_export
from insights.models import WellbeingCheckIn
from journal import export as journal_export
from journal.models import GratitudeItem
from kindness import export as kindness_export
from kindness.models import KindnessAct, KindnessIdea, KindnessPreference
from people import export as people_export
from people.models import Person
from privacy import schema
from privacy.selectors import export_document

# Never in a file: database ids, owners, the double-submit tokens, and what a file must not
# carry (a way into the account) or is recomputed on import.
NOT_EXPORTED = {"id", "owner", "user", "submission_token"}
# Removal with Undo (compersion.lib.removal): a removed row is never exported, so when it was
# removed, and how its day counted before (kept to give the day back on Undo), never are either.
REMOVAL = {"removed_at"}
ITEM_REMOVAL = REMOVAL | {"day_completed_at", "day_completed_local_time", "day_time_zone", "day_status"}
ACCOUNT_ONLY = {
    "password", "last_login", "is_superuser", "email", "is_active", "is_staff", "date_joined",
    "email_confirmed_at", "session_salt", "groups", "user_permissions",
}  # fmt: skip


def properties(section: dict[str, Any]) -> set[str]:
    return set(section.get("items", section)["properties"])


def written(section: dict[str, Any]) -> set[str]:
    """The fields an export writes: all but those only older files carry ("deprecated")."""
    fields = section.get("items", section)["properties"]
    return {name for name, spec in fields.items() if not spec.get("deprecated")}


# (model, the schema part holding its records, model field → field in the file, left out)
MODELS: list[tuple[type[models.Model], dict[str, Any], dict[str, str], set[str]]] = [
    (User, {"properties": accounts_export.SETTINGS}, {}, ACCOUNT_ONLY),
    (Person, people_export.PEOPLE, {}, set()),
    (GratitudeItem, journal_export.GRATITUDE, {}, ITEM_REMOVAL),
    # Only the shared ideas have a season, and only the user's own ideas are exported.
    (KindnessIdea, kindness_export.IDEAS, {}, {"key", "season"}),
    (KindnessAct, kindness_export.ACTS, {"idea": "idea_key"}, REMOVAL),
    (
        KindnessPreference,
        {"properties": kindness_export.SETTINGS},
        {"weekly_target": "kindness_weekly_target"},
        set(),
    ),
    (Feeling, feelings_export.OWN_FEELINGS, {}, set()),
    (Need, feelings_export.OWN_NEEDS, {}, set()),
    (CheckIn, feelings_export.CHECKINS, {}, REMOVAL),
    (VicariousJoy, feelings_export.VICARIOUS_JOYS, {}, REMOVAL),
    (NeedsCheckIn, feelings_export.NEEDS_CHECKINS, {}, set()),
    (MetamourNote, feelings_export.METAMOUR_NOTES, {}, REMOVAL),
    # The month is the one local_date falls in, recomputed on import.
    (WellbeingCheckIn, insights_export.CHECKINS, {}, {"month"}),
    (
        ReminderSchedule,
        accounts_export.SETTINGS["reminders"],
        {},
        {"next_fire_at", "next_local_date", "updated_at"},
    ),
]


@pytest.mark.parametrize(
    ("model", "part", "renamed", "left_out"), MODELS, ids=[m[0].__name__ for m in MODELS]
)
def test_every_field_of_an_exported_model_is_in_its_apps_schema_or_left_out_on_purpose(
    model: type[models.Model], part: dict[str, Any], renamed: dict[str, str], left_out: set[str]
) -> None:
    fields = {f.name for f in model._meta.get_fields() if f.concrete} - NOT_EXPORTED - left_out

    assert {renamed.get(name, name) for name in fields} - properties(part) == set()


def test_the_document_is_the_apps_parts_in_a_fixed_order() -> None:
    sections = {
        **people_export.SECTIONS,
        **journal_export.SECTIONS,
        **kindness_export.SECTIONS,
        **feelings_export.SECTIONS,
        **insights_export.SECTIONS,
    }
    settings = {
        **accounts_export.SETTINGS,
        **kindness_export.SETTINGS,
        **feelings_export.SETTINGS,
    }

    assert list(schema.SECTIONS) == ["settings", *sections]
    assert schema.SECTIONS["settings"]["properties"] == settings
    assert list(schema.EXPORT_SCHEMA["properties"]) == ["format", "version", "exported_at", *schema.SECTIONS]


@pytest.mark.django_db
def test_each_app_exports_the_records_it_describes(user: User, filled: Any) -> None:
    filled(user)
    document = export_document(user=user)

    for part in (people_export, journal_export, kindness_export, feelings_export, insights_export):
        assert list(part.EXPORTERS) == list(part.SECTIONS)
        for section, spec in part.SECTIONS.items():
            assert document[section], section
            assert all(set(r) == written(spec) for r in document[section]), section
    for settings_part in schema.SETTINGS_PARTS:
        assert set(settings_part.settings_record(user=user)) == set(settings_part.SETTINGS)


def test_the_export_schema_is_a_valid_draft_2020_12_schema() -> None:
    Draft202012Validator.check_schema(schema.EXPORT_SCHEMA)


@pytest.mark.django_db
def test_the_library_s_errors_become_sentences_naming_the_record(user: User, filled: Any) -> None:
    filled(user)
    document = export_document(user=user)
    del document["people"][0]["name"]
    del document["people"][0]["kind"]
    document["gratitude"][1]["position"] = 2.0
    document["gratitude"][2]["people"] = ["sam"]
    document["kindness_acts"][0]["told_at"] = "2026-03-01"
    document["checkins"][0]["feelings"][0]["intensity"] = True
    document["settings"]["reminders"][0]["mood"] = "sunny"
    document["format"] = "diary"

    assert schema.validate(document) == [
        "format is 'diary', not one of 'compersion-export'",
        "settings reminder 1: 'mood' is not a field this format knows",
        "person 1: name is missing",
        "person 1: kind is missing",
        "journal item 2: position should be integer",
        "journal item 3 people: record 1 'sam' is not in the expected form",
        "kindness act 1: told at '2026-03-01' is not a date and time with its UTC offset",
        "feelings check-in 1 feeling 1: intensity should be integer",
    ]
