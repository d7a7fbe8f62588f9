"""Landscape (1920x1080): the theme-5 journey runs from idle to ticket, and on every screen each button is
fully on screen and no label's text is bigger than its box (cut off or spilling over its neighbours)."""
from __future__ import annotations

import json

import pytest

from support import private_display, run_tour

pytestmark = pytest.mark.timeout(1200)   # one journey through the real UI, typing on the on-screen keyboard
SLACK = 2   # px: texture sizes round up


@pytest.fixture(scope="module")
def landscape_display():
    """An Xvfb screen the size of a landscape kiosk: `fullscreen = auto` makes the window fill it."""
    with private_display("1920x1080x24") as display:
        yield display


@pytest.fixture(scope="module")
def landscape_tour(landscape_display, tmp_path_factory):
    out = tmp_path_factory.mktemp("landscape")
    index = run_tour(landscape_display, out, "birth_with_card", size="1920x1080", timeout=1100)
    screens = [e for e in index["entries"] if e["kind"] == "screen"]
    return [(e, json.loads((out / "shots" / (e["file"] + ".json")).read_text(encoding="utf-8"))) for e in screens]


def off_screen_buttons(shot: dict) -> list[str]:
    w, h = shot["size"]
    return [f"{lb['name'] or lb['text']!r} at ({lb['x']:.0f}, {lb['y']:.0f}) {lb['width']:.0f}x{lb['height']:.0f}"
            for lb in shot["labels"] if lb.get("button") and not (
                lb["x"] >= -SLACK and lb["y"] >= -SLACK and lb["x"] + lb["width"] <= w + SLACK
                and lb["y"] + lb["height"] <= h + SLACK)]


def overflowing_labels(shot: dict) -> list[str]:
    return [f"{lb['text'][:30]!r}: text {lb['texture_width']:.0f}x{lb['texture_height']:.0f} in a "
            f"{lb['width']:.0f}x{lb['height']:.0f} box"
            for lb in shot["labels"]
            if lb["texture_width"] > lb["width"] + SLACK or lb["texture_height"] > lb["height"] + SLACK]


def test_landscape_birth_journey_reaches_the_ticket_in_a_1920x1080_window(landscape_tour):
    whats = [e["what"] for e, _shot in landscape_tour]
    assert whats[0] == "attract" and whats[-1] == "done"
    assert {"notice", "identify", "form-filled", "materials", "check-answers", "consent"} <= set(whats)
    assert all(shot["size"] == [1920, 1080] for _e, shot in landscape_tour)


def test_landscape_every_button_is_fully_on_screen(landscape_tour):
    problems = {e["file"]: off_screen_buttons(shot) for e, shot in landscape_tour}
    assert not {k: v for k, v in problems.items() if v}
    assert sum(lb.get("button", False) for _e, shot in landscape_tour for lb in shot["labels"]) > 30


def test_landscape_no_label_text_overflows_its_box(landscape_tour):
    problems = {e["file"]: overflowing_labels(shot) for e, shot in landscape_tour}
    assert not {k: v for k, v in problems.items() if v}


def test_the_layout_checks_catch_a_button_off_screen_and_an_overflowing_label():
    shot = {"size": [1920, 1080], "labels": [
        {"text": "下一步", "name": "next", "button": True, "x": 1800, "y": 10, "width": 300, "height": 80,
         "texture_width": 90, "texture_height": 30},
        {"text": "很长的说明" * 20, "name": "", "button": False, "x": 0, "y": 500, "width": 400, "height": 40,
         "texture_width": 1600, "texture_height": 30}]}
    assert len(off_screen_buttons(shot)) == 1
    assert len(overflowing_labels(shot)) == 1


def test_landscape_done_screen_shows_the_ticket_qr_caption_and_finish_without_scrolling(landscape_tour):
    """visible_labels leaves out what is scrolled out of view: all of it must be there as the screen opens."""
    done = [shot for e, shot in landscape_tour if e["what"] == "done"][-1]
    names = {lb["name"] for lb in done["labels"]}
    texts = " ".join(lb["text"] for lb in done["labels"])
    assert "done_finish" in names
    assert "手机扫码查看各部门办理进度" in texts and "您的排队号" in texts and "您的受理回执" in texts
