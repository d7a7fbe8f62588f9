"""Writing as a person would: real stroke medians scaled, shifted and jittered, for tests and the benchmark."""
from __future__ import annotations

import json
import math
import random
from pathlib import Path

Strokes = list[list[tuple[float, float]]]


def load_medians(path: str | Path) -> dict[str, Strokes]:
    """char -> strokes from a fixture file written by tests/handwriting/fixtures/make_fixtures.py."""
    doc = json.loads(Path(path).read_text(encoding="utf-8"))
    return {ch: [[(float(x), float(y)) for x, y in s] for s in strokes]
            for ch, strokes in doc["characters"].items()}


def densify(strokes: Strokes, spacing: float) -> Strokes:
    """Points every `spacing` units along each stroke: medians carry a handful of points, a touch panel
    reports dozens, and jitter only looks like a wobbly finger when applied to many points."""
    out = []
    for stroke in strokes:
        pts = [stroke[0]]
        for a, b in zip(stroke, stroke[1:]):
            n = max(1, int(math.dist(a, b) // spacing))
            pts.extend((a[0] + (b[0] - a[0]) * k / n, a[1] + (b[1] - a[1]) * k / n) for k in range(1, n + 1))
        out.append(pts)
    return out


def distort(strokes: Strokes, rng: random.Random, scale: float = 1.0, shift: tuple[float, float] = (0, 0),
            jitter: float = 0.0, squash: float = 1.0) -> Strokes:
    """Scale (and squash vertically), shift, then add uniform jitter of up to `jitter` units per point
    (after scaling, so jitter is in the pad's pixels, as a finger's tremor is)."""
    return [[(x * scale + shift[0] + rng.uniform(-jitter, jitter),
              y * scale * squash + shift[1] + rng.uniform(-jitter, jitter)) for x, y in s] for s in strokes]


def variants(strokes: Strokes, seed: int, count: int) -> list[tuple[str, Strokes]]:
    """`count` reproducible distorted copies, as written on pads from 200 to 900 px with a shaky hand:
    jitter up to 1.5 % of the character's size, a character off-centre and slightly squashed."""
    rng = random.Random(seed)
    dense = densify(strokes, 16.0)
    out = []
    for k in range(count):
        scale = rng.uniform(0.2, 0.9)
        shift = (rng.uniform(0, 300), rng.uniform(0, 300))
        jitter = rng.uniform(0.005, 0.015) * 1024 * scale
        squash = rng.uniform(0.85, 1.15)
        label = f"scale {scale:.2f} shift ({shift[0]:.0f},{shift[1]:.0f}) jitter {jitter:.1f}px squash {squash:.2f}"
        out.append((label, distort(dense, rng, scale, shift, jitter, squash)))
    return out
