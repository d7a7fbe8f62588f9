"""Kiosk-side credentials and input: the PIN lockout outlives a restart, weak stored hashes are refused,
the token file must be private, invisible characters do not fill a required field."""
from __future__ import annotations

import os

import pytest

from kiosk.config import ConfigError, load_config
from kiosk.staff import LOCKED, OK, WRONG, PinGate, hash_pin, pin_hash_problem, verify_pin
from kiosk.validation import check


def test_pin_lockout_survives_a_restart(tmp_path):
    state = tmp_path / "staff-lock.json"
    stored = hash_pin("2468")
    gate = PinGate(stored, state_path=state)
    assert [gate.check("1111", 1000.0 + i) for i in range(4)] == [WRONG] * 4
    restarted = PinGate(stored, state_path=state)           # the plug was pulled after four wrong tries
    assert restarted.check("1111", 1005.0) == LOCKED
    again = PinGate(stored, state_path=state)
    assert again.check("2468", 1010.0) == LOCKED            # still locked after another restart
    assert again.check("2468", 1004.0 + 301.0) == OK
    assert os.stat(state).st_mode & 0o077 == 0


def test_damaged_lock_state_keeps_the_pad_locked(tmp_path):
    state = tmp_path / "staff-lock.json"
    state.write_text("{not json", encoding="utf-8")
    import time
    assert PinGate(hash_pin("2468"), state_path=state).check("2468", time.time()) == LOCKED


@pytest.mark.parametrize("iterations", [1, 1000, 99_999, 10 ** 10])
def test_stored_hash_with_too_few_or_too_many_iterations_is_refused(iterations):
    weak = hash_pin("2468", iterations=iterations) if iterations < 10 ** 6 else \
        hash_pin("2468", iterations=1).replace("$1$", f"${iterations}$", 1)
    assert not verify_pin("2468", weak)
    assert pin_hash_problem(weak) and "iterations" in pin_hash_problem(weak)
    assert PinGate(weak).check("2468", 1.0) != OK


def test_strong_hash_still_verifies():
    assert pin_hash_problem(hash_pin("2468")) is None and verify_pin("2468", hash_pin("2468"))


def test_token_file_readable_by_others_is_refused(tmp_path, monkeypatch):
    token = tmp_path / "token"
    token.write_text("kiosk-a:secret\n", encoding="utf-8")
    os.chmod(token, 0o644)
    ini = tmp_path / "kiosk.ini"
    ini.write_text(f"[kiosk]\ntoken_file = {token}\n", encoding="utf-8")
    monkeypatch.setenv("KIOSK_CONFIG", str(ini))
    monkeypatch.delenv("KIOSK_KIOSK_TOKEN", raising=False)
    cfg = load_config()
    with pytest.raises(ConfigError, match="chmod 600"):
        cfg.token()
    os.chmod(token, 0o600)
    assert cfg.token() == "kiosk-a:secret"


@pytest.mark.parametrize("blank", ["\u200b", " \u200b\u200d ", "\ufeff", "\u3000\u200b"])
def test_required_field_of_invisible_characters_only_is_empty(blank):
    field = {"id": "name", "label": "姓名", "type": "text", "source": "typed", "required": True}
    problem = check(field, blank)
    assert problem is not None and problem.template == "请填写{label}"
