"""Stored addresses were only lower-cased; NFKC them too, as sign-up now does.

A row whose normalised address already belongs to another account is a look-alike made
before this fix (``demo1@ｅxample.com`` beside ``demo1@example.com``). It is left as it is:
the mail for both reached one mailbox, whose owner keeps the real account; merging
journals is not something a migration should decide. Sign-in normalises what is typed, so
such a row can no longer be signed in to, and an operator can find it (its address is
not in normal form) and settle it.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from django.db import migrations


def _normalise(email: str) -> str:
    # A copy of accounts.models.normalize_email as it is today: a migration must keep
    # doing what it did when it was written.
    folded = unicodedata.normalize("NFKC", email).strip()
    local, at, domain = folded.rpartition("@")
    if not at:
        return folded.lower()
    return local.lower() + "@" + domain.casefold()


def emails_normalise(apps: Any, schema_editor: Any) -> None:
    user_model = apps.get_model("accounts", "User")
    taken = set(user_model.objects.values_list("email", flat=True))
    for pk, email in user_model.objects.values_list("pk", "email").order_by("pk"):
        normal = _normalise(email)
        if normal == email or normal in taken:
            continue
        user_model.objects.filter(pk=pk, email=email).update(email=normal)
        taken.add(normal)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0004_two_factor_code_failures")]

    operations = [migrations.RunPython(emails_normalise, migrations.RunPython.noop)]
