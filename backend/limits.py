"""Limits applied before any route does work: credential first, body size capped while it streams in,
public lookups rate limited. ASGI middleware, so every route is covered, also routes added later: the
rules go by path prefix and content type, not by route.

Why here and not in each route: FastAPI reads and parses a JSON body whole before the route's
dependencies (the credential check) run, so an anonymous 200 MB body was read into memory; a page was
read whole before its size was checked. Here a declared Content-Length over the cap is refused before a
byte is read, and an undeclared (chunked) body is refused as soon as the running count passes the cap.
"""
from __future__ import annotations

import json
import re
import threading
import time
from dataclasses import dataclass, field
from typing import Callable

import anyio

KB, MB = 1024, 1024 * 1024

#: Routes that take no credential (a citizen's phone, a health probe). Everything else under /v1/ does.
PUBLIC_PREFIXES = ("/v1/health", "/v1/status/", "/s/")


@dataclass(frozen=True)
class BodyRule:
    path: re.Pattern
    content_type: str          # prefix of the Content-Type, "" for any
    cap: int


def default_rules(page_cap: int) -> list[BodyRule]:
    """First match wins; the last rule caps everything else (JSON, forms, anything unnamed)."""
    return [
        BodyRule(re.compile(r"^/v1/applications/[^/]+/pages/[^/]+$"), "", page_cap),
        BodyRule(re.compile(r"^/v1/staff/catalogue$"), "", 32 * MB),     # a whole catalogue bundle
        BodyRule(re.compile(r"^/"), "multipart/", 4 * MB),                # a console upload, if any
        BodyRule(re.compile(r"^/"), "", 256 * KB),                        # JSON and forms are small
    ]


def _error(status: int, message: str, headers: dict | None = None):
    body = json.dumps({"error": message, "details": []}).encode()
    raw = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    raw += [(k.encode(), v.encode()) for k, v in (headers or {}).items()]

    async def respond(send):
        await send({"type": "http.response.start", "status": status, "headers": raw})
        await send({"type": "http.response.body", "body": body})
    return respond


class BodyLimits:
    """Authenticate before reading a body; cap the body by route while it streams (413, nothing buffered
    past the cap). `verify(authorization)` answers whether a Bearer credential is good (run off the loop:
    it reads the database)."""

    def __init__(self, app, verify: Callable[[str], bool], rules: list[BodyRule]):
        self.app, self.verify, self.rules = app, verify, rules

    def cap_for(self, path: str, content_type: str) -> int:
        for rule in self.rules:
            if rule.path.match(path) and content_type.startswith(rule.content_type):
                return rule.cap
        return self.rules[-1].cap

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS", "DELETE"):
            return await self.app(scope, receive, send)
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        path = scope["path"]
        if path.startswith("/v1/") and not path.startswith(PUBLIC_PREFIXES) and "cookie" not in headers:
            auth = headers.get("authorization", "")
            if not auth.startswith("Bearer ") or not await anyio.to_thread.run_sync(self.verify, auth[7:]):
                return await _error(401, "credential required")(send)
        cap = self.cap_for(path, headers.get("content-type", "").lower())
        declared = headers.get("content-length")
        if declared is not None:
            if not declared.isascii() or not declared.isdigit():
                return await _error(400, "bad Content-Length")(send)
            if int(declared) > cap:
                return await _error(413, f"body larger than {cap} bytes")(send)
        chunks, size = [], 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > cap:
                return await _error(413, f"body larger than {cap} bytes")(send)
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        replayed = False

        async def replay():
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()
        await self.app(scope, replay, send)


@dataclass
class Bucket:
    tokens: float
    at: float


@dataclass
class TokenBuckets:
    """`burst` requests at once, then one every `every_s` seconds, per key; old keys are forgotten."""

    burst: int
    every_s: float
    buckets: dict[str, Bucket] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def take(self, key: str, now: float) -> float:
        """0 when allowed; otherwise the seconds until the next request would be."""
        with self.lock:
            if len(self.buckets) > 100_000:     # a flood of made-up keys cannot grow this without bound
                self.buckets = {k: b for k, b in self.buckets.items() if b.at > now - self.every_s * self.burst}
            b = self.buckets.get(key)
            if b is None:
                b = self.buckets[key] = Bucket(float(self.burst), now)
            b.tokens = min(float(self.burst), b.tokens + (now - b.at) / self.every_s)
            b.at = now
            if b.tokens >= 1:
                b.tokens -= 1
                return 0.0
            return (1 - b.tokens) * self.every_s


LOOKUP = re.compile(r"^/(?:v1/status|s)/([^/]*)")


class LookupLimits:
    """Status lookups (the receipt QR's page and its JSON) limited per client address and per receipt:
    guessing a lookup code is slow whichever way it is spread. Answers 429 with Retry-After."""

    def __init__(self, app, per_client: TokenBuckets | None = None, per_receipt: TokenBuckets | None = None,
                 clock: Callable[[], float] = time.monotonic):
        self.app = app
        self.per_client = per_client or TokenBuckets(burst=20, every_s=3.0)      # 20 at once, then 20/min
        self.per_receipt = per_receipt or TokenBuckets(burst=10, every_s=30.0)   # 10 at once, then 2/min
        self.clock = clock

    async def __call__(self, scope, receive, send):
        m = LOOKUP.match(scope["path"]) if scope["type"] == "http" else None
        if m is None:
            return await self.app(scope, receive, send)
        now = self.clock()
        client = (scope.get("client") or ("?", 0))[0]
        wait = self.per_client.take("c:" + client, now) or self.per_receipt.take("r:" + m.group(1)[:64], now)
        if wait:
            return await _error(429, "too many lookups: try again later",
                                {"retry-after": str(int(wait) + 1)})(send)
        await self.app(scope, receive, send)


def install(app, verify: Callable[[str], bool], page_cap: int) -> None:
    """Wrap `app` (FastAPI) in the limits; the outermost runs first."""
    app.add_middleware(BodyLimits, verify=verify, rules=default_rules(page_cap))
    app.add_middleware(LookupLimits)

