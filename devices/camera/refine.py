"""Refine coarse page corners at full resolution: fit each side to its edge, then intersect sides."""
from __future__ import annotations

import cv2
import numpy as np

SAMPLES = 48


def _fit_side(gray: np.ndarray, p0: np.ndarray, p1: np.ndarray, reach: int) -> np.ndarray | None:
    """(point, direction) of the page edge near the side p0->p1, or None if the edge is not clear.

    The page is found by its brightness step along the outward normal; one sign is kept per side
    so a dark hand or a strip of clutter beside the page cannot pull single points to its edge,
    and the points that still disagree are dropped before the final least-squares fit.
    """
    d = p1 - p0
    length = float(np.linalg.norm(d))
    if length < 10:
        return None
    d = d / length
    n = np.array([d[1], -d[0]])  # outward for TL, TR, BR, BL order (clockwise on screen)
    t = np.linspace(0.06, 0.94, SAMPLES) * length
    o = np.arange(-reach, reach + 1, dtype=np.float32)
    tau = np.array([-2.0, 0.0, 2.0], np.float32)
    base = p0[None, :] + t[:, None] * d[None, :]                       # (K, 2)
    pts = (base[:, None, None, :] + tau[None, :, None, None] * d + o[None, None, :, None] * n)
    mx = pts[..., 0].reshape(-1, len(o)).astype(np.float32)
    my = pts[..., 1].reshape(-1, len(o)).astype(np.float32)
    prof = cv2.remap(gray, mx, my, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
    prof = prof.reshape(SAMPLES, len(tau), len(o)).astype(np.float32).mean(1)
    deriv = (prof[:, 2:] - prof[:, :-2]) / 2                            # at offsets o[1:-1]
    oo = o[1:-1]
    weight = 1 - 0.5 * (oo / reach) ** 2
    best = None
    for sign in (-1.0, 1.0):
        resp = sign * deriv * weight
        total = float(resp.max(1).clip(0).sum())
        if best is None or total > best[0]:
            best = (total, resp)
    resp = best[1]
    j = resp.argmax(1)
    peak = resp[np.arange(SAMPLES), j]
    ok = (peak > max(3.0, 0.35 * float(np.median(peak)))) & (j > 0) & (j < len(oo) - 1)
    if ok.sum() < SAMPLES * 0.35:
        return None
    jj = np.clip(j, 1, len(oo) - 2)
    a, b, c = (resp[np.arange(SAMPLES), jj - 1], resp[np.arange(SAMPLES), jj],
               resp[np.arange(SAMPLES), jj + 1])
    den = a - 2 * b + c
    sub = np.where(np.abs(den) > 1e-6, 0.5 * (a - c) / np.where(den == 0, 1, den), 0).clip(-1, 1)
    off = oo[jj] + sub
    edge = base + off[:, None] * n
    pts2 = edge[ok].astype(np.float32)
    line = cv2.fitLine(pts2, cv2.DIST_HUBER, 0, 0.01, 0.01).ravel()
    for _ in range(2):
        dirv, p = line[:2], line[2:]
        res = np.abs((pts2 - p) @ np.array([dirv[1], -dirv[0]]))
        sigma = 1.4826 * float(np.median(res)) + 1e-6
        keep = res < max(1.0, 2.5 * sigma)
        if keep.sum() < SAMPLES * 0.3:
            return None
        pts2 = pts2[keep]
        line = cv2.fitLine(pts2, cv2.DIST_L2, 0, 0.01, 0.01).ravel()
    return line


def _intersect(l1: np.ndarray, l2: np.ndarray) -> np.ndarray | None:
    d1, p1, d2, p2 = l1[:2], l1[2:], l2[:2], l2[2:]
    den = d1[0] * d2[1] - d1[1] * d2[0]
    if abs(den) < 1e-3:
        return None
    s = ((p2[0] - p1[0]) * d2[1] - (p2[1] - p1[1]) * d2[0]) / den
    return p1 + s * d1


def refine_corners(gray: np.ndarray, corners: np.ndarray, coarse_px: float) -> np.ndarray:
    """Corners moved onto the page edges found in the full-resolution grey image.

    coarse_px is the size of one analysis pixel in full-resolution pixels: it sets how far the
    search reaches and how far a corner may move (beyond that the coarse corner is kept).
    """
    q = np.asarray(corners, np.float64).reshape(4, 2)
    reach = int(np.ceil(2.5 * coarse_px)) + 2
    lines = []
    for i in range(4):
        fitted = _fit_side(gray, q[i], q[(i + 1) % 4], reach)
        if fitted is None:
            d = q[(i + 1) % 4] - q[i]
            fitted = np.concatenate([d / (np.linalg.norm(d) + 1e-9), q[i]])
        lines.append(np.asarray(fitted, np.float64))
    out = q.copy()
    for i in range(4):
        p = _intersect(lines[i - 1], lines[i])
        if p is not None and np.linalg.norm(p - q[i]) <= 3.5 * coarse_px:
            out[i] = p
    return out.astype(np.float32)
