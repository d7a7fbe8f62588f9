"""Handwriting and address type-ahead on the on-screen keyboard, through the real widgets under Xvfb:
the tour draws 王 with touch events on the pad and types "cj" in an address (screens/tour_access.py)."""
from __future__ import annotations

import pytest

from hanzi import screens_show_hanzi
from support import run_tour

pytestmark = pytest.mark.timeout(300)


@pytest.fixture(scope="module")
def run(xvfb_display, tmp_path_factory):
    out = tmp_path_factory.mktemp("keyboard")
    return out / "shots", run_tour(xvfb_display, out, "keyboard_access")


@pytest.fixture(scope="module")
def tour(run):
    return run[1]["checks"]


def test_the_keyboard_screens_show_hanzi_not_boxes(run):
    assert screens_show_hanzi(*run)


def test_strokes_drawn_on_the_pad_offer_the_written_hanzi_and_choosing_it_fills_the_field(tour):
    hw = tour["handwriting"]
    assert hw["strokes_on_pad"] == 4
    assert hw["candidates"][0] == "王"
    assert hw["value"] == "王" and hw["form_value"] == "王"
    assert hw["strokes_after_choice"] == 0          # the pad clears for the next character


def test_handwriting_pad_is_wide_and_recognition_does_not_hold_up_the_screen(tour):
    hw = tour["handwriting"]
    assert hw["pad_width_dp"] >= 600
    # One recognition per stroke, each on the worker (timed): how long they take is bench/handwriting.py's.
    assert len(hw["recognition_ms"]) == 4 and all(ms > 0 for ms in hw["recognition_ms"])


def test_a_wipe_clears_half_written_strokes_and_closes_the_keyboard(tour):
    hw = tour["handwriting"]
    assert hw["strokes_before_wipe"] == 2
    assert hw["after_wipe"] == {"strokes": 0, "on_pad": 0, "value": "", "panel_open": False}


def test_initials_offer_the_whole_place_name_and_one_tap_puts_it_in(tour):
    places = tour["places"]
    assert places["offered"][0] == "广东省梅州市梅县区程江镇"
    assert places["after_tap"] == "广东省梅州市梅县区程江镇"
    assert places["form_value"] == "广东省梅州市梅县区程江镇扶大路18号"
