from __future__ import annotations

import base64
import binascii
from typing import Any
from urllib.parse import urlsplit

from django import forms


def _b64url_bytes(value: str) -> bytes:
    try:
        return base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
    except (binascii.Error, ValueError):
        raise forms.ValidationError("This is not url-safe base64.") from None


class PushSubscriptionForm(forms.Form):
    """The browser's PushSubscription as JSON (``subscription.toJSON()``), flattened."""

    endpoint = forms.URLField(max_length=2000, assume_scheme="https")
    p256dh = forms.CharField(max_length=200)
    auth = forms.CharField(max_length=100)

    @classmethod
    def from_json(cls, data: Any) -> PushSubscriptionForm:
        keys = data.get("keys") if isinstance(data, dict) else None
        keys = keys if isinstance(keys, dict) else {}
        endpoint = data.get("endpoint") if isinstance(data, dict) else None
        return cls({"endpoint": endpoint, "p256dh": keys.get("p256dh"), "auth": keys.get("auth")})

    def clean_endpoint(self) -> str:
        endpoint = str(self.cleaned_data["endpoint"])
        # Push services are reached over HTTPS only (RFC 8030); anything else is not one.
        if urlsplit(endpoint).scheme != "https":
            raise forms.ValidationError("A push endpoint is an https address.")
        return endpoint

    def clean_p256dh(self) -> str:
        value = str(self.cleaned_data["p256dh"])
        raw = _b64url_bytes(value)
        if len(raw) != 65 or raw[0] != 4:
            raise forms.ValidationError("This is not an uncompressed P-256 public key.")
        return value

    def clean_auth(self) -> str:
        value = str(self.cleaned_data["auth"])
        if len(_b64url_bytes(value)) != 16:
            raise forms.ValidationError("The auth secret is 16 bytes.")
        return value
