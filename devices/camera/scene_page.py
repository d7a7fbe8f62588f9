"""Synthetic document pages (text lines, boxes, a red stamp) for the scene generator."""
from __future__ import annotations

import cv2
import numpy as np

FONTS = (cv2.FONT_HERSHEY_SIMPLEX, cv2.FONT_HERSHEY_DUPLEX, cv2.FONT_HERSHEY_COMPLEX)
WORDS = ("Meixian", "District", "Application", "Name", "ID No.", "Address", "Date", "2024",
         "Certificate", "Signature", "Remarks", "Household", "Registration", "Approved")


def _text(rng: np.random.Generator, n: int) -> str:
    return " ".join(WORDS[int(i)] for i in rng.integers(0, len(WORDS), n))


def render_page(rng: np.random.Generator, width: int = 840, paper: int = 240) -> np.ndarray:
    """An A4-shaped form: a title, a table of boxes, text lines, a signature and a red stamp.

    Content stays inside a margin so the page border itself is plain paper, as on real forms.
    """
    height = int(round(width * 297 / 210))
    tint = rng.integers(-6, 4, 3)
    page = np.empty((height, width, 3), np.uint8)
    page[:] = np.clip(paper + tint, 0, 255)
    u = width / 840
    ink = tuple(int(v) for v in rng.integers(10, 60, 3))
    m = int(70 * u)
    y = int(110 * u)
    cv2.putText(page, _text(rng, 3).upper(), (m, y), FONTS[1], 1.1 * u, ink, max(1, int(2 * u)), cv2.LINE_AA)
    y += int(50 * u)
    if rng.random() < 0.8:  # a table of fields
        rows, cols = int(rng.integers(3, 7)), int(rng.integers(2, 4))
        rh, cw = int(42 * u), (width - 2 * m) // cols
        for r in range(rows):
            for c in range(cols):
                x0, y0 = m + c * cw, y + r * rh
                cv2.rectangle(page, (x0, y0), (x0 + cw, y0 + rh), ink, max(1, int(1.5 * u)))
                cv2.putText(page, _text(rng, 1), (x0 + int(8 * u), y0 + int(28 * u)), FONTS[0],
                            0.6 * u, ink, 1, cv2.LINE_AA)
        y += rows * rh + int(40 * u)
    font = FONTS[int(rng.integers(0, len(FONTS)))]
    while y < height - int(230 * u):
        words = int(rng.integers(3, 8))
        cv2.putText(page, _text(rng, words), (m, y), font, 0.62 * u, ink, 1, cv2.LINE_AA)
        y += int(rng.integers(28, 40) * u)
        if rng.random() < 0.12:
            y += int(30 * u)
    sy = height - int(150 * u)
    cv2.putText(page, "Signature:", (m, sy), FONTS[0], 0.7 * u, ink, 1, cv2.LINE_AA)
    pts = np.array([[m + int(150 * u) + i * int(12 * u), sy - int(rng.integers(0, 25) * u)]
                    for i in range(14)], np.int32)
    cv2.polylines(page, [pts], False, (120, 40, 20), max(1, int(2 * u)), cv2.LINE_AA)
    if rng.random() < 0.85:  # the red seal, slightly transparent like real ink
        seal = page.copy()
        cx, cy = width - m - int(110 * u), sy - int(30 * u)
        red = (int(rng.integers(20, 60)), int(rng.integers(20, 60)), int(rng.integers(190, 230)))
        cv2.circle(seal, (cx, cy), int(85 * u), red, max(2, int(6 * u)), cv2.LINE_AA)
        star = [(cx + 40 * u * np.cos(a), cy + 40 * u * np.sin(a)) for a in
                np.linspace(-np.pi / 2, 3.5 * np.pi, 5, endpoint=False)]
        cv2.fillPoly(seal, [np.array(star, np.int32)], red, cv2.LINE_AA)
        page = cv2.addWeighted(seal, 0.8, page, 0.2, 0)
    return page
