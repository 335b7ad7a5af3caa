"""A production-configured gunicorn server, started for real, sends the security headers we promise.

The server runs in a subprocess with DEBUG off, a real secret, its own database (a
PostgreSQL database created and dropped here) and static files collected into a temporary
directory, exactly as the container runs it. Requests pretend to come through an HTTPS
proxy (``X-Forwarded-Proto: https``).
"""

from __future__ import annotations

import http.client
import json
import re
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from http.cookies import Morsel, SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

import psycopg
import pytest
import yaml
from psycopg import sql

from tests.deploy.support import ROOT, manage

pytestmark = pytest.mark.integration

EMAIL = "deploy-check@example.com"
PASSWORD = "a long and gentle production password"  # noqa: S105
HTTPS = {"X-Forwarded-Proto": "https"}


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode()

    def cookies(self) -> dict[str, Morsel[str]]:
        jar: SimpleCookie = SimpleCookie()
        for header in self.headers.get_all("Set-Cookie") or []:
            jar.load(header)
        return dict(jar)


@dataclass
class Server:
    port: int
    log: Path
    env: dict[str, str]

    @property
    def origin(self) -> str:
        return f"https://127.0.0.1:{self.port}"

    def request(
        self, method: str, path: str, *, headers: dict[str, str] | None = None, body: bytes | None = None
    ) -> Response:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=15)
        try:
            connection.request(method, path, body=body, headers=headers or {})
            raw = connection.getresponse()
            return Response(raw.status, raw.headers, raw.read())
        finally:
            connection.close()

    def get(self, path: str, **headers: str) -> Response:
        return self.request("GET", path, headers={**HTTPS, **headers})


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def dedicated_database(base_url: str) -> tuple[str, str, str]:
    """(server url, maintenance url, name) for a database beside the one tests are run with."""
    parts = urlsplit(base_url)
    name = parts.path.lstrip("/") + "_server"
    server_url = urlunsplit(parts._replace(path="/" + name))
    maintenance_url = urlunsplit(parts._replace(path="/postgres"))
    return server_url, maintenance_url, name


def recreate_database(maintenance_url: str, name: str, *, create: bool) -> None:
    with psycopg.connect(maintenance_url, autocommit=True) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        if create:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def wait_until_healthy(server: Server, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"gunicorn exited with {process.returncode}:\n{server.log.read_text()}")
        try:
            if server.get("/healthz/").status == 200:
                return
        except OSError:
            pass
        time.sleep(0.25)
    pytest.fail(f"gunicorn did not answer /healthz/ within 60 seconds:\n{server.log.read_text()}")


def prepare(env: dict[str, str]) -> None:
    def run(*args: str) -> None:
        result = manage(*args, env=env, timeout=180)
        assert result.returncode == 0, f"manage.py {' '.join(args)} failed:\n{result.stdout}{result.stderr}"

    # collectstatic needs no database, so it runs while migrate does (as the Dockerfile runs it
    # at build time, before any database exists); the superuser needs the migrated tables.
    with ThreadPoolExecutor(max_workers=2) as pool:
        for done in [
            pool.submit(run, "migrate", "--noinput"),
            pool.submit(run, "collectstatic", "--noinput"),
        ]:
            done.result()
    run("createsuperuser", "--noinput")


def csp_directives(response: Response) -> dict[str, list[str]]:
    header = response.headers["Content-Security-Policy"]
    assert header, "no Content-Security-Policy header"
    directives: dict[str, list[str]] = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def script_nonce(directives: dict[str, list[str]]) -> str:
    nonces = [value for value in directives["script-src"] if value.startswith("'nonce-")]
    assert len(nonces) == 1, directives["script-src"]
    return nonces[0].removeprefix("'nonce-").removesuffix("'")


def sign_in(server: Server) -> tuple[Response, Response]:
    """Sign in through the real form; returns (the login page, the login POST's response)."""
    page = server.get("/accounts/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    assert token is not None
    csrf_cookie = page.cookies()["csrftoken"].value
    form = urlencode({"csrfmiddlewaretoken": token.group(1), "username": EMAIL, "password": PASSWORD})
    posted = server.request(
        "POST",
        "/accounts/login/",
        headers={
            **HTTPS,
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={csrf_cookie}",
            "Origin": server.origin,
        },
        body=form.encode(),
    )
    return page, posted


def test_every_page_has_a_script_nonce_and_no_unsafe_script_sources(server: Server) -> None:
    first, second = server.get("/"), server.get("/")
    assert first.status == second.status == 200
    directives = csp_directives(first)
    assert "'self'" in directives["script-src"]
    assert "'unsafe-inline'" not in directives["script-src"]
    assert "'unsafe-eval'" not in directives["script-src"]
    assert directives["style-src"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["default-src"] == ["'self'"]
    nonce = script_nonce(directives)
    assert len(nonce) >= 16
    # Fresh per response: a nonce that repeats protects nothing.
    assert script_nonce(csp_directives(second)) != nonce
    scripts = re.findall(r"<script\b[^>]*>", first.text)
    assert scripts
    assert all(f'nonce="{nonce}"' in tag for tag in scripts), scripts


@pytest.mark.parametrize("path", ["/", "/accounts/login/", "/a-page-that-is-not-there/"])
def test_responses_carry_the_browser_security_headers(server: Server, path: str) -> None:
    response = server.get(path)
    assert response.status in {200, 404}
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response.headers["X-Frame-Options"] == "DENY"
    permissions = response.headers["Permissions-Policy"] or ""
    for feature in ("camera=()", "geolocation=()", "microphone=()"):
        assert feature in permissions
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]


def test_https_responses_carry_a_year_of_strict_transport_security(server: Server) -> None:
    hsts = server.get("/").headers["Strict-Transport-Security"]
    assert hsts is not None
    assert "max-age=31536000" in hsts.split("; ")
    assert "includeSubDomains" in hsts


def test_plain_http_is_redirected_to_https_but_the_health_check_is_not(server: Server) -> None:
    plain = server.request("GET", "/accounts/login/")
    assert plain.status == 301
    assert plain.headers["Location"] == f"https://127.0.0.1:{server.port}/accounts/login/"
    assert plain.headers["Strict-Transport-Security"] is None
    assert server.request("GET", "/healthz/").status == 200


def test_session_and_csrf_cookies_are_secure_http_only_and_same_site_lax(server: Server) -> None:
    page, posted = sign_in(server)
    assert posted.status == 302, posted.text
    cookies = {**page.cookies(), **posted.cookies()}
    assert {"csrftoken", "sessionid"} <= set(cookies)
    for name in ("csrftoken", "sessionid"):
        cookie = cookies[name]
        assert cookie["secure"] is True, name
        assert cookie["httponly"] is True, name
        assert cookie["samesite"] == "Lax", name
    signed_in = server.get("/", Cookie=f"sessionid={cookies['sessionid'].value}")
    assert signed_in.status == 200
    assert "Sign out" in signed_in.text


def test_a_form_post_without_the_csrf_token_is_refused(server: Server) -> None:
    form = urlencode({"username": EMAIL, "password": PASSWORD}).encode()
    headers = {**HTTPS, "Content-Type": "application/x-www-form-urlencoded", "Origin": server.origin}
    assert server.request("POST", "/accounts/login/", headers=headers, body=form).status == 403


def static_paths(html: str) -> list[str]:
    return re.findall(r'(?:href|src)="(/static/[^"]+)"', html)


def test_static_files_are_served_by_whitenoise_with_hashed_names_and_long_caching(server: Server) -> None:
    paths = static_paths(server.get("/").text)
    stylesheet = next(path for path in paths if path.startswith("/static/css/app."))
    assert re.fullmatch(r"/static/css/app\.[0-9a-f]{12}\.css", stylesheet)
    response = server.get(stylesheet, **{"Accept-Encoding": "gzip"})
    assert response.status == 200
    assert response.headers["Content-Type"].startswith("text/css")
    cache_control = response.headers["Cache-Control"]
    assert "max-age=315360000" in cache_control
    assert "immutable" in cache_control
    # Compressed at collectstatic time, not per request.
    assert response.headers["Content-Encoding"] == "gzip"
    # The same file under its plain name is only briefly cacheable: it may change on deploy.
    plain = server.get("/static/css/app.css")
    assert plain.status == 200
    assert "immutable" not in (plain.headers["Cache-Control"] or "")


def test_the_vendored_htmx_is_served_from_our_own_origin(server: Server) -> None:
    paths = static_paths(server.get("/").text)
    htmx = next(path for path in paths if path.startswith("/static/vendor/htmx-"))
    assert re.fullmatch(r"/static/vendor/htmx-2\.0\.11\.min\.[0-9a-f]{12}\.js", htmx)
    response = server.get(htmx)
    assert response.status == 200
    assert "javascript" in response.headers["Content-Type"]
    assert b"htmx" in response.body
    assert "immutable" in response.headers["Cache-Control"]


def test_htmx_is_configured_to_work_under_the_strict_csp(server: Server) -> None:
    meta = re.search(r"<meta name=\"htmx-config\" content='([^']+)'>", server.get("/").text)
    assert meta is not None
    config = json.loads(meta.group(1))
    # htmx would otherwise eval hx-on/js: expressions and inject an inline <style>.
    assert config["allowEval"] is False
    assert config["includeIndicatorStyles"] is False
    assert config["allowScriptTags"] is False


def test_the_compose_web_healthcheck_passes_against_a_production_server(server: Server) -> None:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    kind, executable, flag, code = compose["services"]["web"]["healthcheck"]["test"]
    assert (kind, executable, flag) == ("CMD", "python", "-c")
    code = code.replace("127.0.0.1:8000", f"127.0.0.1:{server.port}")
    result = subprocess.run(
        [sys.executable, "-c", code], env=server.env, capture_output=True, text=True, timeout=30, check=False
    )
    assert result.returncode == 0, result.stderr


def test_gunicorn_writes_the_access_log_to_stdout(server: Server) -> None:
    server.get("/healthz/")
    time.sleep(0.2)
    assert re.search(r'"GET /healthz/ HTTP/1\.1" 200', server.log.read_text())
