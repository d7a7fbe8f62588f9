"""Quality checks and auto-capture: each problem found on a scene built to have it, not on a clean one."""
from __future__ import annotations

import numpy as np
import pytest

from devices.camera import AutoCapture, MESSAGES, assess, detect_page, make_scene

CLEAN = dict(shadow=False, glare=False, hand=False)


def _problems(seed, kind="cluttered", **kw):
    scene = make_scene(seed, kind, **(CLEAN | kw))
    return assess(scene.image, detect_page(scene.image)).problems


@pytest.mark.parametrize("kind", ["cluttered", "light"])
def test_clean_scene_has_no_problems(kind):
    for seed in (31, 32):
        assert _problems(seed, kind) == []


@pytest.mark.parametrize("code,opts", [
    ("blurry", dict(blur=3.5)),
    ("glare", dict(glare=True)),
    ("dark", dict(dark=True)),
    ("too_small", dict(fill=0.42)),
])
def test_each_problem_is_detected_on_a_scene_that_has_it(code, opts):
    for seed in (31, 32):
        assert code in _problems(seed, "cluttered", **opts)


def test_page_over_the_frame_edge_is_reported_cut_off():
    assert "cut_off" in _problems(1, "cluttered", cut=True)
    assert "cut_off" in _problems(1, "light", cut=True)


def test_every_problem_has_chinese_and_english_words():
    for code, (zh, en) in MESSAGES.items():
        assert any("\u4e00" <= ch <= "\u9fff" for ch in zh), code
        assert en and en.isascii() is not None


def test_auto_capture_waits_for_steady_frames():
    scene = make_scene(33, "cluttered", **CLEAN)
    ac = AutoCapture(steady_frames=3)
    states = [ac.feed(scene.image).state for _ in range(3)]
    assert states == ["holding", "holding", "captured"]
    assert ac.feed(scene.image).state == "captured"  # no second shot of the same page


def test_auto_capture_restarts_count_when_the_page_moves():
    scene = make_scene(34, "light", **CLEAN)
    shifted = np.roll(scene.image, 40, axis=1)
    ac = AutoCapture(steady_frames=3)
    seq = [scene.image, scene.image, shifted, shifted, shifted]
    out = [ac.feed(f) for f in seq]
    assert [d.state for d in out] == ["holding", "holding", "holding", "holding", "captured"]
    assert out[0].messages()[0]["code"] == "hold_still"
    assert out[-1].image is not None


def test_auto_capture_never_fires_on_a_blurred_page():
    scene = make_scene(35, "cluttered", blur=3.5, **CLEAN)
    ac = AutoCapture(steady_frames=2)
    decisions = [ac.feed(scene.image) for _ in range(4)]
    assert all(d.state == "adjust" and "blurry" in d.problems for d in decisions)
