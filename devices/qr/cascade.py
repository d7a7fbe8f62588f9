"""The decoding cascade: cheap passes first, harder preprocessing only for frames the cheap ones miss."""
from __future__ import annotations

import time
from dataclasses import dataclass, replace
from typing import Callable

import cv2
import numpy as np

from .decode import DecodedCode, ZbarDecoder, ZxingDecoder, to_gray
from .errors import QrError

Region = tuple[np.ndarray, int, int]  # crop, x offset, y offset in the frame


def _up(img: np.ndarray, f: float) -> np.ndarray:
    return cv2.resize(img, None, fx=f, fy=f, interpolation=cv2.INTER_CUBIC)


def _sharpen(img: np.ndarray, amount: float = 0.8, sigma: float = 2.0) -> np.ndarray:
    return cv2.addWeighted(img, 1 + amount, cv2.GaussianBlur(img, (0, 0), sigma), -amount, 0)


def _clahe(img: np.ndarray) -> np.ndarray:
    # A CLAHE object per call: OpenCV's keeps scratch buffers, so one shared object is not thread-safe.
    return cv2.createCLAHE(clipLimit=2.0, tileGridSize=(8, 8)).apply(img)


def _adaptive(img: np.ndarray) -> np.ndarray:
    return cv2.adaptiveThreshold(img, 255, cv2.ADAPTIVE_THRESH_GAUSSIAN_C, cv2.THRESH_BINARY, 31, 5)


def find_regions(gray: np.ndarray, limit: int = 4) -> list[Region]:
    """Patches dense with edges (where a QR code would be), largest first, with a margin for the quiet zone.

    Cropping lets the expensive passes (upscaling, sharpening) work on a few thousand pixels instead
    of the whole frame: a 3x upscale of a 200-pixel crop costs less than the plain full-frame pass.
    """
    if min(gray.shape[:2]) < 21:  # smaller than a version-1 code: nothing to find, and too small to halve
        return []
    small = cv2.resize(gray, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)
    grad = cv2.morphologyEx(small, cv2.MORPH_GRADIENT, np.ones((3, 3), np.uint8))
    _, bw = cv2.threshold(grad, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
    bw = cv2.morphologyEx(bw, cv2.MORPH_CLOSE, np.ones((7, 7), np.uint8))
    bw = cv2.morphologyEx(bw, cv2.MORPH_OPEN, np.ones((5, 5), np.uint8))
    contours, _ = cv2.findContours(bw, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    out: list[Region] = []
    H, W = gray.shape[:2]
    for c in sorted(contours, key=cv2.contourArea, reverse=True)[:limit]:
        x, y, w, h = (v * 2 for v in cv2.boundingRect(c))
        if w * h < 800 or w > 8 * h or h > 8 * w:  # specks and long lines are not codes
            continue
        m = int(0.15 * max(w, h)) + 8
        x0, y0 = max(0, x - m), max(0, y - m)
        out.append((gray[y0:min(H, y + h + m), x0:min(W, x + w + m)], x0, y0))
    return out


@dataclass(frozen=True)
class Stage:
    """One pass: a decoder applied to the whole frame or to each region, after a preprocessing step."""

    name: str
    decoder: str                                   # "zxing-fast", "zxing" or "zbar"
    prepare: Callable[[np.ndarray], np.ndarray] | None   # None: the gray frame untouched
    scale: float = 1.0                             # how much `prepare` enlarges the image
    on_regions: bool = False


# Order measured with bench/qr.py (500 hard frames): zxing-cpp alone finds 67% of codes at a 2.3 ms median,
# zbar 36% at 25 ms, OpenCV 31% at 33 ms; so zxing-cpp leads, first without its extra passes (same
# rate, ~60% of the time), then with them (inverted phone screens, downscaled copies). Misses go to
# crops of edge-dense regions, upscaled/sharpened/equalised, cheapest first: 81% in all. zbar stays as
# the last passes, on binarised crops and the equalised frame, where it reads a few blurry codes no
# zxing pass does. A rotation pass was measured too (1 of 65 remaining misses) and left out: both
# decoders find codes at any angle.
DEFAULT_STAGES: tuple[Stage, ...] = (
    Stage("zxing-fast", "zxing-fast", None),
    Stage("zxing", "zxing", None),
    Stage("region-up2/zxing", "zxing", lambda c: _up(c, 2), 2, True),
    Stage("region-sharpen/zxing", "zxing", lambda c: _sharpen(c, 1.0, 1.5), 1, True),
    Stage("region-up2-sharpen/zxing", "zxing", lambda c: _sharpen(_up(c, 2)), 2, True),
    Stage("region-up3-clahe/zxing", "zxing", lambda c: _clahe(_up(c, 3)), 3, True),
    Stage("region-up4-sharpen/zxing", "zxing", lambda c: _sharpen(_up(c, 4), 1.2, 4), 4, True),
    Stage("region-up3-adaptive/zbar", "zbar", lambda c: _adaptive(_sharpen(_up(c, 3), 1.0, 3)), 3, True),
    Stage("clahe/zbar", "zbar", lambda g: _clahe(g)),
)

ZBAR_ONLY_STAGES: tuple[Stage, ...] = (
    Stage("zbar", "zbar", None),
    Stage("region-up2/zbar", "zbar", lambda c: _up(c, 2), 2, True),
    Stage("region-up3-adaptive/zbar", "zbar", lambda c: _adaptive(_sharpen(_up(c, 3), 1.0, 3)), 3, True),
    Stage("clahe/zbar", "zbar", lambda g: _clahe(g)),
)


class CascadeDecoder:
    """Decode a camera frame by running stages in order and stopping at the first that finds a code.

    Stopping early is what keeps the median frame as cheap as a single zxing pass while the rare hard
    frame still gets upscaling and sharpening. `budget_ms` bounds the worst case for live preview use.
    """

    def __init__(self, stages: tuple[Stage, ...] = DEFAULT_STAGES, budget_ms: float | None = None) -> None:
        self.stages = stages
        self.budget_ms = budget_ms
        self._decoders: dict[str, Callable[[np.ndarray], list[DecodedCode]]] = {}
        for needed in {s.decoder for s in stages}:
            if needed in ("zxing", "zxing-fast"):
                self._decoders[needed] = ZxingDecoder(thorough=needed == "zxing")  # QrError if not installed
            elif needed == "zbar":
                self._decoders["zbar"] = ZbarDecoder()     # raises QrError naming libzbar0 if missing
            else:
                raise QrError(f"unknown decoder {needed!r} in stage list")

    def decode(self, frame: np.ndarray) -> list[DecodedCode]:
        """Every QR code found by the first successful stage; [] when none finds one."""
        start = time.perf_counter()
        gray = to_gray(frame)  # cv2's conversion is faster than zxing-cpp's own BGR path
        regions: list[Region] | None = None
        for stage in self.stages:
            if self.budget_ms is not None and (time.perf_counter() - start) * 1000 > self.budget_ms:
                break
            decoder = self._decoders[stage.decoder]
            if not stage.on_regions:
                codes = decoder(gray if stage.prepare is None else stage.prepare(gray))
                if codes:
                    return [self._place(c, stage, 0, 0) for c in codes]
                continue
            if regions is None:
                regions = find_regions(gray)
            for crop, x0, y0 in regions:
                codes = decoder(stage.prepare(crop))
                if codes:
                    return [self._place(c, stage, x0, y0) for c in codes]
        return []

    __call__ = decode

    @staticmethod
    def _place(code: DecodedCode, stage: Stage, x0: int, y0: int) -> DecodedCode:
        """The code with its polygon mapped back from the enlarged crop to frame pixels."""
        poly = tuple((int(round(x / stage.scale + x0)), int(round(y / stage.scale + y0))) for x, y in code.polygon)
        return replace(code, polygon=poly, stage=stage.name)
