"""Staff mode's rules: the salted PIN hash, the lockout, the hidden gesture, and `kiosk staff set-pin`."""
from __future__ import annotations

import logging
import os

from kiosk.commands.staff import set_ini_value
from kiosk.config import load_config
from kiosk.staff import DISABLED, LOCKED, OK, WRONG, PinGate, TapGesture, hash_pin, verify_pin
from support import run_kiosk


def test_pin_hash_is_salted_and_verifies_only_the_right_pin():
    a, b = hash_pin("2468"), hash_pin("2468")
    assert a != b and "2468" not in a
    assert verify_pin("2468", a) and verify_pin("2468", b)
    assert not verify_pin("2469", a) and not verify_pin("", a) and not verify_pin("2468", "garbage")


def test_five_wrong_pins_lock_the_pad_for_five_minutes_even_against_the_right_pin(caplog):
    gate = PinGate(hash_pin("2468"))
    with caplog.at_level(logging.INFO, logger="kiosk.staff"):
        assert [gate.check("1111", 100.0 + i) for i in range(5)] == [WRONG] * 4 + [LOCKED]
        assert gate.check("2468", 110.0) == LOCKED                 # locked: the right PIN is not taken
        assert gate.check("2468", 104.0 + 299.0) == LOCKED
        assert gate.check("2468", 104.0 + 300.0) == OK
    text = "\n".join(r.getMessage() for r in caplog.records)
    assert "1111" not in text and "2468" not in text and "locked" in text and "entered" in text


def test_a_right_pin_resets_the_count_of_wrong_ones():
    gate = PinGate(hash_pin("2468"))
    for _ in range(4):
        assert gate.check("0000", 1.0) == WRONG
    assert gate.check("2468", 2.0) == OK
    assert [gate.check("0000", 3.0) for _ in range(4)] == [WRONG] * 4


def test_staff_mode_is_off_without_a_valid_hash():
    assert PinGate("").check("2468", 1.0) == DISABLED
    assert PinGate("pbkdf2_sha256$nonsense").check("2468", 1.0) == DISABLED


def test_five_taps_within_three_seconds_and_no_fewer_or_slower():
    g = TapGesture()
    assert not any(g.tap(t) for t in (0.0, 0.5, 1.0, 1.5))
    assert g.tap(2.0)
    slow = TapGesture()
    assert not any(slow.tap(t) for t in (0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0))


def test_set_pin_writes_the_hash_into_the_config_file_keeping_the_rest(tmp_path):
    ini = tmp_path / "kiosk.ini"
    ini.write_text("; the hall's kiosk\n[kiosk]\nid = mx-hall-01 ; front door\n", encoding="utf-8")
    env = {**os.environ, "KIOSK_CONFIG": str(ini)}
    env.pop("KIOSK_STAFF_PIN_HASH", None)
    result = run_kiosk("staff", "set-pin", "--pin-stdin", env=env, input="735911\n")
    assert result.returncode == 0, result.stderr
    text = ini.read_text(encoding="utf-8")
    assert text.startswith("; the hall's kiosk\n[kiosk]\nid = mx-hall-01 ; front door\n") and "735911" not in text
    stored = load_config(ini, environ={}).get("staff", "pin_hash")
    assert verify_pin("735911", stored) and not verify_pin("735912", stored)
    assert run_kiosk("staff", "set-pin", "--pin-stdin", env=env, input="12ab\n").returncode == 1


def test_set_pin_prints_the_line_when_there_is_no_config_file(tmp_path):
    env = {**os.environ, "KIOSK_CONFIG": str(tmp_path / "missing.ini")}
    result = run_kiosk("staff", "set-pin", "--pin-stdin", env=env, input="2468\n")
    assert result.returncode == 0 and "[staff]\npin_hash = pbkdf2_sha256$" in result.stdout
    assert not (tmp_path / "missing.ini").exists()


def test_set_ini_value_replaces_inside_its_section_only():
    text = "[staff]\npin_hash = old\n[other]\npin_hash = keep\n"
    assert set_ini_value(text, "staff", "pin_hash", "new") == "[staff]\npin_hash = new\n[other]\npin_hash = keep\n"
