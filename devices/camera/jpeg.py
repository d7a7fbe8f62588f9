"""Encode a corrected page as JPEG for upload: legible A4 at 150 dpi or more, at most 500 KB."""
from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

MAX_BYTES = 500_000
QUALITIES = (92, 88, 84, 80, 75, 70, 65, 60, 55, 50)
COLOUR_SHARE = 0.002  # more coloured pixels than this (a seal) and the page keeps its colour


@dataclass(frozen=True)
class EncodedPage:
    """The JPEG bytes and how they were made, for the upload log."""

    data: bytes
    quality: int
    grayscale: bool
    size: tuple[int, int]


def _encode(img: np.ndarray, quality: int) -> bytes:
    ok, buf = cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, quality, cv2.IMWRITE_JPEG_OPTIMIZE, 1])
    if not ok:
        raise ValueError("JPEG encoding failed")
    return buf.tobytes()


def colour_share(page: np.ndarray) -> float:
    """Share of clearly coloured pixels (seals, photos, highlighter): those would lose meaning in grey."""
    hsv = cv2.cvtColor(cv2.resize(page, (300, 300 * page.shape[0] // page.shape[1])), cv2.COLOR_BGR2HSV)
    return float(np.mean((hsv[..., 1] > 80) & (hsv[..., 2] > 60)))


def encode_page(page: np.ndarray, max_bytes: int = MAX_BYTES) -> EncodedPage:
    """The best-quality JPEG under max_bytes; never shrinks the page below its given size.

    Colour is kept while it fits. A page with (almost) no colour may go grey, which keeps text as
    legible (the ink/paper contrast is in the luminance) at a third of the bytes; a page with a red
    seal keeps its colour and gives up quality instead, down to a floor that still reads well.
    The light denoise removes sensor grain, which otherwise costs most of the bytes.
    """
    clean = cv2.bilateralFilter(page, 5, 20, 5)
    h, w = clean.shape[:2]
    tries = [(q, False) for q in QUALITIES]
    if colour_share(clean) <= COLOUR_SHARE:
        tries = [(q, True) for q in QUALITIES]
    gray = cv2.cvtColor(clean, cv2.COLOR_BGR2GRAY)
    best = None
    for q, grey in tries:
        data = _encode(gray if grey else clean, q)
        best = EncodedPage(data, q, grey, (w, h))
        if len(data) <= max_bytes:
            return best
    data = _encode(gray, QUALITIES[-1])  # a colour page that cannot fit: grey before unreadable
    if len(data) <= max_bytes:
        return EncodedPage(data, QUALITIES[-1], True, (w, h))
    raise ValueError(f"page {w}x{h} does not fit in {max_bytes} bytes even as grey JPEG quality "
                     f"{QUALITIES[-1]} ({len(data)} bytes)")
