from __future__ import annotations

import json
from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from accounts.forms import PasswordConfirmForm
from accounts.models import User
from privacy import schema

# settings.IMPORT_MAX_BYTES, also the cap on the request body (compersion.lib.middleware).
MAX_IMPORT_BYTES: int = settings.IMPORT_MAX_BYTES
MAX_IMPORT_MEGABYTES = MAX_IMPORT_BYTES // (1024 * 1024)


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Your export file",
        help_text=f"The .json file from “Download everything”. Up to {MAX_IMPORT_MEGABYTES} MB.",
        widget=forms.ClearableFileInput(attrs={"accept": ".json,application/json"}),
    )

    document: Any = None

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        if upload.size is not None and upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(
                f"That file is larger than {MAX_IMPORT_MEGABYTES} MB, so we can't take it in one go."
            )
        try:
            # Integers too long to convert come back as schema.HugeNumber, named by validation.
            self.document = json.load(upload, parse_int=schema.parse_int)
        except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
            raise forms.ValidationError(
                "This file isn't a Compersion export we can read. Choose the .json file, not the ZIP."
            ) from None
        return upload


class DeleteAccountForm(PasswordConfirmForm):
    mismatch_message = "That password doesn't match. Nothing has been deleted."

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.fields["password"].help_text = "So we know it's really you."
