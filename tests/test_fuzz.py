"""10,000 fuzzed cases per target with fixed seeds (bench/fuzz/; `make bench` runs 100,000): ID card frames
and texts, QR payloads, catalogue documents with wrong types, hall API requests. No uncaught exception,
no 5xx, and the card poller thread still alive after look-alike cards."""
from __future__ import annotations

import pytest

from bench import fuzz

CASES, SEED = 10_000, 16


@pytest.mark.parametrize("target", sorted(fuzz.TARGETS))
def test_fuzzed_input_is_refused_cleanly_never_an_uncaught_exception(target):
    out = fuzz.TARGETS[target](CASES, SEED)
    assert out.failures == 0, out.findings
    assert out.refused > CASES // 20 and out.refused + out.accepted == CASES    # it did reach the checks


def test_card_poller_thread_survives_lookalike_cards():
    assert fuzz.idcard_poller_survives(SEED, cases=40)
