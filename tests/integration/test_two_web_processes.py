"""Two web processes on one PostgreSQL and one Redis are one site: scale-out is configuration.

Two real gunicorn servers run with production settings (DEBUG off, compersion.settings),
the same keys and the same DATABASE_URL and REDIS_URL, as two `web` containers would. A
user signs in through one, writes through the other, and both must show the same Today;
neither may keep anything of its own under COMPERSION_VAR_DIR while doing so.
"""

from __future__ import annotations

import http.client
import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pytest
from django.conf import settings
from django.contrib.auth.hashers import Argon2PasswordHasher
from django.utils import timezone

from accounts.models import User
from journal.models import GratitudeItem
from tests.deploy.support import ROOT, manage, production_env, random_secret
from tests.factories import TEST_PASSWORD, UserFactory
from tests.integration.conftest import free_port, subprocess_database_url

pytestmark = pytest.mark.integration

HOST = "127.0.0.1"
# As through the HTTPS proxy in front of every web container.
PROXY = {"Host": HOST, "X-Forwarded-Proto": "https"}
ITEMS = [
    "Sam brought me tea before the early meeting.",
    "The bus driver waited while I ran.",
    "Ada laughed at my terrible joke.",
    "Rain on the window while I read.",
    "My sister called just to say hello.",
]


@dataclass
class Page:
    status: int
    headers: http.client.HTTPMessage
    text: str


@dataclass
class Web:
    """One gunicorn process, as one `web` container."""

    name: str
    port: int
    process: subprocess.Popen[bytes]
    log: Path

    def request(
        self, method: str, path: str, *, cookies: dict[str, str], form: dict[str, str] | None = None
    ) -> Page:
        headers = dict(PROXY)
        if cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in cookies.items())
        body = None
        if form is not None:
            body = urlencode(form).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = f"https://{HOST}"
        connection = http.client.HTTPConnection(HOST, self.port, timeout=15)
        try:
            connection.request(method, path, body=body, headers=headers)
            raw = connection.getresponse()
            page = Page(raw.status, raw.headers, raw.read().decode())
        finally:
            connection.close()
        jar: SimpleCookie = SimpleCookie()
        for header in page.headers.get_all("Set-Cookie") or []:
            jar.load(header)
        for name, morsel in jar.items():
            cookies[name] = morsel.value
        return page

    def wait_until_healthy(self) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(
                    f"gunicorn {self.name} exited with {self.process.returncode}:\n{self.log.read_text()}"
                )
            try:
                if self.request("GET", "/healthz/", cookies={}).status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.1)
        pytest.fail(f"gunicorn {self.name} did not answer /healthz/ within 60 s:\n{self.log.read_text()}")


@dataclass
class Browser:
    """One person's browser: its cookies go to whichever web process the proxy picks."""

    cookies: dict[str, str] = field(default_factory=dict)

    def get(self, web: Web, path: str) -> Page:
        page = web.request("GET", path, cookies=self.cookies)
        assert page.status == 200, f"{web.name} GET {path}: {page.status}\n{web.log.read_text()[-3000:]}"
        return page

    def post(self, web: Web, path: str, form: dict[str, str]) -> Page:
        return web.request("POST", path, cookies=self.cookies, form=form)


class Forms(HTMLParser):
    """Every <form>'s action and its inputs' names and values, as a browser would submit them."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.forms: list[tuple[str, dict[str, str]]] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "form":
            self.forms.append((values.get("action", ""), {}))
        elif self.forms and tag in {"input", "textarea"} and values.get("name"):
            unchecked = values.get("type") == "checkbox" and "checked" not in values
            self.forms[-1][1][values["name"]] = "" if unchecked else values.get("value", "")

    def first(self, action: re.Pattern[str]) -> tuple[str, dict[str, str]]:
        found = [(url, fields) for url, fields in self.forms if action.search(url)]
        assert found, [url for url, _ in self.forms]
        return found[0]


def sign_in(browser: Browser, web: Web, *, email: str) -> None:
    _, fields = Forms(browser.get(web, "/accounts/login/").text).first(re.compile(r"^$|/accounts/login/"))
    fields.update(username=email, password=TEST_PASSWORD)
    answer = browser.post(web, "/accounts/login/", fields)
    assert answer.status == 302, answer.text
    assert "sessionid" in browser.cookies


def add_item(browser: Browser, web: Web, *, text: str, relational: bool) -> None:
    """Fill in Today's form for the next good thing and save it, without JavaScript."""
    action, fields = Forms(browser.get(web, "/").text).first(re.compile(r"/journal/\d{4}-\d\d-\d\d/items/$"))
    for name in list(fields):
        if name.endswith("text"):
            fields[name] = text
        elif name.endswith("relational"):
            if relational:
                fields[name] = "on"
            else:
                del fields[name]
    answer = browser.post(web, urlsplit(action).path, fields)
    assert answer.status == 302, f"{answer.status}\n{answer.text[-3000:]}"


# What may differ between two renders of one page: per-response secrets and the minute.
_PER_RESPONSE = [
    (re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"'), 'name="csrfmiddlewaretoken" value=""'),
    (re.compile(r'"X-CSRFToken": ?"[^"]*"'), '"X-CSRFToken": ""'),
    (re.compile(r'nonce="[^"]*"'), 'nonce=""'),
    (re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"), "uuid"),
    (re.compile(r"(<time datetime=\")[^\"]*T[^\"]*(\">)\d\d:\d\d(</time>)"), r"\1now\2HH:MM\3"),
]


def main_of(page: Page) -> str:
    match = re.search(r"<main\b.*</main>", page.text, re.DOTALL)
    assert match, page.text[:2000]
    html = match.group(0)
    for pattern, replacement in _PER_RESPONSE:
        html = pattern.sub(replacement, html)
    return html


def streak_of(html: str) -> str:
    match = re.search(r'data-testid="streak">(.*?)</div>', html, re.DOTALL)
    assert match, html
    return " ".join(re.sub(r"<[^>]+>", " ", match.group(1)).split())


def svgs_of(html: str) -> list[str]:
    return re.findall(r"<svg\b.*?</svg>", html, re.DOTALL)


@pytest.fixture
def two_webs(transactional_db: None, tmp_path: Path) -> Iterator[tuple[Web, Web, Path]]:
    """Two gunicorn processes with production settings on the test database and REDIS_URL."""
    redis_url = os.environ.get("REDIS_URL")
    if not redis_url:
        pytest.fail("Set REDIS_URL: several web processes share one Redis (make test sets it).")
    var_dir = tmp_path / "var"
    env = production_env(
        # What every web container must share: the secret that signs sessions and CSRF
        # tokens, the keys that decrypt the diaries, the database, Redis and the hosts.
        DJANGO_SECRET_KEY=random_secret(),
        ENCRYPTION_KEYS=",".join(settings.ENCRYPTION_KEYS),
        DATABASE_URL=subprocess_database_url(),
        REDIS_URL=redis_url,
        DJANGO_ALLOWED_HOSTS=HOST,
        DJANGO_TRUST_X_FORWARDED_PROTO="true",
        SITE_URL=f"https://{HOST}",
        COMPERSION_VAR_DIR=str(var_dir),
        WEB_CONCURRENCY="1",
    )
    # The image collects static files while building; every container reads the same ones.
    collected = manage("collectstatic", "--noinput", env=env)
    assert collected.returncode == 0, collected.stdout + collected.stderr
    webs: list[Web] = []
    try:
        for name in ("A", "B"):
            port = free_port()
            log = tmp_path / f"gunicorn-{name}.log"
            with log.open("wb") as log_file:
                process = subprocess.Popen(
                    [
                        sys.executable,
                        "-m",
                        "gunicorn",
                        "--config",
                        "gunicorn.conf.py",
                        "--bind",
                        f"{HOST}:{port}",
                    ],
                    cwd=ROOT,
                    env=env,
                    stdout=log_file,
                    stderr=subprocess.STDOUT,
                )
            webs.append(Web(name=name, port=port, process=process, log=log))
        for web in webs:
            web.wait_until_healthy()
        yield webs[0], webs[1], var_dir
    finally:
        for web in webs:
            web.process.terminate()
        for web in webs:
            try:
                web.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                web.process.kill()
                web.process.wait()


def test_a_user_signed_in_through_one_web_process_writes_through_another_and_both_show_the_same_today(
    two_webs: tuple[Web, Web, Path],
) -> None:
    web_a, web_b, var_dir = two_webs
    user: User = UserFactory.create(
        email="robin@example.com",
        display_name="Robin",
        email_confirmed_at=timezone.now(),
        # The web processes run the production settings, which check passwords with Argon2 only.
        password=Argon2PasswordHasher().encode(TEST_PASSWORD, Argon2PasswordHasher().salt()),
    )
    browser = Browser()

    sign_in(browser, web_a, email=user.email)
    before = main_of(browser.get(web_a, "/"))  # A draws (and caches) the charts of an empty history
    assert "Day 1 of" not in streak_of(before)

    # The session made by A is good at B: B greets the same person and saves the day's five,
    # one about a relationship.
    assert "Hello, <bdi>Robin</bdi>" in browser.get(web_b, "/").text
    for position, text in enumerate(ITEMS):
        add_item(browser, web_b, text=text, relational=position == 0)
    assert sorted(GratitudeItem.objects.filter(owner=user).values_list("text", flat=True)) == sorted(ITEMS)

    today_a, today_b = main_of(browser.get(web_a, "/")), main_of(browser.get(web_b, "/"))
    for text in ITEMS:
        assert text in today_a
    assert streak_of(today_a) == streak_of(today_b)
    assert re.search(r"Day 1 of \d+", streak_of(today_a)), streak_of(today_a)
    charts = svgs_of(today_a)
    assert charts
    assert charts == svgs_of(today_b)
    assert charts != svgs_of(before)  # A's earlier drawing was not served again after B's writes
    assert today_a == today_b

    # Stateless: neither process kept anything of its own beside the image's static files.
    left = sorted(str(path.relative_to(var_dir)) for path in var_dir.rglob("*") if path.is_file())
    assert [path for path in left if not path.startswith("static/")] == []
