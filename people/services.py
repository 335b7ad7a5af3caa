from __future__ import annotations

from uuid import UUID

from django.utils import timezone

from accounts.models import User
from compersion.lib.submissions import create_once
from people.models import Person, PersonKind


def person_create(
    *,
    user: User,
    name: str,
    kind: str = PersonKind.FRIEND,
    kind_label: str = "",
    notes: str = "",
    submission_token: UUID | None = None,
) -> Person:
    """Add someone; the same form sent twice adds them once (compersion.lib.submissions)."""
    person = Person(
        owner=user,
        name=name.strip(),
        kind=kind,
        kind_label=kind_label.strip(),
        notes=notes.strip(),
        submission_token=submission_token,
    )
    # The form has already said all this kindly; this guards callers that skip the form.
    person.full_clean(exclude=["owner", "submission_token"])

    def save() -> Person:
        person.save()
        return person

    return create_once(Person, owner_id=user.pk, token=submission_token, create=save)


def person_update(*, person: Person, name: str, kind: str, kind_label: str = "", notes: str = "") -> Person:
    person.name = name.strip()
    person.kind = kind
    person.kind_label = kind_label.strip()
    person.notes = notes.strip()
    person.full_clean(exclude=["owner"])
    person.save(update_fields=["name", "kind", "kind_label", "notes"])
    return person


def person_archive(*, person: Person) -> Person:
    """Take someone out of the lists and pickers; everything linked to them stays."""
    if person.archived_at is None:
        person.archived_at = timezone.now()
        person.save(update_fields=["archived_at"])
    return person


def person_unarchive(*, person: Person) -> Person:
    if person.archived_at is not None:
        person.archived_at = None
        person.save(update_fields=["archived_at"])
    return person


def person_delete(*, person: Person) -> None:
    """Delete for good. Linked records use SET_NULL: they stay and lose the link."""
    person.delete()
