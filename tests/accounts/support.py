"""What the sign-up tests share: a password the validators accept and a valid sign-up form."""

from __future__ import annotations

GOOD_PASSWORD = "lanterns over the quiet harbour"


def signup_data(**overrides: str) -> dict[str, str]:
    data = {
        "email": "new.person@example.com",
        "display_name": "Sam",
        "time_zone": "Pacific/Auckland",
        "password1": GOOD_PASSWORD,
        "password2": GOOD_PASSWORD,
    }
    return {**data, **overrides}
