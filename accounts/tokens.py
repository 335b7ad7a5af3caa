"""The one-use token in a sign-up confirmation link."""

from __future__ import annotations

from django.contrib.auth.tokens import PasswordResetTokenGenerator

from accounts.models import User


class SignupConfirmTokenGenerator(PasswordResetTokenGenerator):
    """Valid for PASSWORD_RESET_TIMEOUT, spent once the account is confirmed.

    The password hash is part of it: if someone signs up again with the address before
    it is confirmed (and so chooses a new password), the older links stop working, and
    the mailbox's owner can only ever confirm the password chosen last.
    """

    key_salt = "accounts.tokens.SignupConfirmTokenGenerator"

    def _make_hash_value(self, user: User, timestamp: int) -> str:
        return f"{user.pk}{user.password}{user.is_active}{user.email_confirmed_at}{user.email}{timestamp}"


signup_confirm_tokens = SignupConfirmTokenGenerator()
