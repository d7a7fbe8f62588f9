"""The fuzzing section of docs/reliability.md: every target's table row, the card poller's fate, and what
was tried."""
from __future__ import annotations

from .idcard_frames import idcard_poller_survives

SEED = 20261201


def table(targets: dict, quick: bool = False) -> str:
    cases = 2_000 if quick else 100_000
    rows = [fn(cases, seed=SEED).row() for fn in targets.values()]
    alive = idcard_poller_survives(seed=SEED, cases=200 if not quick else 20)
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
