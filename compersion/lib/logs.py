"""What the logs may say: paths, statuses and timings, never a user's words.

Every line the app writes (gunicorn's access log, Django's request and security warnings,
Celery's task lines, tracebacks, the error mail) passes through ``redact``: query strings
are dropped (search words live there), the tokens in emailed links are replaced by a
placeholder, and email addresses become ``[email]``. Imports no app: gunicorn loads it
before Django is set up.
"""

from __future__ import annotations

import logging
import re
from collections.abc import ItemsView
from typing import Any

from django.views.debug import ExceptionReporter, SafeExceptionReporterFilter
from gunicorn.glogging import Logger as GunicornLogger  # type: ignore[import-untyped]

# Paths whose segments are capabilities sent by email. A test walks the URL resolver and
# fails when a path with a string argument is missing here.
_LINK_TOKENS = [
    # Not "sent/" or "complete/": those pages have one segment and no token.
    (re.compile(r"(/accounts/password/reset/)[^/\s\"'?]+/[^/\s\"'?]+/?"), r"\1<uidb64>/<token>/"),
    (re.compile(r"(/accounts/signup/confirm/)[^/\s\"'?]+/[^/\s\"'?]+/?"), r"\1<uidb64>/<token>/"),
    (re.compile(r"(/reminders/unsubscribe/)[^/\s\"'?]+/?"), r"\1<token>/"),
]
# A query string after anything path-like, up to the next space or quote.
_QUERY = re.compile(r"(/[^\s\"'?]*)\?[^\s\"']*")
_EMAIL = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]+(?:@|%40)[\w-]+(?:\.[\w-]+)+")
EMAIL_PLACEHOLDER = "[email]"


def redact(text: str) -> str:
    """``text`` without query strings, emailed link tokens or email addresses."""
    text = _QUERY.sub(r"\1", text)
    for pattern, placeholder in _LINK_TOKENS:
        text = pattern.sub(placeholder, text)
    return _EMAIL.sub(EMAIL_PLACEHOLDER, text)


def private_path(path: str) -> str:
    """A request path fit for a log: no query string, no link token."""
    return redact(path.split("?", 1)[0])


class PrivateWordsFilter(logging.Filter):
    """On every handler: rewrites the record's message and traceback through ``redact``."""

    _formatter = logging.Formatter()

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = redact(record.getMessage())
        record.args = ()
        if record.exc_info and not record.exc_text:
            record.exc_text = self._formatter.formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        return True


class PrivateExceptionReporterFilter(SafeExceptionReporterFilter):
    """Error reports show the code's path through the failure, not the user's data: no
    form field's value, no local variable, no query string, no cookie."""

    def get_post_parameters(self, request: Any) -> Any:
        if request is None:
            return {}
        return {name: self.cleansed_substitute for name in request.POST}

    def get_traceback_frame_variables(self, request: Any, tb_frame: Any) -> ItemsView[str, Any]:
        return {name: self.cleansed_substitute for name in tb_frame.f_locals}.items()

    def get_safe_request_meta(self, request: Any) -> dict[str, Any]:
        meta = super().get_safe_request_meta(request)
        for key in ("QUERY_STRING", "HTTP_REFERER", "HTTP_COOKIE", "RAW_URI", "REQUEST_URI"):
            if key in meta:
                meta[key] = self.cleansed_substitute
        for key in ("PATH_INFO", "SCRIPT_URL", "SCRIPT_URI"):
            if isinstance(meta.get(key), str):
                meta[key] = private_path(meta[key])
        return meta


class PrivateExceptionReporter(ExceptionReporter):
    """The error mail's body: our filter's cleansed values, and the request's address, its
    GET parameters and the exception's own message rid of search words, tokens and emails."""

    def get_traceback_data(self) -> dict[str, Any]:
        data = super().get_traceback_data()
        if self.request is not None:
            data["request_GET_items"] = [(name, self.filter.cleansed_substitute) for name in self.request.GET]
            data["request_COOKIES_items"] = []
            data["request_insecure_uri"] = private_path(str(data.get("request_insecure_uri", "")))
        if isinstance(data.get("exception_value"), str):
            data["exception_value"] = redact(data["exception_value"])
        return data

    # And the finished plain-text report (the one the error mail sends; its HTML twin is off)
    # once more, whole: whatever a frame's source line or a library's message quotes, no
    # address, query string or link token leaves in the mail. Plain text, never markup.
    def get_traceback_text(self) -> str:  # type: ignore[override]
        return redact(super().get_traceback_text())


class PrivateAccessLogger(GunicornLogger):
    """Gunicorn's logger, whose access lines carry the private path and no query or referer
    query (``logger_class`` in gunicorn.conf.py)."""

    def atoms(self, resp: Any, req: Any, environ: dict[str, Any], request_time: Any) -> dict[str, Any]:
        atoms: dict[str, Any] = super().atoms(resp, req, environ, request_time)
        path = private_path(str(environ.get("RAW_URI") or environ.get("PATH_INFO") or ""))
        atoms["r"] = f"{environ.get('REQUEST_METHOD')} {path} {environ.get('SERVER_PROTOCOL')}"
        atoms["U"] = private_path(str(environ.get("PATH_INFO") or ""))
        atoms["q"] = "-"
        atoms["f"] = redact(str(atoms.get("f", "-")))
        for header in ("{referer}i", "{cookie}i", "{authorization}i"):
            if header in atoms:
                atoms[header] = redact(str(atoms[header])) if header == "{referer}i" else "-"
        return atoms
