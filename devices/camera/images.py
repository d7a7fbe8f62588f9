"""Load and check still images (files a citizen or a test supplies): a clear error, never a crash."""
from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np

MAX_PIXELS = 60_000_000


class ImageError(ValueError):
    """An image cannot be used: missing, unreadable, corrupt, truncated or of the wrong shape."""


def _truncated_jpeg(data: bytes) -> bool:
    # libjpeg pads a truncated file with grey and only warns on stderr; the EOI marker tells us.
    return data[:2] == b"\xff\xd8" and not data.rstrip(b"\x00\r\n ").endswith(b"\xff\xd9")


def decode_image(data: bytes, name: str = "image") -> np.ndarray:
    """BGR pixels from encoded bytes; raises ImageError naming the problem instead of returning None."""
    if not data:
        raise ImageError(f"{name}: the file is empty")
    if _truncated_jpeg(data):
        raise ImageError(f"{name}: the JPEG file is truncated (incomplete download or copy?)")
    buf = np.frombuffer(data, np.uint8)
    try:
        image = cv2.imdecode(buf, cv2.IMREAD_COLOR)
    except cv2.error as exc:
        raise ImageError(f"{name}: not a readable image ({str(exc).strip().splitlines()[-1]})") from None
    if image is None:
        raise ImageError(f"{name}: not a readable image (corrupt, or not JPEG/PNG/BMP/TIFF/WebP)")
    return check_image(image, name)


def load_image(path: str | Path) -> np.ndarray:
    """Read an image file as BGR; ImageError for a missing, unreadable or corrupt file."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except FileNotFoundError:
        raise ImageError(f"{p}: no such file") from None
    except IsADirectoryError:
        raise ImageError(f"{p}: is a directory, not an image") from None
    except OSError as exc:
        raise ImageError(f"{p}: cannot read ({exc.strerror or exc})") from None
    return decode_image(data, str(p))


def check_image(image: object, name: str = "image") -> np.ndarray:
    """The same pixels as 3-channel uint8 BGR, or ImageError; detection code relies on this shape."""
    if not isinstance(image, np.ndarray) or image.size == 0:
        raise ImageError(f"{name}: no pixels")
    if image.dtype != np.uint8:
        raise ImageError(f"{name}: expected 8-bit pixels, got {image.dtype}")
    if image.ndim == 2:
        image = cv2.cvtColor(image, cv2.COLOR_GRAY2BGR)
    elif image.ndim == 3 and image.shape[2] == 4:
        image = cv2.cvtColor(image, cv2.COLOR_BGRA2BGR)
    elif image.ndim != 3 or image.shape[2] != 3:
        raise ImageError(f"{name}: unsupported pixel layout {image.shape}")
    h, w = image.shape[:2]
    if h < 32 or w < 32:
        raise ImageError(f"{name}: too small ({w}x{h}) to hold a page")
    if h * w > MAX_PIXELS:
        raise ImageError(f"{name}: too large ({w}x{h})")
    return image
