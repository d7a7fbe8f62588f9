"""Page candidates from straight edges: quads whose four sides lie on long line segments.

Contours fail on real photos when the page touches clutter of the same brightness (a card on a
keyboard, a hand holding it): the outline never closes, and the best closed shape left is a
rectangle inside the page (its photo, a text block). The page's sides are still long straight
edges, so here the line segments (LSD) are merged into lines, every pair of roughly parallel
lines is paired with every other such pair, and each of the resulting quads is ranked by how much
of each side is covered by edge pixels, all with prefix sums so thousands of quads cost little.
"""
from __future__ import annotations

import cv2
import numpy as np

MAX_LINES = 28           # longest merged lines kept
MIN_SEG = 10.0           # shortest segment used, analysis pixels
MERGE_ANGLE = np.deg2rad(4.0)
MERGE_DIST = 2.5         # px between a segment and the line it joins
PARALLEL = np.deg2rad(32.0)   # opposite sides of a page seen in perspective
CROSS = np.deg2rad(50.0)      # adjacent sides at least this far from parallel
TOP = 40                 # candidates returned
LSD_SCALE = 0.8          # LSD works on a half-size copy: long page sides survive, texture does not


def _segments(gray: np.ndarray) -> np.ndarray:
    """(N, 4) segments x0 y0 x1 y1 from LSD, short ones dropped."""
    lsd = cv2.createLineSegmentDetector(cv2.LSD_REFINE_STD, LSD_SCALE)
    segs = lsd.detect(gray)[0]
    if segs is None:
        return np.zeros((0, 4), np.float32)
    segs = segs.reshape(-1, 4)
    length = np.hypot(segs[:, 2] - segs[:, 0], segs[:, 3] - segs[:, 1])
    return segs[length >= MIN_SEG]


def _merge(segs: np.ndarray) -> list[tuple[np.ndarray, np.ndarray, float]]:
    """Lines (unit normal n, offset c with n.p = c, total segment length), longest first.

    Greedy: the longest unassigned segment starts a line; segments at the same angle lying on it
    (collinear pieces broken by a finger, glare or a printed border) join it.
    """
    d = segs[:, 2:] - segs[:, :2]
    length = np.hypot(d[:, 0], d[:, 1])
    ang = np.arctan2(d[:, 1], d[:, 0]) % np.pi
    mid = (segs[:, :2] + segs[:, 2:]) / 2
    order = np.argsort(-length)
    used = np.zeros(len(segs), bool)
    lines = []
    for i in order:
        if used[i]:
            continue
        n = np.array([-np.sin(ang[i]), np.cos(ang[i])])
        c = float(n @ mid[i])
        da = np.abs((ang - ang[i] + np.pi / 2) % np.pi - np.pi / 2)
        e0 = np.abs(segs[:, :2] @ n - c)
        e1 = np.abs(segs[:, 2:] @ n - c)
        member = ~used & (da < MERGE_ANGLE) & (e0 < MERGE_DIST) & (e1 < MERGE_DIST)
        member[i] = True
        used |= member
        pts = np.concatenate([segs[member, :2], segs[member, 2:]]).astype(np.float64)
        w = np.repeat(length[member], 1)
        w = np.concatenate([w, w])
        centre = (pts * w[:, None]).sum(0) / w.sum()
        cov = ((pts - centre) * w[:, None]).T @ (pts - centre)
        evals, evecs = np.linalg.eigh(cov)
        n = evecs[:, 0]   # smallest spread = the normal
        lines.append((n, float(n @ centre), float(length[member].sum())))
        if len(lines) >= MAX_LINES * 3:
            break
    lines.sort(key=lambda x: -x[2])
    return lines[:MAX_LINES]


def _coverage(edge: np.ndarray, n: np.ndarray, c: float, ext: int) -> tuple[np.ndarray, np.ndarray]:
    """Along the line: origin point and a prefix sum of 'on an edge' at 1-px steps over [-ext, ext]."""
    h, w = edge.shape
    dvec = np.array([n[1], -n[0]])
    origin = n * c
    t = np.arange(-ext, ext + 1, dtype=np.float64)
    p = origin[None, :] + t[:, None] * dvec[None, :]
    xi = np.rint(p[:, 0]).astype(int)
    yi = np.rint(p[:, 1]).astype(int)
    inside = (xi >= 0) & (xi < w) & (yi >= 0) & (yi < h)
    on = np.zeros(len(t), np.float64)
    on[inside] = edge[yi[inside], xi[inside]]
    return origin, np.concatenate([[0.0], np.cumsum(on)])


def line_quads(gray: np.ndarray, edge: np.ndarray) -> list[tuple[np.ndarray, float]]:
    """Up to TOP quads (4x2 float32, in line order, not yet TL-first) with a side-coverage rank.

    `edge` is a 0/1 map of pixels on an edge (thickened by a pixel so a side one pixel off still
    counts).
    """
    segs = _segments(gray)
    if len(segs) < 4:
        return []
    lines = _merge(segs)
    k = len(lines)
    if k < 4:
        return []
    h, w = gray.shape
    ext = int(np.hypot(h, w)) + 2
    N = np.array([ln[0] for ln in lines])            # (k, 2)
    C = np.array([ln[1] for ln in lines])            # (k,)
    D = np.stack([N[:, 1], -N[:, 0]], 1)             # directions
    origins, prefix = zip(*(_coverage(edge, N[i], C[i], ext) for i in range(k)))
    origins = np.array(origins)
    prefix = np.array(prefix)                        # (k, 2*ext+2)
    # intersections of every pair and where each lies along both lines
    det = N[:, None, 0] * N[None, :, 1] - N[:, None, 1] * N[None, :, 0]
    ok = np.abs(det) > 1e-6
    sdet = np.where(ok, det, 1.0)
    px = (C[:, None] * N[None, :, 1] - N[:, None, 1] * C[None, :]) / sdet
    py = (N[:, None, 0] * C[None, :] - C[:, None] * N[None, :, 0]) / sdet
    P = np.stack([px, py], -1)                       # (k, k, 2)
    T = ((P - origins[:, None, :]) * D[:, None, :]).sum(-1)   # param of P[a,b] along line a
    cosang = np.abs(D @ D.T)
    par = (cosang > np.cos(PARALLEL))
    cross = (cosang < np.cos(CROSS)) & ok
    ia, ib = np.nonzero(np.triu(par, 1))
    if len(ia) < 2:
        return []
    # pairs of parallel pairs: (a, b) opposite, (c, d) opposite, every a/b crossing every c/d
    pa, pb = np.meshgrid(np.arange(len(ia)), np.arange(len(ia)), indexing="ij")
    sel = pa < pb
    pa, pb = pa[sel], pb[sel]
    a, b, c, d = ia[pa], ib[pa], ia[pb], ib[pb]
    good = cross[a, c] & cross[a, d] & cross[b, c] & cross[b, d]
    a, b, c, d = a[good], b[good], c[good], d[good]
    if len(a) == 0:
        return []
    # corners in order around the quad: a∩c, c∩b, b∩d, d∩a
    q = np.stack([P[a, c], P[c, b], P[b, d], P[d, a]], 1)    # (m, 4, 2)
    margin = 0.03 * max(h, w)
    inframe = ((q[..., 0] > -margin) & (q[..., 0] < w - 1 + margin) &
               (q[..., 1] > -margin) & (q[..., 1] < h - 1 + margin)).all(1)
    x, y = q[..., 0], q[..., 1]
    area = np.abs((x * np.roll(y, -1, 1) - y * np.roll(x, -1, 1)).sum(1)) / 2
    frac = area / float(h * w)
    keep = inframe & (frac > 0.02) & (frac < 0.985)
    if not keep.any():
        return []
    a, b, c, d, q, frac = a[keep], b[keep], c[keep], d[keep], q[keep], frac[keep]

    def cover(line, u, v):
        t0, t1 = T[line, u], T[line, v]
        lo, hi = np.minimum(t0, t1), np.maximum(t0, t1)
        i0 = np.clip(np.rint(lo).astype(int) + ext, 0, 2 * ext + 1)
        i1 = np.clip(np.rint(hi).astype(int) + ext, 0, 2 * ext + 1)
        return (prefix[line, i1] - prefix[line, i0]) / np.maximum(i1 - i0, 1)

    sides = np.stack([cover(c, a, b), cover(b, c, d), cover(d, b, a), cover(a, d, c)], 1)
    lens = np.linalg.norm(q - np.roll(q, -1, 1), axis=2)
    shape_ok = lens.min(1) > 0.2 * lens.max(1)
    rank = sides.mean(1) ** 2 * (0.4 + 0.6 * sides.min(1)) * (0.3 + frac) * shape_ok
    best = np.argsort(-rank)[:TOP]
    return [(q[i].astype(np.float32), float(rank[i])) for i in best if rank[i] > 0]
