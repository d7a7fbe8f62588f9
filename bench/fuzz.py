"""Fuzzing with fixed seeds: ID card frames and texts, QR payloads, catalogue documents with wrong types, and
hall API requests. Each target says which exceptions are the documented way to refuse input; anything else
(an uncaught exception, a 500, a thread that died) is a finding. `make test` runs 10,000 cases of each
(tests/test_fuzz.py); `make bench` runs 100,000 and writes the table into docs/reliability.md.

    .venv/bin/python -m bench fuzz            # 100,000 cases per target
"""
from __future__ import annotations

import asyncio
import json
import random
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path

#: Characters that have broken parsers before: digit look-alikes, invisible ones, surrogate-ish, wide.
NASTY = ["²", "①", "٣", "５", "¹", "\u200b", "\ufeff", "\u202e", "\x00", "\n", "\ud7ff", "𠀀", "X", "x", "-",
         "０", "Ⅻ", "🙂", "\\", "\"", "'", "%", "{", "$", "长期", "\u3000"]
WRONG = [None, True, False, 0, -1, 2 ** 63, 2 ** 64, 1.5, float("inf"), "", "¹", "x" * 3000, [], [1, "a"], {},
         {"a": 1}, "\u200b", "２０２６"]


@dataclass
class Outcome:
    target: str
    cases: int
    seed: int
    refused: int = 0                  # the documented refusal (InvalidCard, ContentInvalid, 4xx, ...)
    accepted: int = 0
    findings: list[str] = field(default_factory=list)
    kinds: Counter = field(default_factory=Counter)
    seconds: float = 0.0

    def finding(self, text: str) -> None:
        if len(self.findings) < 20:
            self.findings.append(text)
        self.kinds[text.split(":", 1)[0]] += 1

    @property
    def failures(self) -> int:
        return sum(self.kinds.values())


def _mutate_bytes(rng: random.Random, data: bytes) -> bytes:
    b = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        op = rng.random()
        if op < 0.5 and b:
            b[rng.randrange(len(b))] = rng.randrange(256)
        elif op < 0.7 and b:
            del b[rng.randrange(len(b))]
        elif op < 0.85:
            b.insert(rng.randrange(len(b) + 1), rng.randrange(256))
        elif b:
            i = rng.randrange(len(b))
            b[i:i] = b[i:i + rng.randint(1, 16)]
    return bytes(b)


def _nasty_text(rng: random.Random, base: str) -> str:
    chars = list(base)
    for _ in range(rng.randint(1, 4)):
        if chars:
            chars[rng.randrange(len(chars))] = rng.choice(NASTY)
    return "".join(chars)


# -- ID card --------------------------------------------------------------------------------------------

def idcard(cases: int, seed: int) -> Outcome:
    """Mutated SAM frames through the frame decoder, and mutated text blocks (bytes and look-alike text)
    through the card parser, and a poller thread fed the worst of them must still be alive at the end."""
    from devices.idcard import sam_protocol as sam
    from devices.idcard.card import encode_text, parse_text
    from devices.idcard.errors import IdCardError
    from devices.idcard.fixtures import CARDS

    out = Outcome("ID card frames and texts", cases, seed)
    rng = random.Random(seed)
    cards = [c for c in CARDS.values() if c is not None]
    blocks = [encode_text(c) for c in cards]
    frames = [sam.encode_response(0x90, sam.build_read_data(b, b"\x00" * 1024)) for b in blocks[:2]]
    frames += [sam.encode_response(0x9F, b"\x00" * 4), sam.encode_response(0x80)]
    started = time.perf_counter()
    for i in range(cases):
        kind = i % 4
        try:
            if kind == 0:
                dec = sam.FrameDecoder()
                for body in dec.feed(_mutate_bytes(rng, rng.choice(frames))):
                    resp = sam.Response.from_body(body)
                    if resp.data and len(resp.data) > 4:
                        text, _photo = sam.split_read_data(resp.data)
                        parse_text(text)
            elif kind == 1:
                parse_text(_mutate_bytes(rng, rng.choice(blocks)) if rng.random() < 0.8
                           else rng.choice(blocks)[:rng.randrange(256)])
            else:
                card = rng.choice(cards)
                attr = rng.choice(["id_number", "name", "birth", "valid_from", "valid_to", "sex", "nation",
                                   "address"])
                value = _nasty_text(rng, str(getattr(card, attr)))
                try:
                    block = encode_text(replace(card, **{attr: value}))
                except (ValueError, UnicodeEncodeError, KeyError, IdCardError):
                    out.refused += 1      # the simulator's encoder refuses it: nothing reaches a parser
                    continue
                parse_text(block)
            out.accepted += 1
        except IdCardError:
            out.refused += 1
        except Exception as exc:  # noqa: BLE001 - this is what a fuzzer looks for
            out.finding(f"{type(exc).__name__}: case {i}")
    out.seconds = time.perf_counter() - started
    return out


def idcard_poller_survives(seed: int, cases: int = 40) -> bool:
    """A real poller over the pty simulator, given look-alike cards: alive after all of them."""
    from devices.idcard import CardPoller, IdCardReader
    from devices.idcard.card import encode_text
    from devices.idcard.fixtures import RESIDENT_CARD
    from devices.idcard.simulated import SimulatedReader

    rng = random.Random(seed)
    seen = []
    with SimulatedReader(RESIDENT_CARD) as sim:
        poller = CardPoller(IdCardReader(sim.port), on_card=seen.append, on_error=seen.append,
                            interval=0.01, read_timeout=2.0)
        try:
            for _ in range(cases):
                n = RESIDENT_CARD.id_number
                k = rng.randrange(17)
                number = n[:k] + rng.choice("²①٣５¹０") + n[k + 1:] if rng.random() < 0.5 else _nasty_text(rng, n)
                card = replace(RESIDENT_CARD, id_number=number)
                try:
                    encode_text(card)       # what the simulated card can carry (36 bytes of UTF-16)
                except ValueError:
                    continue
                sim.place(card)
                before = len(seen)
                poller.poll_once()
                if len(seen) == before and not poller._last_error:
                    return False
            poller.start()
            time.sleep(0.2)
            return poller.running
        finally:
            poller.stop()


# -- QR payloads ------------------------------------------------------------------------------------------

def qr(cases: int, seed: int) -> Outcome:
    """Payload bytes (random, mutated UTF-8/GBK/Big5 text) through the encoding repair and guesses, key
    events through the keyboard-wedge parser, and the text through the receipt check a lookup uses."""
    from backend.receipts import is_valid_receipt
    from devices.qr.encoding import decode_raw, repair_zbar_text
    from devices.qr.keymap import KeyWedgeParser, key_events

    out = Outcome("QR payloads", cases, seed)
    rng = random.Random(seed)
    texts = ["MX-261129-0001-8", "https://zwfw.meixian.gov.cn/s/MX-261129-0001-8?code=ABCDEFGH2345",
             "梅县区政务服务中心", "粵語繁體字測試", "身份证号441403199001011233", "ＡＢＣ１２３"]
    payloads = [t.encode(enc, "ignore") for t in texts for enc in ("utf-8", "gbk", "big5", "shift_jis")]
    started = time.perf_counter()
    for i in range(cases):
        try:
            kind = i % 4
            if kind == 0:
                raw = _mutate_bytes(rng, rng.choice(payloads))
                text, enc = decode_raw(raw)
                assert isinstance(text, str) and enc
            elif kind == 1:
                raw = bytes(rng.randrange(256) for _ in range(rng.randint(0, 200)))
                repair_zbar_text(raw)
                repair_zbar_text(_mutate_bytes(rng, rng.choice(payloads)))
            elif kind == 2:
                parser = KeyWedgeParser()
                events = key_events(_nasty_text(rng, rng.choice(texts[:2]))) if rng.random() < 0.5 else \
                    [(rng.choice([0, 1, 4]), rng.randrange(300), rng.choice([0, 1, 2])) for _ in range(30)]
                parser.feed_all(events)
            else:
                is_valid_receipt(_nasty_text(rng, rng.choice(texts[:1])))
            out.accepted += 1
        except (ValueError, KeyError) as exc:       # the keymap refuses a character it cannot type
            if kind == 2 and isinstance(exc, (ValueError, KeyError)):
                out.refused += 1
            else:
                out.finding(f"{type(exc).__name__}: case {i}")
        except Exception as exc:  # noqa: BLE001
            out.finding(f"{type(exc).__name__}: case {i}")
    out.seconds = time.perf_counter() - started
    return out


# -- catalogue documents ----------------------------------------------------------------------------------

def _mutate_doc(rng: random.Random, doc):
    """A copy of a TOML document with one value somewhere replaced by a wrong type (or a key dropped)."""
    doc = json.loads(json.dumps(doc))
    node, path = doc, []
    for _ in range(rng.randint(0, 4)):
        if isinstance(node, dict) and node:
            k = rng.choice(sorted(node))
        elif isinstance(node, list) and node:
            k = rng.randrange(len(node))
        else:
            break
        path.append((node, k))
        if not isinstance(node[k], (dict, list)):
            break
        node = node[k]
    if not path:
        return rng.choice(WRONG) if rng.random() < 0.1 else doc
    parent, k = path[-1]
    if isinstance(parent, dict) and rng.random() < 0.15:
        del parent[k]
    else:
        parent[k] = rng.choice(WRONG)
    return doc


def catalogue(cases: int, seed: int) -> Outcome:
    """One document at a time (theme, matter, material, field, registries) with a wrong type somewhere,
    validated alone; every 250th case the mutated document inside a small complete catalogue, validated
    and, if it passes, built. Refusal is a list of errors (ContentInvalid), never an exception."""
    from content import ContentInvalid, load_documents, read_folder
    from content.source import Documents
    from content.validate import validate

    out = Outcome("catalogue documents with wrong types", cases, seed)
    rng = random.Random(seed)
    docs = read_folder()
    keep = {k: v for k, v in docs.docs.items() if "/" not in k or k == "themes/birth.toml"}
    blob = json.dumps(keep["themes/birth.toml"])
    keep.update({k: v for k, v in docs.docs.items() if k.startswith("matters/") and v.get("id") in blob})
    blob = json.dumps(list(keep.values()), ensure_ascii=False)
    keep.update({k: v for k, v in docs.docs.items()
                 if k.startswith(("materials/", "fields/")) and v.get("id") in blob})
    names = sorted(keep)
    started = time.perf_counter()
    for i in range(cases):
        name = rng.choice(names)
        mutated = _mutate_doc(rng, keep[name])
        try:
            if i % 250 == 0:
                load_documents(Documents(docs={**keep, name: mutated}))
                out.accepted += 1
            else:
                errors = validate(Documents(docs={name: mutated}))
                out.refused += bool(errors)
                out.accepted += not errors
        except ContentInvalid:
            out.refused += 1
        except Exception as exc:  # noqa: BLE001
            out.finding(f"{type(exc).__name__}: {name} case {i}")
    out.seconds = time.perf_counter() - started
    return out


# -- hall API --------------------------------------------------------------------------------------------

def api(cases: int, seed: int) -> Outcome:
    """Requests straight into the hall server's ASGI app (its middleware, routes and database, in this
    process): every path of its OpenAPI document and a few it does not list, random methods, mutated and
    wrong-typed JSON bodies, odd headers. Any 5xx or exception out of the app is a finding."""
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
    spec = app.openapi()
    paths = sorted(spec["paths"]) + ["/s/{receipt}", "/v1/nothing", "/", "/openapi.json"]
    body, _pages = sample_application(load_catalogue(), "5")
    bodies = [body, {"outbox_depth": 3, "health": {"printer": {"state": "ok", "reason": ""}}},
              {"theme": "birth"}, {"ticket": True}, {"status": "under_review", "note": "x"}, {"id": "kiosk-z"}]
    auths = [f"Bearer {token}", "Bearer fuzz-staff-token", "Bearer fuzz-kiosk:wrong", "", "Bearer ", "Basic x",
             "Bearer \u200b:²"]

    def fill(path: str) -> str:
        def seg(_m):
            return rng.choice(["MX-261129-0001-8", "p001", "x", "¹", "%00", "a" * 300, "birth-registration",
                               "00000000-0000-0000-0000-000000000000", "..", "%E2%91%A0"])
        import re
        return re.sub(r"\{[^}]+\}", seg, path)

    async def call(method, path, query, headers, raw):
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

    ops = [(m.upper(), p) for p, item in spec["paths"].items() for m in item if m in ("get", "post", "put")]
    body_for = {"/v1/applications": body, "/v1/kiosks/self/heartbeat": bodies[1], "/v1/tickets": bodies[2],
                "/v1/applications/{app_id}/finalize": bodies[3], "/v1/staff/kiosks": bodies[5],
                "/v1/staff/applications/{receipt}/matters/{matter_id}/status": bodies[4]}

    async def run_all():
        for i in range(cases):
            if rng.random() < 0.8:          # mostly the operations the server has, as a client would call them
                method, template = rng.choice(ops)
            else:
                method, template = rng.choice(["GET", "POST", "PUT", "DELETE", "PATCH"]), rng.choice(paths)
            path = fill(template)
            r = rng.random()
            if r < 0.5:
                known = body_for.get(template)
                payload = _mutate_doc(rng, known if known is not None and rng.random() < 0.8 else rng.choice(bodies))
                raw = json.dumps(payload, ensure_ascii=rng.random() < 0.5).encode()
            elif r < 0.7:
                raw = _mutate_bytes(rng, json.dumps(rng.choice(bodies)).encode())
            elif r < 0.8:
                raw = bytes(rng.randrange(256) for _ in range(rng.randint(0, 64)))
            else:
                raw = b""
            headers = [(b"host", b"x")]
            auth = rng.choice(auths[:2]) if rng.random() < 0.6 else rng.choice(auths)
            if auth:
                headers.append((b"authorization", auth.encode("utf-8")))
            headers.append((b"content-type", rng.choice([b"application/json", b"image/jpeg", b"text/plain",
                                                         b"multipart/form-data; boundary=x"])))
            if rng.random() < 0.7:
                headers.append((b"content-length", str(len(raw) + rng.choice([0, 0, 0, 1, -1])).encode()))
            if rng.random() < 0.3:
                headers.append((b"idempotency-key", _nasty_text(rng, f"fuzz-key-{i:08d}").encode()))
            if rng.random() < 0.2:
                headers.append((b"x-content-sha256", rng.choice([b"0" * 64, b"zz", "²".encode()])))
            query = rng.choice([b"", b"code=ABCDEFGH2345", "code=码".encode(), b"code=%FF", b"code=" + b"A" * 100])
            try:
                status = await call(method, path, query, headers, raw)
            except Exception as exc:  # noqa: BLE001
                out.finding(f"{type(exc).__name__}: {method} {path} case {i}")
                continue
            if status is None or status >= 500:
                out.finding(f"HTTP {status}: {method} {path} case {i}")
            elif status >= 400:
                out.refused += 1
            else:
                out.accepted += 1

    started = time.perf_counter()
    import logging
    logging.disable(logging.CRITICAL)       # the server logs each 500 it would make: counted here instead
    try:
        asyncio.run(run_all())
    finally:
        logging.disable(logging.NOTSET)
        hall.engine.dispose()
    out.seconds = time.perf_counter() - started
    return out


TARGETS = {"idcard": idcard, "qr": qr, "catalogue": catalogue, "api": api}


def run(quick: bool = False) -> str:
    cases = 2_000 if quick else 100_000
    rows = []
    for name, fn in TARGETS.items():
        o = fn(cases, seed=20261201)
        rows.append(f"| {o.target} | {o.cases:,} | {o.seed} | {o.refused:,} | {o.accepted:,} | {o.failures} | "
                    f"{o.seconds:.1f} s | {', '.join(f'{k} ×{v}' for k, v in o.kinds.items()) or '—'} |")
    alive = idcard_poller_survives(seed=20261201, cases=200 if not quick else 20)
    return "\n".join([
        "## Fuzzing",
        "",
        f"`.venv/bin/python -m bench fuzz`: {cases:,} cases per target, fixed seed; `make test` runs 10,000 "
        "of each (tests/test_fuzz.py). *Refused* is the documented refusal (InvalidCard / IdCardError, "
        "ContentInvalid or a list of errors, HTTP 4xx); *findings* are anything else: an uncaught exception, "
        "an HTTP 5xx.",
        "",
        "| target | cases | seed | refused | accepted | findings | time | finding kinds |",
        "|---|---|---|---|---|---|---|---|",
        *rows,
        "",
        f"ID card poller over the pty simulator fed {200 if not quick else 20} look-alike cards, then run as "
        f"its thread: {'alive' if alive else 'DEAD'} at the end.",
        "",
        "What was tried: ID card SAM frames with bytes flipped, dropped, inserted and repeated; text blocks "
        "mutated as bytes and with digit look-alikes (², ①, ٣, ５), invisible and wide characters put into "
        "the ID number, names, dates, sex and nation; QR payload bytes (random, and UTF-8/GBK/Big5/Shift-JIS "
        "text mutated) through the encoding repair, keyboard-wedge key events, receipt checks; catalogue "
        "documents with a value replaced by a wrong type (None, bools, 2^63, inf, lists, dicts, 3,000-char "
        "strings, '¹', U+200B) or a key dropped; API requests on every OpenAPI path and some not listed, "
        "random methods, mutated/wrong-typed/random bodies, wrong Content-Length, odd credentials, "
        "idempotency keys and lookup codes. Before issue 16 the same targets found: ValueError from '²' in "
        "the ID card parser (the poller thread died), 500s from heartbeat numbers >= 2^63, themes like "
        "'¹' and non-ASCII lookup codes.",
    ])
