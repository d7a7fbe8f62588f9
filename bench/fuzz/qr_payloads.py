"""Fuzz target: QR payload bytes through the encoding repair and guesses, keyboard-wedge key events through
their parser, and scanned text through the receipt check a status lookup uses."""
from __future__ import annotations

import random

from .mutate import mutate_bytes, nasty_text
from .outcome import Outcome


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
    with out.timed():
        for i in range(cases):
            try:
                kind = i % 4
                if kind == 0:
                    raw = mutate_bytes(rng, rng.choice(payloads))
                    text, enc = decode_raw(raw)
                    assert isinstance(text, str) and enc
                elif kind == 1:
                    raw = bytes(rng.randrange(256) for _ in range(rng.randint(0, 200)))
                    repair_zbar_text(raw)
                    repair_zbar_text(mutate_bytes(rng, rng.choice(payloads)))
                elif kind == 2:
                    parser = KeyWedgeParser()
                    events = key_events(nasty_text(rng, rng.choice(texts[:2]))) if rng.random() < 0.5 else \
                        [(rng.choice([0, 1, 4]), rng.randrange(300), rng.choice([0, 1, 2])) for _ in range(30)]
                    parser.feed_all(events)
                else:
                    is_valid_receipt(nasty_text(rng, rng.choice(texts[:1])))
                out.accepted += 1
            except (ValueError, KeyError) as exc:       # the keymap refuses a character it cannot type
                if kind == 2:
                    out.refused += 1
                else:
                    out.finding(f"{type(exc).__name__}: case {i}")
            except Exception as exc:  # noqa: BLE001
                out.finding(f"{type(exc).__name__}: case {i}")
    return out
