from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from compersion.lib.encryption import EncryptedTextField
from privacy.importers.formats import SOURCE_NAMES


class ImportState(models.TextChoices):
    READY = "ready", "Waiting for your confirmation"
    QUEUED = "queued", "Waiting to start"
    CHECKING = "checking", "Checking every record"
    WRITING = "writing", "Writing"
    DONE = "done", "Done"
    FAILED = "failed", "Nothing was imported"


# The states of an import under way, in the order it goes through them.
IMPORT_STEPS = (ImportState.QUEUED, ImportState.CHECKING, ImportState.WRITING)


class ImportPreview(models.Model):
    """A file from another app, read and waiting for the user to confirm what it will add, then
    the import's progress and result. One per user: a new upload replaces it. What the file
    says is held only encrypted, and only until the import is done; privacy.services purges
    every preview an hour after it last changed."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    source = models.CharField(max_length=20, choices=list(SOURCE_NAMES.items()))
    state = models.CharField(max_length=10, choices=ImportState.choices, default=ImportState.READY)
    # The rows read from the file (privacy.importers.formats.Parsed), as JSON.
    payload = EncryptedTextField(blank=True)
    # The choices confirmed on the preview (zone, moods, people), as JSON: mood labels and
    # people's names are the user's words.
    choices = EncryptedTextField(blank=True)
    # Sentences saying why the import failed; they may quote the file.
    problems = EncryptedTextField(blank=True)
    records = models.PositiveIntegerField(default=0)
    # Records added per section, once done: counts only.
    added = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["owner"], name="import_preview_one_per_user")]

    def __str__(self) -> str:
        return f"{self.source} import ({self.state})"

    @property
    def in_progress(self) -> bool:
        return self.state in IMPORT_STEPS
