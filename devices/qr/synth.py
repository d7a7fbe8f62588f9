"""Hard camera frames (1280x720) holding one QR code each, with ground truth, reproducible from a seed."""
from __future__ import annotations

from dataclasses import dataclass, field

import cv2
import numpy as np

WIDTH, HEIGHT = 1280, 720
QUIET = 4  # modules of quiet zone, as the standard asks; the background starts right after it

# Pieces of what kiosk QR codes carry: appointment slips, case numbers, addresses, payment links.
_ZH = ("梅县区政务服务中心", "一件事一次办", "申请编号：", "新生儿出生一件事", "张伟", "李秀英", "程江镇",
       "新城办事处", "不动产登记", "社保卡申领", "营业执照", "梅州市梅县区华侨城", "预约取号", "退休一件事",
       "身份证号：", "联系电话：", "（已受理）", "办结", "扶贵路", "公积金提取")
_ASCII = ("https://zwfw.meixian.example/q?id=", "MX-2024-", "TICKET:", "A", "ID=", "order/")


@dataclass(frozen=True)
class Sample:
    """One generated frame and what a perfect decoder would report for it."""

    frame: np.ndarray
    text: str
    raw: bytes
    encoding: str
    polygon: tuple[tuple[float, float], ...]
    params: dict = field(default_factory=dict)


def make_payload(rng: np.random.Generator) -> tuple[str, bytes, str]:
    """A payload like the ones kiosks meet: Chinese as UTF-8 (most), Chinese as GBK (older systems), ASCII."""
    kind = rng.choice(["utf-8", "gbk", "ascii"], p=[0.45, 0.25, 0.30])
    number = str(rng.integers(10_000, 99_999_999))
    if kind == "ascii":
        text = str(rng.choice(_ASCII)) + number
        return text, text.encode("ascii"), "ascii"
    parts = list(rng.choice(_ZH, size=int(rng.integers(1, 4)), replace=False))
    text = "".join(parts) + number
    return text, text.encode(str(kind)), str(kind)


def qr_matrix(raw: bytes, error_correction: str = "M", eci: int | None = None) -> np.ndarray:
    """The module matrix (True = dark) of a byte-mode QR code, with a 4-module quiet zone.

    With `eci` the byte segment is preceded by an ECI header naming its character set (qrcode has
    no API for it, so the data codewords are laid out here and handed to its matrix builder).
    """
    import qrcode
    from qrcode import constants
    level = {"L": constants.ERROR_CORRECT_L, "M": constants.ERROR_CORRECT_M,
             "Q": constants.ERROR_CORRECT_Q, "H": constants.ERROR_CORRECT_H}[error_correction]
    q = qrcode.QRCode(error_correction=level, border=QUIET, box_size=1)
    q.add_data(raw)  # bytes go in byte mode untouched, exactly as the encoding put them
    q.make(fit=True)
    if eci is not None:
        q = qrcode.QRCode(version=min(40, q.version + 1), error_correction=level, border=QUIET, box_size=1)
        q.data_cache = _eci_codewords(raw, eci, q.version, level)
        q.makeImpl(False, q.best_mask_pattern())
    return np.array(q.get_matrix(), dtype=bool)


def _eci_codewords(raw: bytes, eci: int, version: int, level: int) -> list[int]:
    """ECI header (0111 + 8-bit designator, for 0-127) then a byte segment, padded and RS-coded."""
    from qrcode import base, util
    if not 0 <= eci <= 127:
        raise ValueError("only one-byte ECI designators (0-127) are generated")
    buf = util.BitBuffer()
    buf.put(0b0111, 4)
    buf.put(eci, 8)
    buf.put(util.MODE_8BIT_BYTE, 4)
    buf.put(len(raw), util.length_in_bits(util.MODE_8BIT_BYTE, version))
    for b in raw:
        buf.put(b, 8)
    blocks = base.rs_blocks(version, level)
    limit = sum(b.data_count * 8 for b in blocks)
    for _ in range(min(limit - len(buf), 4)):
        buf.put_bit(False)
    while len(buf) % 8:
        buf.put_bit(False)
    for i in range((limit - len(buf)) // 8):
        buf.put(util.PAD0 if i % 2 == 0 else util.PAD1, 8)
    return util.create_bytes(buf, blocks)


def render_code(raw: bytes, module_px: int = 8, error_correction: str = "M",
                eci: int | None = None) -> np.ndarray:
    """A clean gray QR code image, for tests and for printing on the sample sheet."""
    m = qr_matrix(raw, error_correction, eci)
    img = np.where(m, 0, 255).astype(np.uint8)
    return cv2.resize(img, None, fx=module_px, fy=module_px, interpolation=cv2.INTER_NEAREST)


def _background(rng: np.random.Generator) -> np.ndarray:
    """A cluttered desk: smooth colour fields, low-frequency texture and a few edges (text-like strokes)."""
    small = rng.uniform(40, 230, size=(6, 10, 3)).astype(np.float32)
    bg = cv2.resize(small, (WIDTH, HEIGHT), interpolation=cv2.INTER_CUBIC)
    tex = cv2.resize(rng.normal(0, 12, size=(90, 160)).astype(np.float32), (WIDTH, HEIGHT))
    bg += tex[:, :, None]
    for _ in range(int(rng.integers(3, 12))):
        color = tuple(float(c) for c in rng.uniform(0, 255, 3))
        p1 = (int(rng.integers(0, WIDTH)), int(rng.integers(0, HEIGHT)))
        p2 = (int(rng.integers(0, WIDTH)), int(rng.integers(0, HEIGHT)))
        if rng.random() < 0.5:
            cv2.rectangle(bg, p1, p2, color, int(rng.integers(-1, 4)) or -1)
        else:
            cv2.line(bg, p1, p2, color, int(rng.integers(1, 5)))
    return bg


def _lighting(rng: np.random.Generator, strength: float) -> np.ndarray:
    """Uneven light: a gradient across the frame times a soft spot (window glare or a shadowed corner)."""
    yy, xx = np.mgrid[0:HEIGHT, 0:WIDTH].astype(np.float32)
    a = rng.uniform(0, 2 * np.pi)
    grad = (np.cos(a) * (xx / WIDTH - 0.5) + np.sin(a) * (yy / HEIGHT - 0.5)) * strength
    cx, cy, r = rng.uniform(0, WIDTH), rng.uniform(0, HEIGHT), rng.uniform(150, 600)
    spot = np.exp(-((xx - cx) ** 2 + (yy - cy) ** 2) / (2 * r * r)) * rng.uniform(-0.5, 0.5) * strength
    return np.clip(1.0 + grad + spot, 0.25, 1.6)


def hard_frame(seed: int) -> Sample:
    """One 1280x720 BGR frame: a QR code scaled, rotated, skewed, blurred, noisy, dim and unevenly lit.

    Each degradation is drawn independently from the seed, so a set of seeds spans easy to nearly
    unreadable frames the way a hall camera does (sleeve-held phones, slips held at an angle, glare).
    """
    rng = np.random.default_rng(seed)
    text, raw, encoding = make_payload(rng)
    ec = str(rng.choice(["L", "M", "Q", "H"], p=[0.2, 0.4, 0.25, 0.15]))
    modules = qr_matrix(raw, ec)
    n = modules.shape[0]
    module_px = float(rng.choice([rng.uniform(1.8, 3.0), rng.uniform(3.0, 5.5), rng.uniform(5.5, 9.0)],
                                 p=[0.30, 0.45, 0.25]))
    side = n * module_px
    side = min(side, HEIGHT * 0.9)
    k = max(2, int(np.ceil(module_px * 2)))  # supersample, then blur: no aliasing when warped down
    src = cv2.resize(np.where(modules, 0.0, 1.0).astype(np.float32), (n * k, n * k),
                     interpolation=cv2.INTER_NEAREST)
    src = cv2.GaussianBlur(src, (0, 0), k / 3.0)
    s = n * k
    angle = rng.uniform(0, 360)
    skew = rng.choice([0.0, rng.uniform(0.03, 0.22)], p=[0.35, 0.65])
    cx = rng.uniform(side * 0.75, WIDTH - side * 0.75)
    cy = rng.uniform(min(side * 0.75, HEIGHT / 2), max(HEIGHT - side * 0.75, HEIGHT / 2))
    base = np.array([[-1, -1], [1, -1], [1, 1], [-1, 1]], np.float32) * (side / 2)
    base += rng.uniform(-skew, skew, size=(4, 2)).astype(np.float32) * side
    rot = np.array([[np.cos(np.radians(angle)), -np.sin(np.radians(angle))],
                    [np.sin(np.radians(angle)), np.cos(np.radians(angle))]], np.float32)
    dst = base @ rot.T + np.array([cx, cy], np.float32)
    H = cv2.getPerspectiveTransform(np.array([[0, 0], [s, 0], [s, s], [0, s]], np.float32), dst)
    code = cv2.warpPerspective(src, H, (WIDTH, HEIGHT), flags=cv2.INTER_LINEAR, borderValue=1.0)
    mask = cv2.warpPerspective(np.ones((s, s), np.float32), H, (WIDTH, HEIGHT), flags=cv2.INTER_LINEAR)

    low_contrast = rng.random() < 0.3
    dark = rng.uniform(70, 130) if low_contrast else rng.uniform(0, 50)
    light = dark + (rng.uniform(40, 80) if low_contrast else rng.uniform(150, 230 - dark / 2))
    paper = dark + code * (light - dark)
    tint = rng.uniform(0.85, 1.1, 3).astype(np.float32)
    bg = _background(rng)
    frame = bg * (1 - mask[:, :, None]) + (paper[:, :, None] * tint) * mask[:, :, None]
    frame *= _lighting(rng, rng.uniform(0.0, 0.9))[:, :, None]

    blur = float(rng.choice([0.0, rng.uniform(0.4, 1.8)], p=[0.5, 0.5]))
    if blur:
        frame = cv2.GaussianBlur(frame, (0, 0), blur)
    if rng.random() < 0.2:  # hand shake: motion blur along a random direction
        length = int(rng.integers(3, 9))
        kern = np.zeros((length, length), np.float32)
        kern[length // 2, :] = 1.0 / length
        kern = cv2.warpAffine(kern, cv2.getRotationMatrix2D((length / 2 - 0.5, length / 2 - 0.5),
                                                            float(rng.uniform(0, 180)), 1.0), (length, length))
        frame = cv2.filter2D(frame, -1, kern / max(kern.sum(), 1e-6))
    noise = float(rng.uniform(1, 10))
    frame += rng.normal(0, noise, frame.shape).astype(np.float32)
    frame = np.clip(frame, 0, 255).astype(np.uint8)
    quality = int(rng.integers(45, 95))  # camera and USB-MJPEG compression
    frame = cv2.imdecode(cv2.imencode(".jpg", frame, [cv2.IMWRITE_JPEG_QUALITY, quality])[1], cv2.IMREAD_COLOR)

    inner = np.array([[QUIET * k, QUIET * k], [s - QUIET * k, QUIET * k], [s - QUIET * k, s - QUIET * k],
                      [QUIET * k, s - QUIET * k]], np.float32).reshape(-1, 1, 2)
    poly = tuple((round(float(x), 1), round(float(y), 1)) for x, y in cv2.perspectiveTransform(inner, H).reshape(-1, 2))
    params = {"seed": seed, "module_px": round(module_px, 2), "modules": n - 2 * QUIET, "ec": ec,
              "angle": round(angle, 1), "skew": round(float(skew), 3), "blur": round(blur, 2),
              "noise": round(noise, 1), "low_contrast": bool(low_contrast), "jpeg": quality}
    return Sample(frame, text, raw, encoding, poly, params)


def hard_frames(count: int, seed: int = 0) -> list[Sample]:
    """`count` frames from consecutive seeds: the same list on every machine for the same arguments."""
    return [hard_frame(seed * 100_003 + i) for i in range(count)]
