"""Stroke clean-up before recognition: validate, drop accidental taps, fit the model's canvas, simplify."""
from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

Point = tuple[float, float]
Stroke = list[Point]

#: zinnia normalises by the canvas we declare; 300x300 is what its own examples use.
CANVAS = 300
#: Blank border (share of the canvas) around the fitted character, as in the training data.
MARGIN = 0.1
#: A stroke shorter than this share of the writing box is a slip of the finger, not a 点:
#: the shortest real strokes (dots in 服 梅 林) measure 7-10 % of the character.
MIN_STROKE = 0.03
#: Resampling step, as a share of the canvas: evens out touch panels that report 30 or 300 points/s.
STEP = 0.02
#: Douglas-Peucker tolerance, as a share of the canvas. zinnia splits a stroke at every bend it sees,
#: and the model was trained on corner-to-corner polylines, so a wobbly finger stroke must be reduced
#: to its corners first (measured: 0.067 gives the best top-1 on the fixture set).
SIMPLIFY = 0.067
#: More strokes than any hanzi has (the most complex GB2312 characters have about 30): garbage.
MAX_STROKES = 40
#: Points one stroke may carry before we refuse it (a stuck touch panel can stream forever).
MAX_POINTS = 10_000


def validate(strokes: Iterable[Iterable[Sequence[float]]]) -> list[Stroke]:
    """Turn the widget's strokes into float point lists, or raise ValueError saying what is wrong,
    so a bad caller learns at once instead of zinnia crashing on it later."""
    if strokes is None:
        raise ValueError("strokes must be a list of strokes, got None")
    out: list[Stroke] = []
    for sid, stroke in enumerate(strokes):
        if isinstance(stroke, (str, bytes)):
            raise ValueError(f"stroke {sid} is a string, not a list of (x, y) points")
        points: Stroke = []
        for i, point in enumerate(stroke):
            try:
                x, y = point
                fx, fy = float(x), float(y)
            except (TypeError, ValueError) as exc:
                raise ValueError(f"point {i} of stroke {sid} is not an (x, y) pair: {point!r}") from exc
            if not (math.isfinite(fx) and math.isfinite(fy)):
                raise ValueError(f"point {i} of stroke {sid} is not finite: {point!r}")
            points.append((fx, fy))
            if len(points) > MAX_POINTS:
                raise ValueError(f"stroke {sid} has more than {MAX_POINTS} points")
        out.append(points)
    return out


def path_length(stroke: Sequence[Point]) -> float:
    """Length along the stroke; a tap has length 0 however many points it reports."""
    return sum(math.dist(a, b) for a, b in zip(stroke, stroke[1:]))


def _bbox(strokes: Sequence[Stroke]) -> tuple[float, float, float, float]:
    xs = [x for s in strokes for x, _ in s]
    ys = [y for s in strokes for _, y in s]
    return min(xs), min(ys), max(xs), max(ys)


def drop_tiny(strokes: Sequence[Stroke], box: tuple[float, float] | None = None,
              min_stroke: float = MIN_STROKE) -> list[Stroke]:
    """Remove accidental touches: strokes shorter than min_stroke of the writing box (the widget's
    size when given, else the character's own extent, so a lone first 丶 still counts)."""
    strokes = [s for s in strokes if s]
    if not strokes:
        return []
    if box is not None:
        ref = max(box)
    else:
        x0, y0, x1, y1 = _bbox(strokes)
        ref = max(x1 - x0, y1 - y0)
    if ref <= 0:
        return []
    return [s for s in strokes if len(s) >= 2 and path_length(s) >= min_stroke * ref]


def fit(strokes: Sequence[Stroke], canvas: int = CANVAS, margin: float = MARGIN) -> list[Stroke]:
    """Scale and centre the character in the model's canvas keeping its aspect ratio, so a character
    written small in a corner of a large pad looks like one written in the middle (一 stays flat)."""
    x0, y0, x1, y1 = _bbox(strokes)
    w, h = x1 - x0, y1 - y0
    inner = canvas * (1 - 2 * margin)
    scale = inner / max(w, h) if max(w, h) > 0 else 1.0
    ox = (canvas - w * scale) / 2
    oy = (canvas - h * scale) / 2
    return [[((x - x0) * scale + ox, (y - y0) * scale + oy) for x, y in s] for s in strokes]


def resample(stroke: Sequence[Point], step: float) -> Stroke:
    """Points at equal arc-length spacing (ends kept), so point density no longer depends on the panel."""
    if len(stroke) < 2 or step <= 0:
        return list(stroke)
    out = [stroke[0]]
    carry = 0.0
    for a, b in zip(stroke, stroke[1:]):
        seg = math.dist(a, b)
        if seg == 0:
            continue
        t = step - carry
        while t <= seg:
            out.append((a[0] + (b[0] - a[0]) * t / seg, a[1] + (b[1] - a[1]) * t / seg))
            t += step
        carry = seg - (t - step)
    if out[-1] != stroke[-1]:
        out.append(stroke[-1])
    return out


def simplify(stroke: Sequence[Point], tolerance: float) -> Stroke:
    """Douglas-Peucker: keep the corners, drop the wobble (iterative, so long strokes cannot recurse deep)."""
    n = len(stroke)
    if n < 3:
        return list(stroke)
    keep = [False] * n
    keep[0] = keep[-1] = True
    stack = [(0, n - 1)]
    while stack:
        first, last = stack.pop()
        (ax, ay), (bx, by) = stroke[first], stroke[last]
        dx, dy = bx - ax, by - ay
        norm = math.hypot(dx, dy)
        best, best_i = -1.0, first
        for i in range(first + 1, last):
            px, py = stroke[i]
            d = (abs(dy * px - dx * py + bx * ay - by * ax) / norm if norm
                 else math.hypot(px - ax, py - ay))
            if d > best:
                best, best_i = d, i
        if best > tolerance:
            keep[best_i] = True
            stack.append((first, best_i))
            stack.append((best_i, last))
    return [p for p, k in zip(stroke, keep) if k]


def prepare(strokes: Iterable[Iterable[Sequence[float]]], box: tuple[float, float] | None = None,
            canvas: int = CANVAS) -> list[list[tuple[int, int]]]:
    """The whole clean-up: widget strokes in any coordinates -> integer polylines in the model canvas.
    Empty when nothing drawable is left (only taps); ValueError for malformed input."""
    clean = drop_tiny(validate(strokes), box)
    if not clean:
        return []
    out = []
    for stroke in fit(clean, canvas):
        poly = simplify(resample(stroke, STEP * canvas), SIMPLIFY * canvas)
        ints = [(round(x), round(y)) for x, y in poly]
        out.append([p for i, p in enumerate(ints) if i == 0 or p != ints[i - 1]] or ints[:1])
    return out
