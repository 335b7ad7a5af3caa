"""Every page the app serves, for the checks that look at all of them (valid HTML, axe-core).

"Every page" is every GET URL of the resolver (tests/security/urlwalk.py) that answers a whole
HTML document: for a signed-in user with a little of everything (tests/privacy/conftest.py's
fill_account), with the arguments of URLs that name an object built by
tests/security/registry.py, and for a visitor who is signed out. A page another change adds
tomorrow is in the list without anyone remembering to add it here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import time_machine
from django.test import Client
from django.urls import reverse

from accounts.models import User
from feelings import services as feelings
from tests.factories import UserFactory
from tests.privacy.conftest import NOW, fill_account
from tests.security.registry import DAY, TOKEN_KWARGS, url_kwargs
from tests.security.urlwalk import is_admin, routes

# GETs that are not pages: a file download, a health probe, or a step that signs out.
NOT_PAGES = {
    "healthz": "a health probe answering text for the load balancer",
    "accounts:logout": "signs out (POST only)",
    "privacy:export_json": "a file download",
    "privacy:export_zip": "a file download",
}
# The moment the pages are read: the day fill_account writes "today" in.
READ_AT = NOW + timedelta(minutes=5)
# Pages reached by a query string rather than a path of their own.
EXTRA_SIGNED_IN = ["/journal/?q=Thing", "/no-such-page/"]
EXTRA_SIGNED_OUT = ["/no-such-page/"]


@dataclass(frozen=True)
class Page:
    url: str
    signed_in: bool
    # The document as the test client rendered it when the page was found.
    html: str = field(default="", compare=False, repr=False)

    @property
    def label(self) -> str:
        return f"{self.url} ({'signed in' if self.signed_in else 'signed out'})"


def _is_document(response: object) -> bool:
    content_type = getattr(response, "headers", {}).get("Content-Type", "")
    return content_type.startswith("text/html") and not getattr(response, "streaming", False)


def account_and_pages() -> tuple[User, list[Page]]:
    """A user with records in every practice, and the pages, found by asking the app."""
    feelings.vocabulary_seed()
    user = UserFactory.create(email="every-page@example.com", display_name="Robin", time_zone="Europe/Berlin")
    # The objects that URLs with ids name first (the registry's, on its own day), then the rest.
    urls, token_urls = [], set()
    made: dict[tuple[str, ...], dict[str, Any]] = {}
    for route in routes():
        if not route.name or is_admin(route) or route.name in NOT_PAGES:
            continue
        arguments = tuple(sorted(route.converters))
        if route.name in TOKEN_KWARGS:
            urls.append(reverse(route.name, kwargs=TOKEN_KWARGS[route.name]))
            token_urls.add(urls[-1])
            continue
        if arguments == ("local_date",):
            # The registry's day, which its item builders already fill; building again would clash.
            made[arguments] = {"local_date": DAY}
        if arguments not in made:
            made[arguments] = url_kwargs(route.name, user)
        urls.append(reverse(route.name, kwargs=made[arguments] if arguments else {}))
    with time_machine.travel(READ_AT, tick=True):
        fill_account(user)
    signed_in, signed_out = Client(), Client()
    signed_in.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    pages = []
    with time_machine.travel(READ_AT, tick=True):
        for client, extra, signed in (
            (signed_in, EXTRA_SIGNED_IN, True),
            (signed_out, EXTRA_SIGNED_OUT, False),
        ):
            for url in [*urls, *extra]:
                response = client.get(url)
                # Pages that answer an error on purpose: a bad email link, a page that is not there.
                on_purpose = url in extra or url in token_urls
                wanted = response.status_code == 200 or (on_purpose and response.status_code in {400, 404})
                if wanted and _is_document(response):
                    pages.append(Page(url, signed_in=signed, html=response.content.decode()))
    return user, pages
