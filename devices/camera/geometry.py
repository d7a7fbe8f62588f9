"""Quad geometry: corner order, polygon IoU, and the perspective warp to an upright page."""
from __future__ import annotations

import cv2
import numpy as np

A4_RATIO = 297 / 210
A4_150DPI = (1240, 1754)


def order_corners(points: np.ndarray) -> np.ndarray:
    """TL, TR, BR, BL as float32 (4, 2): the order every caller and the JSON output rely on.

    Sorting by angle around the centre, then starting at the corner nearest the image's top-left,
    stays right for pages rotated up to 45 degrees, where sum/difference tricks break down.
    """
    pts = np.asarray(points, np.float32).reshape(4, 2)
    c = pts.mean(axis=0)
    ang = np.arctan2(pts[:, 1] - c[1], pts[:, 0] - c[0])
    pts = pts[np.argsort(ang)]  # clockwise on screen (y down), starting anywhere
    start = int(np.argmin(pts[:, 0] + pts[:, 1]))
    return np.roll(pts, -start, axis=0)


def polygon_area(points: np.ndarray) -> float:
    """Absolute area of a simple polygon (shoelace)."""
    p = np.asarray(points, np.float64).reshape(-1, 2)
    x, y = p[:, 0], p[:, 1]
    return float(abs(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1))) / 2)


def polygon_iou(a: np.ndarray | None, b: np.ndarray | None) -> float:
    """Intersection over union of two convex quads; 0 when either is missing (undetected)."""
    if a is None or b is None:
        return 0.0
    pa = np.asarray(a, np.float32).reshape(-1, 1, 2)
    pb = np.asarray(b, np.float32).reshape(-1, 1, 2)
    if not (cv2.isContourConvex(pa) and cv2.isContourConvex(pb)):
        pa, pb = cv2.convexHull(pa), cv2.convexHull(pb)
    inter, _ = cv2.intersectConvexConvex(pa, pb)
    union = polygon_area(pa) + polygon_area(pb) - inter
    return float(inter / union) if union > 0 else 0.0


def page_size(corners: np.ndarray, min_a4: tuple[int, int] = A4_150DPI,
              tolerance: float = 0.12) -> tuple[int, int]:
    """Output (width, height) from the corners' side lengths.

    When the sides are A4-shaped the size snaps to the exact A4 ratio and is raised to at least
    150 dpi (1240x1754), the floor the upload service accepts for legible A4.
    """
    tl, tr, br, bl = np.asarray(corners, np.float64).reshape(4, 2)
    w = max(np.linalg.norm(tr - tl), np.linalg.norm(br - bl))
    h = max(np.linalg.norm(bl - tl), np.linalg.norm(br - tr))
    w, h = max(w, 1.0), max(h, 1.0)
    long_, short = max(w, h), min(w, h)
    if abs(long_ / short - A4_RATIO) / A4_RATIO <= tolerance:
        short = max(short, float(min_a4[0]))
        long_ = short * A4_RATIO
        w, h = (short, long_) if h >= w else (long_, short)
    return int(round(w)), int(round(h))


def warp_page(image: np.ndarray, corners: np.ndarray,
              size: tuple[int, int] | None = None) -> np.ndarray:
    """The page cut out and made upright (TL corner to the output's top-left)."""
    w, h = size or page_size(corners)
    src = np.asarray(corners, np.float32).reshape(4, 2)
    dst = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
    m = cv2.getPerspectiveTransform(src, dst)
    return cv2.warpPerspective(image, m, (w, h), flags=cv2.INTER_CUBIC, borderMode=cv2.BORDER_REPLICATE)
