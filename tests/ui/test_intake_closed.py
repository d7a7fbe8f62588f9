"""A kiosk whose outbox could not take an application says so at the theme tap, on the real widgets under
Xvfb: the outbox limit is set below the room one application needs (a real setting, no fault faked)."""
from __future__ import annotations

import json

from support import kiosk_env, run_kiosk


def test_theme_tap_says_go_to_a_window_when_the_outbox_cannot_take_an_application(xvfb_display, tmp_path):
    env = kiosk_env(xvfb_display, tmp_path / "data", KIOSK_KIOSK_OUTBOX_MAX_MB="1")
    result = run_kiosk("tour", "--out", str(tmp_path / "shots"), "--journey", "intake_closed", env=env, timeout=300)
    index = json.loads((tmp_path / "shots" / "index.json").read_text(encoding="utf-8"))
    assert result.returncode == 0 and index["error"] is None, index["error"] or result.stderr[-3000:]
    closed = index["checks"]["intake_closed"]
    assert "outbox full" in closed["problem"]
    assert closed["step"] == "home" and closed["theme"] is None       # no journey began
    assert "本机暂时不能受理新申请" in closed["texts"]
