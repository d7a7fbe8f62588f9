"""Find the four corners of a document page in a camera frame, robust to clutter and light desks.

Candidates come from several edge and threshold maps of a downscaled frame (so one failing cue,
e.g. a white page on a white desk, is covered by another); each candidate quad is scored by area,
edge support along its sides and angle regularity; the winner is refined at full resolution by
fitting each side to the strongest nearby edge with outliers (a hand, a glare spot) rejected.
"""
from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

import cv2
import numpy as np

from .geometry import order_corners, polygon_iou
from .images import check_image
from .line_quads import line_quads
from .quad_score import MIN_AREA, order_many, score
from .refine import refine_corners

WORK_SIZE = 512        # long side of the analysis image
EDGE_MIN = 3.0        # gradient (grey levels per pixel) that counts as an edge


@dataclass(frozen=True)
class PageDetection:
    """Corners TL, TR, BR, BL in input pixels (may lie slightly outside the frame) and a 0-1 score.

    `rival` is the score of the best candidate elsewhere in the frame (overlapping the chosen one
    by less than half) as a share of the chosen one's: near 1 the detector could not tell two
    shapes apart, and the quality check says so instead of cropping a guess.
    """

    corners: np.ndarray
    score: float
    frame_size: tuple[int, int]
    rival: float = 0.0

    def as_list(self) -> list[list[float]]:
        return [[round(float(x), 1), round(float(y), 1)] for x, y in self.corners]


def _quads_from_contour(contour: np.ndarray) -> list[np.ndarray]:
    """Quads that may be the page outlined by `contour`, from its convex hull.

    A hull that simplifies to more than four vertices is a page merged with something (a hand, a
    white object beside it) or with a clipped corner; the largest quads on its vertices bridge the
    notch or leave the object out, and the scorer picks among them.
    """
    hull = cv2.convexHull(contour)
    peri = cv2.arcLength(hull, True)
    out: list[np.ndarray] = []
    for eps in (0.01, 0.02, 0.035):
        approx = cv2.approxPolyDP(hull, eps * peri, True).reshape(-1, 2)
        if len(approx) == 4:
            out.append(approx.astype(np.float32))
        elif 4 < len(approx) <= 12:
            idx = np.array(list(combinations(range(len(approx)), 4)))
            q = approx[idx].astype(np.float64)
            x, y = q[..., 0], q[..., 1]
            area = np.abs((x * np.roll(y, -1, 1) - y * np.roll(x, -1, 1)).sum(1)) / 2
            out.extend(approx[idx[k]].astype(np.float32) for k in np.argsort(-area)[:6])
    return out


def _maps(small: np.ndarray, gray: np.ndarray) -> list[tuple[np.ndarray, int]]:
    """Binary maps whose contours may outline the page, with the retrieval mode for each."""
    k3 = np.ones((3, 3), np.uint8)
    maps = []
    blur = cv2.GaussianBlur(gray, (5, 5), 0)
    for lo, hi in ((12, 36), (30, 90), (60, 180)):
        e = cv2.Canny(blur, lo, hi)
        maps.append((cv2.dilate(e, k3), cv2.RETR_LIST))
    # faint edges (white page on a white desk): a low gradient threshold, gaps closed
    soft = cv2.GaussianBlur(gray, (7, 7), 0)
    e = cv2.Canny(soft, 5, 14)
    maps.append((cv2.morphologyEx(e, cv2.MORPH_CLOSE, np.ones((5, 5), np.uint8)), cv2.RETR_LIST))
    hsv = cv2.cvtColor(small, cv2.COLOR_BGR2HSV)
    s, v = hsv[..., 1].astype(np.int16), hsv[..., 2].astype(np.int16)
    paper = np.clip(v - 2 * s, 0, 255).astype(np.uint8)  # bright and unsaturated
    paper = cv2.GaussianBlur(paper, (5, 5), 0)
    for img in (paper, blur):
        _, t = cv2.threshold(img, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
        t = cv2.morphologyEx(t, cv2.MORPH_OPEN, np.ones((5, 5), np.uint8))
        maps.append((t, cv2.RETR_EXTERNAL))
    return maps


def candidates(small: np.ndarray, gray: np.ndarray, edge: np.ndarray) -> np.ndarray:
    """(M, 4, 2) candidate quads, ordered TL TR BR BL, from closed outlines and from straight edges."""
    area_total = float(small.shape[0] * small.shape[1])
    quads = []
    for binary, mode in _maps(small, gray):
        contours, _ = cv2.findContours(binary, mode, cv2.CHAIN_APPROX_SIMPLE)
        for c in contours:
            x, y, w, h = cv2.boundingRect(c)
            if w * h < MIN_AREA * area_total or len(c) < 4:
                continue
            quads.extend(_quads_from_contour(c))
    quads.extend(q for q, _rank in line_quads(gray, edge))
    if not quads:
        return np.zeros((0, 4, 2), np.float32)
    q = order_many(np.asarray(quads, np.float32))
    _, first = np.unique((q // 3).astype(np.int32).reshape(len(q), -1), axis=0, return_index=True)
    return q[np.sort(first)]


def _rival(quads: np.ndarray, scores: np.ndarray, best: int) -> float:
    """Best score among candidates overlapping the winner by IoU < 0.5, over the winner's score."""
    for j in np.argsort(-scores)[:12]:
        if j != best and scores[j] > 0 and polygon_iou(quads[j], quads[best]) < 0.5:
            return float(scores[j] / scores[best])
    return 0.0


def find_quad(small: np.ndarray) -> tuple[np.ndarray, float, float] | None:
    """The best page quad in an analysis-size BGR image, ordered TL TR BR BL, its score and rival."""
    gray = cv2.cvtColor(small, cv2.COLOR_BGR2GRAY)
    g = cv2.GaussianBlur(gray, (3, 3), 0).astype(np.float32)
    gx, gy = cv2.Sobel(g, cv2.CV_32F, 1, 0) / 8, cv2.Sobel(g, cv2.CV_32F, 0, 1) / 8
    # busy textures raise the bar: an edge must stand out from the desk around it
    thr = min(max(EDGE_MIN, 1.5 * float(np.median(np.abs(gx) + np.abs(gy)))), 10.0)
    edge = (np.hypot(gx, gy) > thr).astype(np.float32)
    quads = candidates(small, gray, edge)
    lab = cv2.cvtColor(cv2.GaussianBlur(small, (3, 3), 0), cv2.COLOR_BGR2LAB).astype(np.float32)
    scores = score(quads, gx, gy, thr, lab)
    if not len(scores) or scores.max() < 0.12:
        return None
    i = int(np.argmax(scores))
    return quads[i], float(scores[i]), _rival(quads, scores, i)


def detect_page(image: np.ndarray, work_size: int = WORK_SIZE, refine: bool = True) -> PageDetection | None:
    """Corners of the page in `image` (BGR), or None when no page-like quad is found.

    Raises ImageError for input that is not an 8-bit image, so callers report bad files clearly.
    """
    image = check_image(image)
    h, w = image.shape[:2]
    scale = min(1.0, work_size / max(h, w))
    small = cv2.resize(image, (round(w * scale), round(h * scale)), interpolation=cv2.INTER_AREA) \
        if scale < 1 else image
    found = find_quad(small)
    if found is None:
        return None
    quad, score, rival = found
    corners = (quad + 0.5) / scale - 0.5
    if refine:
        corners = refine_corners(cv2.cvtColor(image, cv2.COLOR_BGR2GRAY), corners, 1 / scale)
    return PageDetection(order_corners(corners), score, (w, h), rival)
