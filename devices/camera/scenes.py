"""Deterministic camera scenes with ground-truth page corners, for tests and the benchmark."""
from __future__ import annotations

from dataclasses import dataclass, field

import cv2
import numpy as np

from .scene_page import render_page

FRAME = (1920, 1080)
KINDS = ("cluttered", "light")


@dataclass
class Scene:
    """A 1920x1080 BGR frame and the true page corners (TL, TR, BR, BL, may lie outside the frame)."""

    image: np.ndarray
    corners: np.ndarray
    kind: str
    seed: int
    effects: list[str] = field(default_factory=list)


def _smooth_noise(rng: np.random.Generator, shape: tuple[int, int], cells: int) -> np.ndarray:
    h, w = shape
    small = rng.random((max(2, h * cells // w), cells)).astype(np.float32)
    return cv2.resize(small, (w, h), interpolation=cv2.INTER_CUBIC)


def _wood(rng: np.random.Generator, w: int, h: int) -> np.ndarray:
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    warp = _smooth_noise(rng, (h, w), 6) * 40
    ang = rng.uniform(0, np.pi)
    coord = xx * np.cos(ang) + yy * np.sin(ang) + warp
    grain = 0.5 + 0.5 * np.sin(coord / rng.uniform(6, 20) + _smooth_noise(rng, (h, w), 30) * 3)
    base = np.array(rng.uniform([30, 60, 100], [80, 120, 190]), np.float32)
    img = base * (0.75 + 0.35 * grain[..., None])
    return np.clip(img, 0, 255).astype(np.uint8)


def _clutter(rng: np.random.Generator, img: np.ndarray, n: int) -> None:
    h, w = img.shape[:2]
    for _ in range(n):
        col = tuple(int(c) for c in rng.integers(0, 256, 3))
        if rng.random() < 0.2:
            col = (int(rng.integers(200, 256)),) * 3  # white things: receipts, cups, keyboards
        kind = rng.integers(0, 4)
        x, y = int(rng.integers(0, w)), int(rng.integers(0, h))
        s = int(rng.integers(30, 260))
        if kind == 0:
            box = cv2.boxPoints(((x, y), (s, s * rng.uniform(0.3, 1.5)), rng.uniform(0, 180)))
            cv2.fillPoly(img, [box.astype(np.int32)], col, cv2.LINE_AA)
        elif kind == 1:
            cv2.circle(img, (x, y), s // 2, col, -1 if rng.random() < 0.6 else 6, cv2.LINE_AA)
        elif kind == 2:
            cv2.line(img, (x, y), (x + int(rng.integers(-400, 400)), y + int(rng.integers(-400, 400))),
                     col, int(rng.integers(2, 14)), cv2.LINE_AA)
        else:
            cv2.putText(img, "KIOSK 123", (x, y), cv2.FONT_HERSHEY_SIMPLEX, rng.uniform(0.8, 3), col,
                        int(rng.integers(1, 5)), cv2.LINE_AA)


def background(rng: np.random.Generator, kind: str, w: int = FRAME[0], h: int = FRAME[1],
               paper: int = 240) -> np.ndarray:
    """A desk: wood grain, textures and objects (cluttered) or a near-white desk with faint texture."""
    if kind == "cluttered":
        if rng.random() < 0.6:
            img = _wood(rng, w, h)
        else:
            tex = _smooth_noise(rng, (h, w), int(rng.integers(20, 120)))
            c0, c1 = rng.integers(0, 256, 3), rng.integers(0, 256, 3)
            img = np.clip(c0 + (c1 - c0) * tex[..., None], 0, 255).astype(np.uint8)
        _clutter(rng, img, int(rng.integers(6, 25)))
        return img
    level = paper - rng.uniform(16, 42)  # a white desk, a little darker than the paper
    tint = rng.uniform(-5, 5, 3)
    light = 1 + (_smooth_noise(rng, (h, w), 3) - 0.5) * 0.06
    tex = (_smooth_noise(rng, (h, w), 200) - 0.5) * 6
    img = (level + tint) * light[..., None] + tex[..., None]
    img = np.clip(img, 0, 255).astype(np.uint8)
    if rng.random() < 0.5:
        _clutter_light(rng, img)
    return img


def _clutter_light(rng: np.random.Generator, img: np.ndarray) -> None:
    h, w = img.shape[:2]
    for _ in range(int(rng.integers(1, 4))):  # a pen, a light folder edge
        x, y = int(rng.integers(0, w)), int(rng.integers(0, h))
        col = tuple(int(c) for c in rng.integers(120, 230, 3))
        cv2.line(img, (x, y), (x + int(rng.integers(-300, 300)), y + int(rng.integers(-300, 300))),
                 col, int(rng.integers(3, 10)), cv2.LINE_AA)


def _place(rng: np.random.Generator, pw: int, ph: int, fill: float, w: int, h: int,
           rotate: float, cut: bool) -> np.ndarray:
    scale = fill * h / ph
    cw, ch = pw * scale, ph * scale
    base = np.float32([[-cw / 2, -ch / 2], [cw / 2, -ch / 2], [cw / 2, ch / 2], [-cw / 2, ch / 2]])
    a = np.deg2rad(rng.uniform(-rotate, rotate))
    rot = np.float32([[np.cos(a), -np.sin(a)], [np.sin(a), np.cos(a)]])
    pts = base @ rot.T + rng.uniform(-0.06, 0.06, (4, 2)).astype(np.float32) * np.float32([cw, ch])
    span = pts.max(0) - pts.min(0)
    if not cut:  # a page the caller wants whole must fit, with a small margin
        pts *= min(1.0, 0.96 * h / span[1], 0.96 * w / span[0])
        span = pts.max(0) - pts.min(0)
    if cut:
        cx = rng.uniform(0, w) if rng.random() < 0.5 else rng.choice([span[0] * 0.3, w - span[0] * 0.3])
        cy = h - span[1] * 0.35 if rng.random() < 0.5 else span[1] * 0.35
    else:
        margin = np.float32([w, h]) - span
        cx = rng.uniform(span[0] / 2 + 0.05 * margin[0], w - span[0] / 2 - 0.05 * margin[0])
        cy = rng.uniform(span[1] / 2 + 0.1 * margin[1], h - span[1] / 2 - 0.1 * margin[1])
    return (pts - (pts.max(0) + pts.min(0)) / 2 + np.float32([cx, cy])).astype(np.float32)


def _hand(rng: np.random.Generator, img: np.ndarray, corners: np.ndarray) -> None:
    side = int(rng.integers(0, 4))
    p0, p1 = corners[side], corners[(side + 1) % 4]
    t = rng.uniform(0.35, 0.65)
    edge = p0 + (p1 - p0) * t
    inward = corners.mean(0) - edge
    inward /= np.linalg.norm(inward)
    along = (p1 - p0) / np.linalg.norm(p1 - p0)
    palm = edge - inward * rng.uniform(20, 70)
    skin = np.array(rng.uniform([120, 150, 200], [160, 185, 240]))
    mask = np.zeros(img.shape[:2], np.uint8)
    ang = np.degrees(np.arctan2(inward[1], inward[0]))
    cv2.ellipse(mask, tuple(palm.astype(int)), (110, 85), ang, 0, 360, 255, -1, cv2.LINE_AA)
    for k in range(int(rng.integers(2, 5))):
        base = palm + along * (k - 1.5) * 38 + inward * 60
        tip = base + inward * rng.uniform(90, 170)
        cv2.line(mask, tuple(base.astype(int)), tuple(tip.astype(int)), 255, 30, cv2.LINE_AA)
    shade = mask.astype(np.float32)[..., None] / 255
    img[:] = np.clip(img * (1 - shade) + skin * shade * (0.85 + 0.15 * _smooth_noise(
        rng, img.shape[:2], 8)[..., None]), 0, 255).astype(np.uint8)


def _lighting(rng: np.random.Generator, img: np.ndarray, corners: np.ndarray, effects: list[str],
              shadow: bool, glare: bool, dark: bool) -> np.ndarray:
    h, w = img.shape[:2]
    f = img.astype(np.float32)
    if shadow:
        poly = corners.mean(0) + rng.uniform(-700, 700, (5, 2))
        m = np.zeros((h, w), np.float32)
        cv2.fillPoly(m, [poly.astype(np.int32)], 1.0)
        m = cv2.GaussianBlur(m, (0, 0), rng.uniform(15, 60))
        yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
        ramp = (xx * rng.uniform(-1, 1) + yy * rng.uniform(-1, 1)) / (w + h)
        f *= (1 - rng.uniform(0.3, 0.5) * m - 0.2 * (ramp - ramp.min()))[..., None]
        effects.append("shadow")
    if glare:
        c = corners.mean(0) + (corners[int(rng.integers(0, 4))] - corners.mean(0)) * rng.uniform(0, 0.6)
        s = rng.uniform(50, 110)
        yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
        g = np.exp(-(((xx - c[0]) / (s * 1.6)) ** 2 + ((yy - c[1]) / s) ** 2))
        f = f + (300 - f) * np.minimum(1, g * 1.6)[..., None]
        effects.append("glare")
    if dark:
        f *= rng.uniform(0.12, 0.2)
        effects.append("dark")
    return np.clip(f, 0, 255)


def make_scene(seed: int, kind: str = "cluttered", *, shadow: bool | None = None, glare: bool | None = None,
               hand: bool | None = None, blur: float | None = None, dark: bool = False, cut: bool = False,
               fill: float | None = None, noise: float | None = None) -> Scene:
    """One frame: same seed and options, same pixels. None leaves an effect to chance (~25% each).

    blur is a Gaussian sigma in pixels (cameras are never perfectly sharp, so 0.4-1.2 by default);
    fill is the page's height as a share of the frame height.
    """
    if kind not in KINDS:
        raise ValueError(f"scene kind {kind!r}: use one of {', '.join(KINDS)}")
    rng = np.random.default_rng(seed)
    w, h = FRAME
    paper = int(rng.integers(236, 247)) if kind == "light" else int(rng.integers(222, 246))
    bg = background(rng, kind, paper=paper)
    page = render_page(rng, 840, paper)
    ph, pw = page.shape[:2]
    fill = fill if fill is not None else rng.uniform(0.62, 0.92)
    corners = _place(rng, pw, ph, fill, w, h, rotate=20, cut=cut)
    m = cv2.getPerspectiveTransform(np.float32([[0, 0], [pw, 0], [pw, ph], [0, ph]]), corners)
    warped = cv2.warpPerspective(page, m, (w, h), flags=cv2.INTER_LINEAR)
    mask = cv2.warpPerspective(np.full((ph, pw), 255, np.uint8), m, (w, h))
    alpha = mask.astype(np.float32)[..., None] / 255
    img = bg.astype(np.float32)
    if rng.random() < 0.5:  # soft drop shadow under the page
        sh = cv2.GaussianBlur(alpha[..., 0], (0, 0), rng.uniform(3, 12))[..., None]
        img *= 1 - 0.25 * sh * rng.uniform(0.3, 1)
    img = (img * (1 - alpha) + warped * alpha).astype(np.uint8)
    effects: list[str] = []
    pick = rng.random(3)
    if hand if hand is not None else pick[0] < 0.2:
        _hand(rng, img, corners)
        effects.append("hand")
    f = _lighting(rng, img, corners, effects, shadow if shadow is not None else pick[1] < 0.25,
                  glare if glare is not None else pick[2] < 0.2, dark)
    sigma = blur if blur is not None else rng.uniform(0.4, 1.2)
    if sigma > 0:
        f = cv2.GaussianBlur(f, (0, 0), sigma)
        if sigma >= 2:
            effects.append("blur")
    sd = noise if noise is not None else rng.uniform(1.5, 4.5)
    f += rng.normal(0, sd, f.shape).astype(np.float32)
    if cut:
        effects.append("cut")
    return Scene(np.clip(f, 0, 255).astype(np.uint8), corners, kind, seed, effects)
