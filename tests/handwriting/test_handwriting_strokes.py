"""Stroke clean-up: malformed input refused clearly, taps dropped, dots kept, any pad size fitted."""
from __future__ import annotations

import math

import pytest

from kiosk.handwriting import strokes as g


@pytest.mark.parametrize("bad, words", [
    ([[(1, 2), (3,)]], "point 1 of stroke 0"),
    ([[(1, 2), ("x", 4)]], "point 1 of stroke 0"),
    ([[(1, 2)], [(float("nan"), 4)]], "not finite"),
    ([[(1, 2)], [(float("inf"), 4)]], "not finite"),
    (["abc"], "stroke 0 is a string"),
    ([[None]], "not an (x, y) pair"),
    ([[1, 2, 3]], "not an (x, y) pair"),
])
def test_malformed_points_raise_value_error_naming_the_point(bad, words):
    with pytest.raises(ValueError, match=words.replace("(", r"\(").replace(")", r"\)")):
        g.validate(bad)


def test_none_instead_of_strokes_is_refused():
    with pytest.raises(ValueError, match="None"):
        g.validate(None)


def test_endless_stroke_from_a_stuck_panel_is_refused():
    with pytest.raises(ValueError, match="more than"):
        g.validate([[(i, i) for i in range(g.MAX_POINTS + 2)]])


def test_tap_is_dropped_but_a_dot_of_a_character_is_kept():
    dot = [(100, 100), (112, 114)]          # 18 px: a 丶 in a 240 px character
    tap = [(300, 300), (301, 300), (300, 301)]  # a finger resting: 2 px
    stem = [(50, 20), (50, 260)]
    assert g.drop_tiny([stem, dot, tap]) == [stem, dot]


def test_lone_first_dot_counts_without_a_pad_size_and_a_tap_does_not_with_one():
    dot = [(100, 100), (103, 104)]
    assert g.drop_tiny([dot]) == [dot]
    assert g.drop_tiny([dot], box=(600, 600)) == []


def test_single_point_strokes_and_empty_strokes_are_dropped():
    assert g.drop_tiny([[(5, 5)], [], [(5, 5), (5, 5)]]) == []
    assert g.prepare([[(5, 5)], []]) == []
    assert g.prepare([]) == []


@pytest.mark.parametrize("scale, dx, dy", [(0.1, 0, 0), (1, 500, 20), (7.5, -3000, 900)])
def test_fit_puts_any_size_and_place_in_the_same_canvas_spot(scale, dx, dy):
    base = [[(0, 0), (100, 0)], [(50, 0), (50, 200)]]
    moved = [[(x * scale + dx, y * scale + dy) for x, y in s] for s in base]
    for a, b in zip(g.fit(base), g.fit(moved)):
        for p, q in zip(a, b):
            assert math.dist(p, q) < 1e-6


def test_fit_keeps_aspect_so_a_horizontal_stroke_stays_flat():
    (stroke,) = g.fit([[(10, 50), (400, 52)]])
    (x0, y0), (x1, y1) = stroke
    assert x1 - x0 == pytest.approx(g.CANVAS * (1 - 2 * g.MARGIN))
    assert abs(y1 - y0) < 2
    assert y0 == pytest.approx(g.CANVAS / 2, abs=2)


def test_resample_spaces_points_evenly_and_keeps_both_ends():
    pts = g.resample([(0, 0), (0, 1), (0, 2), (0, 100)], step=10)
    assert pts[0] == (0, 0) and pts[-1] == (0, 100)
    gaps = [math.dist(a, b) for a, b in zip(pts, pts[1:])]
    assert all(abs(d - 10) < 1e-9 for d in gaps)


def test_simplify_keeps_the_corner_and_drops_the_wobble():
    wobbly = [(x, (1 if x % 20 else -1)) for x in range(0, 200, 10)] + [(200, 0), (200, 200)]
    assert g.simplify(wobbly, tolerance=5) == [(0, -1), (200, 0), (200, 200)]


def test_prepare_gives_integer_polylines_inside_the_canvas():
    out = g.prepare([[(1000.5, 20.25), (1500, 20), (1500, 700)], [(1100, 300), (1400, 300)]], box=(2000, 2000))
    assert len(out) == 2
    for stroke in out:
        for x, y in stroke:
            assert isinstance(x, int) and isinstance(y, int)
            assert 0 <= x <= g.CANVAS and 0 <= y <= g.CANVAS
    assert len(out[0]) == 3  # the corner of 𠃍 survives
