"""A production-configured gunicorn keeps the user's words and link tokens out of its logs
(issue #12, item 14): search words, unsubscribe and password-reset tokens, email addresses."""

from __future__ import annotations

import re
import time
from urllib.parse import quote

import pytest

from tests.deploy.test_security import HTTPS, Server, sign_in

pytestmark = pytest.mark.integration


SEARCH_WORD = "jealousywhisper"
UNSUBSCRIBE_TOKEN = "gAAAAABunsubscribeSecretToken0123456789abcdefghijklmnopqrstuvwxyz"
RESET_UID, RESET_TOKEN = "Mzk5", "cz7x1q-0123456789abcdefresetsecret"
EMAIL_IN_QUERY = "robin.private@example.net"


def log_after(server: Server, *paths: str) -> str:
    _, signed_in = sign_in(server)
    session = signed_in.cookies()["sessionid"].value
    for path in paths:
        server.get(path, Cookie=f"sessionid={session}")
    time.sleep(0.3)  # gunicorn writes the access log line after the response
    return server.log.read_text()


def test_the_access_log_keeps_paths_but_not_search_words_tokens_or_addresses(server: Server) -> None:
    log = log_after(
        server,
        f"/journal/?q={SEARCH_WORD}",
        f"/reminders/unsubscribe/{UNSUBSCRIBE_TOKEN}/",
        f"/accounts/password/reset/{RESET_UID}/{RESET_TOKEN}/",
        f"/accounts/password/reset/?email={quote(EMAIL_IN_QUERY)}",
    )

    for secret in (
        SEARCH_WORD,
        UNSUBSCRIBE_TOKEN,
        RESET_TOKEN,
        f"/{RESET_UID}/",
        EMAIL_IN_QUERY,
        "%40example",
    ):
        assert secret not in log, f"{secret!r} is in the server's log:\n{log}"
    assert re.search(r'"GET /journal/ HTTP/1\.1" 200', log), log
    assert re.search(r'"GET /reminders/unsubscribe/<token>/ HTTP/1\.1" 404', log), log
    assert "/accounts/password/reset/<uidb64>/<token>/" in log


def test_a_referer_with_search_words_is_not_logged_either(server: Server) -> None:
    server.get("/healthz/", Referer=f"https://127.0.0.1/journal/?q={SEARCH_WORD}x")
    time.sleep(0.3)

    assert f"{SEARCH_WORD}x" not in server.log.read_text()


def test_djangos_own_warning_for_a_bad_link_names_no_token(server: Server) -> None:
    server.get(f"/reminders/unsubscribe/{UNSUBSCRIBE_TOKEN}Z/", **HTTPS)
    time.sleep(0.3)

    log = server.log.read_text()
    assert f"{UNSUBSCRIBE_TOKEN}Z" not in log
    assert "Not Found: /reminders/unsubscribe/<token>/" in log
