"""Fuzz target: requests straight into the hall server's ASGI app (its middleware, routes and database, in this
process), on every path of its OpenAPI document and some it does not list."""
from __future__ import annotations

import asyncio
import json
import random
import re
import tempfile
from pathlib import Path

from .mutate import mutate_bytes, mutate_doc, nasty_text
from .outcome import Outcome

#: What a path's {placeholders} are filled with: real-looking ids, and what has broken routers before.
SEGMENTS = ["MX-261129-0001-8", "p001", "x", "¹", "%00", "a" * 300, "birth-registration",
            "00000000-0000-0000-0000-000000000000", "..", "%E2%91%A0"]


def api(cases: int, seed: int) -> Outcome:
    """Requests straight into the hall server's ASGI app (its middleware, routes and database, in this
    process): every path of its OpenAPI document and a few it does not list, random methods, mutated and
    wrong-typed JSON bodies, odd headers. Any 5xx or exception out of the app is a finding."""
    import logging

    from backend.api import create_app
    from backend.hall import Hall
    from backend.kiosks import register_kiosk
    from content import load_catalogue
    from kiosk.sample import sample_application

    out = Outcome("hall API requests", cases, seed)
    rng = random.Random(seed)
    folder = Path(tempfile.mkdtemp(prefix="fuzz-hall-"))
    hall = Hall(str(folder / "hall.sqlite3"), staff_token="fuzz-staff-token")
    token = register_kiosk(hall, "fuzz-kiosk")
    app = create_app(hall)
    application, _pages = sample_application(load_catalogue(), "5")
    requests = _Requests(rng, app.openapi(), token, application)

    async def run_all():
        for i in range(cases):
            method, path, query, headers, raw = requests.make(i)
            try:
                status = await _call(app, method, path, query, headers, raw)
            except Exception as exc:  # noqa: BLE001
                out.finding(f"{type(exc).__name__}: {method} {path} case {i}")
                continue
            if status is None or status >= 500:
                out.finding(f"HTTP {status}: {method} {path} case {i}")
            elif status >= 400:
                out.refused += 1
            else:
                out.accepted += 1

    with out.timed():
        logging.disable(logging.CRITICAL)       # the server logs each 500 it would make: counted here instead
        try:
            asyncio.run(run_all())
        finally:
            logging.disable(logging.NOTSET)
            hall.engine.dispose()
    return out


class _Requests:
    """Requests as a client would make them (mostly the server's own operations with their bodies and a
    kiosk's or staff's credentials), and as nobody should: other methods and paths, mutated, wrong-typed
    or random bodies, wrong Content-Length, odd credentials, idempotency keys and lookup codes."""

    def __init__(self, rng: random.Random, spec: dict, token: str, application: dict):
        self.rng = rng
        self.paths = sorted(spec["paths"]) + ["/s/{receipt}", "/v1/nothing", "/", "/openapi.json"]
        self.ops = [(m.upper(), p) for p, item in spec["paths"].items() for m in item if m in ("get", "post", "put")]
        self.bodies = [application, {"outbox_depth": 3, "health": {"printer": {"state": "ok", "reason": ""}}},
                       {"theme": "birth"}, {"ticket": True}, {"status": "under_review", "note": "x"},
                       {"id": "kiosk-z"}]
        b = self.bodies
        self.body_for = {"/v1/applications": application, "/v1/kiosks/self/heartbeat": b[1], "/v1/tickets": b[2],
                         "/v1/applications/{app_id}/finalize": b[3], "/v1/staff/kiosks": b[5],
                         "/v1/staff/applications/{receipt}/matters/{matter_id}/status": b[4]}
        self.auths = [f"Bearer {token}", "Bearer fuzz-staff-token", "Bearer fuzz-kiosk:wrong", "", "Bearer ",
                      "Basic x", "Bearer \u200b:²"]

    def make(self, i: int) -> tuple[str, str, bytes, list, bytes]:
        """Case `i`: (method, path, query string, headers, body)."""
        rng = self.rng
        if rng.random() < 0.8:          # mostly the operations the server has, as a client would call them
            method, template = rng.choice(self.ops)
        else:
            method, template = rng.choice(["GET", "POST", "PUT", "DELETE", "PATCH"]), rng.choice(self.paths)
        path = re.sub(r"\{[^}]+\}", lambda _m: rng.choice(SEGMENTS), template)
        raw = self._body(template)
        headers = [(b"host", b"x")]
        auth = rng.choice(self.auths[:2]) if rng.random() < 0.6 else rng.choice(self.auths)
        if auth:
            headers.append((b"authorization", auth.encode("utf-8")))
        headers.append((b"content-type", rng.choice([b"application/json", b"image/jpeg", b"text/plain",
                                                     b"multipart/form-data; boundary=x"])))
        if rng.random() < 0.7:
            headers.append((b"content-length", str(len(raw) + rng.choice([0, 0, 0, 1, -1])).encode()))
        if rng.random() < 0.3:
            headers.append((b"idempotency-key", nasty_text(rng, f"fuzz-key-{i:08d}").encode()))
        if rng.random() < 0.2:
            headers.append((b"x-content-sha256", rng.choice([b"0" * 64, b"zz", "²".encode()])))
        query = rng.choice([b"", b"code=ABCDEFGH2345", "code=码".encode(), b"code=%FF", b"code=" + b"A" * 100])
        return method, path, query, headers, raw

    def _body(self, template: str) -> bytes:
        rng = self.rng
        r = rng.random()
        if r < 0.5:
            known = self.body_for.get(template)
            payload = mutate_doc(rng, known if known is not None and rng.random() < 0.8 else rng.choice(self.bodies))
            return json.dumps(payload, ensure_ascii=rng.random() < 0.5).encode()
        if r < 0.7:
            return mutate_bytes(rng, json.dumps(rng.choice(self.bodies)).encode())
        if r < 0.8:
            return bytes(rng.randrange(256) for _ in range(rng.randint(0, 64)))
        return b""


async def _call(app, method: str, path: str, query: bytes, headers: list, raw: bytes):
    """One request through the ASGI app, its body in 64 KiB chunks: the response's status (None if none)."""
    sent = {"status": None}
    chunks = [raw[i:i + 65536] for i in range(0, len(raw), 65536)] or [b""]

    async def receive():
        if chunks:
            c = chunks.pop(0)
            return {"type": "http.request", "body": c, "more_body": bool(chunks)}
        await asyncio.sleep(0)
        return {"type": "http.disconnect"}

    async def send(message):
        if message["type"] == "http.response.start":
            sent["status"] = message["status"]

    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": method,
             "scheme": "http", "path": path, "raw_path": path.encode("utf-8", "surrogateescape"),
             "query_string": query, "root_path": "", "headers": headers, "client": ("127.0.0.1", 5000),
             "server": ("127.0.0.1", 80)}
    await app(scope, receive, send)
    return sent["status"]
