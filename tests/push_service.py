"""A push service inside the test process, as the outside world's would be (RFC 8030).

It takes ``POST /push/<token>`` and accepts a message only as a real one would: the VAPID
JWT (RFC 8292) must be signed ES256 by the key the subscription was made with, for this
service's origin, expiring within 24 hours; the body must be an RFC 8291 ``aes128gcm``
message that the subscription's private key and auth secret decrypt. What it decrypts is
kept for the test to read. Anything wrong is recorded in ``errors`` and refused.
"""

from __future__ import annotations

import base64
import json
import os
import select
import socket
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import http_ece
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

MAX_EXP_SECONDS = 24 * 60 * 60  # RFC 8292 section 2: no more than 24 hours from the request


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass
class Subscription:
    """What a browser makes for a page: an endpoint, its public key and auth secret, and the
    private key that never leaves the device (here, the test)."""

    token: str
    endpoint: str
    private_key: ec.EllipticCurvePrivateKey
    auth_secret: bytes

    @property
    def p256dh(self) -> str:
        return b64url(
            self.private_key.public_key().public_bytes(Encoding.X962, PublicFormat.UncompressedPoint)
        )

    @property
    def auth(self) -> str:
        return b64url(self.auth_secret)


@dataclass
class Received:
    token: str
    payload: dict[str, Any]
    headers: dict[str, str]  # names in lower case


@dataclass
class LocalPushService:
    application_server_key: str  # the VAPID public key subscriptions are made with
    answers: dict[str, int] = field(default_factory=dict)  # token -> status, e.g. 410 for gone
    stall_on: int | None = None  # hold the Nth message 3 s, so a test can kill the sender then
    received: list[Received] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    subscriptions: dict[str, Subscription] = field(default_factory=dict)
    stalled: threading.Event = field(default_factory=threading.Event)
    port: int = 0
    _started: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def subscribe(self) -> Subscription:
        token = b64url(os.urandom(12))
        subscription = Subscription(
            token=token,
            endpoint=f"{self.origin}/push/{token}",
            private_key=ec.generate_private_key(ec.SECP256R1()),
            auth_secret=os.urandom(16),
        )
        self.subscriptions[token] = subscription
        return subscription

    def count(self) -> int:
        with self._lock:
            return len(self.received)

    def per_token(self) -> Counter[str]:
        with self._lock:
            return Counter(message.token for message in self.received)

    def wait_until_quiet(self, *, expect: int, quiet: float = 1.0, timeout: float = 40.0) -> int:
        """Wait for ``expect`` messages, then for nothing more to come for ``quiet`` seconds."""
        deadline = time.monotonic() + timeout
        last, since = self.count(), time.monotonic()
        while time.monotonic() < deadline:
            time.sleep(0.05)
            now_count = self.count()
            if now_count != last:
                last, since = now_count, time.monotonic()
            elif now_count >= expect and time.monotonic() - since >= quiet:
                break
        return last

    # --- What the push service checks ------------------------------------------------------

    def check_vapid(self, authorization: str) -> str | None:
        """None if the Authorization header is a valid VAPID one for this service, else why not."""
        scheme, _, params = authorization.partition(" ")
        if scheme.lower() != "vapid":
            return f"not a vapid Authorization: {scheme!r}"
        parts = dict(part.strip().split("=", 1) for part in params.split(",") if "=" in part)
        if parts.get("k") != self.application_server_key:
            return "k is not the key the subscription was made with"
        try:
            header_b64, claims_b64, signature_b64 = parts["t"].split(".")
            header = json.loads(b64url_decode(header_b64))
            claims = json.loads(b64url_decode(claims_b64))
            signature = b64url_decode(signature_b64)
        except (KeyError, ValueError):
            return "the JWT is malformed"
        if header.get("alg") != "ES256" or len(signature) != 64:
            return f"the JWT is not ES256: {header}"
        public = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), b64url_decode(parts["k"]))
        der = encode_dss_signature(
            int.from_bytes(signature[:32], "big"), int.from_bytes(signature[32:], "big")
        )
        try:
            public.verify(der, f"{header_b64}.{claims_b64}".encode(), ec.ECDSA(hashes.SHA256()))
        except InvalidSignature:
            return "the JWT signature does not verify against k"
        if claims.get("aud") != self.origin:
            return f"aud is {claims.get('aud')!r}, not {self.origin!r}"
        now = time.time()
        if not isinstance(claims.get("exp"), int) or not now < claims["exp"] <= now + MAX_EXP_SECONDS:
            return f"exp {claims.get('exp')!r} is not within 24 hours"
        if not str(claims.get("sub", "")).startswith(("mailto:", "https:")):
            return f"sub {claims.get('sub')!r} is neither mailto: nor https:"
        return None

    def decrypt(self, token: str, body: bytes) -> dict[str, Any]:
        subscription = self.subscriptions[token]
        plain = http_ece.decrypt(
            body,
            private_key=subscription.private_key,
            auth_secret=subscription.auth_secret,
            version="aes128gcm",
        )
        return dict(json.loads(plain))

    def _handle(self, handler: BaseHTTPRequestHandler) -> int:
        token = handler.path.removeprefix("/push/")
        body = handler.rfile.read(int(handler.headers.get("Content-Length", 0)))
        if token not in self.subscriptions:
            return 404
        if token in self.answers:
            return self.answers[token]
        problem = self.check_vapid(handler.headers.get("Authorization", ""))
        if problem is None and handler.headers.get("Content-Encoding") != "aes128gcm":
            problem = f"Content-Encoding is {handler.headers.get('Content-Encoding')!r}"
        if problem is None and not handler.headers.get("TTL", "").isdigit():
            problem = "no TTL header"
        if problem is not None:
            with self._lock:
                self.errors.append(problem)
            return 403 if "JWT" in problem or "k " in problem else 400
        try:
            payload = self.decrypt(token, body)
        except Exception as error:  # noqa: BLE001 (whatever fails to decrypt is refused and recorded)
            with self._lock:
                self.errors.append(f"cannot decrypt: {error!r}")
            return 400
        with self._lock:
            self._started += 1
            stall = self._started == self.stall_on
        if stall and not self._sender_stays(handler.connection):
            return 0  # the sender died before hearing 201: nothing was accepted
        with self._lock:
            self.received.append(Received(token, payload, {k.lower(): v for k, v in handler.headers.items()}))
        return 201

    def _sender_stays(self, connection: socket.socket) -> bool:
        """Hold the message up to 3 s; False if the sender hangs up meanwhile."""
        self.stalled.set()
        deadline = time.monotonic() + 3
        while time.monotonic() < deadline:
            readable, _, _ = select.select([connection], [], [], 0.1)
            if readable and connection.recv(1, socket.MSG_PEEK) == b"":
                return False
        return True


def _handler_for(service: LocalPushService) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self) -> None:  # noqa: N802 (http.server's API)
            status = service._handle(self)
            if status == 0:
                self.close_connection = True
                return
            self.send_response(status)
            if status == 201:
                self.send_header("Location", f"{service.origin}/message/{b64url(os.urandom(6))}")
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
            pass

    return Handler


def run_push_service(application_server_key: str, **options: Any) -> Iterator[LocalPushService]:
    """Start the service on a free port in a thread; stop it when the generator is closed."""
    service = LocalPushService(application_server_key=application_server_key, **options)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(service))
    server.daemon_threads = True
    service.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    try:
        yield service
    finally:
        server.shutdown()
        server.server_close()
