"""The UI benchmarks' cheap paths (the full runs are `make bench`, never `make test`): the start-up
comparison measures both processes for real; the journey report is checked on a small recorded result."""
from __future__ import annotations

import sys

import pytest

from support import ROOT

sys.path.insert(0, str(ROOT))
from bench import journeys, startup  # noqa: E402

pytestmark = pytest.mark.timeout(300)


def test_startup_benchmark_times_the_kiosk_and_the_bare_app_to_their_first_frame():
    m = startup.measure(1)
    for mode in ("fullscreen", "window"):
        r = m[mode]
        assert len(r["kiosk"]) == len(r["bare"]) == len(r["home"]) == 1
        assert 0 < r["bare"][0] < 60 and 0 < r["kiosk"][0] < r["home"][0] < 60
    text = startup.report(m)
    assert text.startswith("## Cold start") and "kiosk / bare median" in text and "home drawn" in text


def test_journey_report_gives_screen_change_percentiles_taps_and_memory_growth():
    taps = ["(touch the attract screen)", "theme_5", "start", "simulate_card", "identify_confirm",
            "field_phone", "key_1", "key_3", "input_done", "form_next", "capture_x", "materials_next",
            "check_next", "consent_agree", "done_finish"]
    results = {"press_to_frame_ms": [40.0, 60.0, 80.0, 500.0], "go_to_frame_ms": [30.0, 50.0, 70.0, 450.0, 20.0],
               "changes": ["home→notice", "notice→identify", "identify→form", "form→materials"],
               "rss_kib": [800 * 1024, 810 * 1024, 880 * 1024], "journey_s": [60.0, 55.0, 57.0],
               "taps": [taps] * 3, "error": None}
    text = journeys.report(results)
    assert "| tap → new screen drawn | 4 | **70** | 500 | 500 |" in text
    assert f"**{len(taps)} taps**" in text
    assert "| phone | 4 | 0 |" in text
    assert "| 800 MiB | 880 MiB | **+10.0%** |" in text
