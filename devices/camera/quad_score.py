"""Score many page candidates at once: edge support of each side, size, shape.

All candidates of a frame (a few hundred from contours and straight lines) are scored in one
vectorised pass, which is what keeps a 1600-px frame well inside the 60 ms budget.
"""
from __future__ import annotations

import numpy as np

MIN_AREA = 0.025       # of the frame
MAX_AREA = 0.985
SAMPLES = 24


def order_many(q: np.ndarray) -> np.ndarray:
    """(M, 4, 2) quads ordered TL, TR, BR, BL (clockwise on screen, from the corner nearest top-left)."""
    c = q.mean(1, keepdims=True)
    ang = np.arctan2(q[..., 1] - c[..., 1], q[..., 0] - c[..., 0])
    q = np.take_along_axis(q, np.argsort(ang, 1)[..., None], 1)
    start = np.argmin(q[..., 0] + q[..., 1], 1)
    idx = (start[:, None] + np.arange(4)[None, :]) % 4
    return np.take_along_axis(q, idx[..., None], 1)


def areas(q: np.ndarray) -> np.ndarray:
    x, y = q[..., 0], q[..., 1]
    return np.abs((x * np.roll(y, -1, 1) - y * np.roll(x, -1, 1)).sum(1)) / 2


def convex(q: np.ndarray) -> np.ndarray:
    """True where the ordered quad is convex (every turn the same way)."""
    e = np.roll(q, -1, 1) - q
    cross = e[..., 0] * np.roll(e, -1, 1)[..., 1] - e[..., 1] * np.roll(e, -1, 1)[..., 0]
    return (cross > 0).all(1) | (cross < 0).all(1)


STEP_OFFSET = 3.0      # px either side of a side where the two colours are compared
STEP_MIN = 12.0        # summed |Lab| difference that makes a side a boundary, not a printed line


def side_support(gx: np.ndarray, gy: np.ndarray, q: np.ndarray, thr: float,
                 lab: np.ndarray | None = None) -> np.ndarray:
    """(M, 4) share of points along each side sitting on an edge that runs along the side.

    Only the gradient across the side counts, so wood grain or text crossing a wrong candidate's
    side at an angle does not support it. With `lab` (the blurred frame in Lab) a point counts in
    full only where the colours a few pixels either side differ too, and half otherwise: a page
    edge separates page from desk, while a ruled line inside the page (a table, a text block's
    frame) has paper on both sides; a faint real edge (white card on white paper) keeps half.
    """
    h, w = gx.shape
    p0, p1 = q, np.roll(q, -1, 1)                                # (M, 4, 2)
    d = p1 - p0
    d = d / (np.linalg.norm(d, axis=-1, keepdims=True) + 1e-9)
    nrm = np.stack([d[..., 1], -d[..., 0]], -1)                  # (M, 4, 2)
    t = np.linspace(0.06, 0.94, SAMPLES)
    p = p0[:, :, None, :] + (p1 - p0)[:, :, None, :] * t[None, None, :, None]   # (M, 4, S, 2)
    inside = (p[..., 0] >= 1) & (p[..., 0] <= w - 2) & (p[..., 1] >= 1) & (p[..., 1] <= h - 2)
    best = np.zeros(p.shape[:3], np.float32)
    for k in (-1.0, 0.0, 1.0):
        r = p + k * nrm[:, :, None, :]
        xi = np.clip(np.rint(r[..., 0]).astype(np.intp), 0, w - 1)
        yi = np.clip(np.rint(r[..., 1]).astype(np.intp), 0, h - 1)
        g = np.abs(gx[yi, xi] * nrm[:, :, None, 0] + gy[yi, xi] * nrm[:, :, None, 1])
        np.maximum(best, g, out=best)
    on = (best > thr) & inside
    if lab is not None:
        def at(r):
            xi = np.clip(np.rint(r[..., 0]).astype(np.intp), 0, w - 1)
            yi = np.clip(np.rint(r[..., 1]).astype(np.intp), 0, h - 1)
            return lab[yi, xi]
        off = STEP_OFFSET * nrm[:, :, None, :]
        diff = np.abs(at(p + off) - at(p - off)).sum(-1)
        return 0.5 * on.mean(2) + 0.5 * (on & (diff > STEP_MIN)).mean(2)
    return on.mean(2)


def angles_ok(q: np.ndarray) -> np.ndarray:
    """1 for a rectangle, falling to 0 as interior angles leave 90 +- 45 degrees."""
    u = np.roll(q, 1, 1) - q
    v = np.roll(q, -1, 1) - q
    cos = np.abs((u * v).sum(-1)) / (np.linalg.norm(u, axis=-1) * np.linalg.norm(v, axis=-1) + 1e-9)
    return np.clip(1.0 - cos.max(1) / 0.7, 0.0, None)


def score(q: np.ndarray, gx: np.ndarray, gy: np.ndarray, thr: float,
          lab: np.ndarray | None = None) -> np.ndarray:
    """(M,) score of ordered quads: well-supported sides, a large area and square corners win.

    Size counts by the square root of the area share (the page's linear size), so a card filling a
    fifth of the frame beats the photo printed on it, without a desk-wide quad of half-supported
    clutter lines beating the card.
    """
    area_total = float(gx.shape[0] * gx.shape[1])
    out = np.zeros(len(q))
    if not len(q):
        return out
    frac = areas(q) / area_total
    sides = np.linalg.norm(q - np.roll(q, -1, 1), axis=-1)
    ok = convex(q) & (frac >= MIN_AREA) & (frac <= MAX_AREA) & (sides.min(1) >= 0.2 * sides.max(1))
    if not ok.any():
        return out
    qq = q[ok]
    sup = side_support(gx, gy, qq, thr, lab)
    out[ok] = (sup.mean(1) ** 2 * (0.4 + 0.6 * sup.min(1)) * np.sqrt(frac[ok])
               * (0.5 + 0.5 * angles_ok(qq)))
    return out
