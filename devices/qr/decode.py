"""One decoding pass over one image: zbar in binary mode (raw payload bytes), zxing-cpp, image loading."""
from __future__ import annotations

import ctypes
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .encoding import decode_raw, decode_segments, parse_eci_protocol, repair_zbar_text
from .errors import ImageUnreadable, QrError

try:
    from pyzbar import wrapper as _zw
    from pyzbar.pyzbar import _FOURCC, _image, _image_scanner, _symbols_for_image
except ImportError as exc:  # libzbar0 missing raises ImportError from pyzbar
    _zw = None
    _ZBAR_ERROR = f"pyzbar cannot load libzbar ({exc}); install the system package libzbar0"
else:
    _ZBAR_ERROR = ""

_CFG_BINARY = 4  # ZBAR_CFG_BINARY (zbar >= 0.23.1): hand back the payload bytes, no iconv guessing


@dataclass(frozen=True)
class DecodedCode:
    """A QR code found in an image: its text, the bytes as printed, how they were read, and where it is."""

    text: str
    raw: bytes
    encoding: str
    polygon: tuple[tuple[int, int], ...]
    decoder: str = "zbar"
    stage: str = ""
    meta: dict = field(default_factory=dict, compare=False)
    eci: int | None = None

    def to_json(self) -> dict:
        """A JSON-ready dict; raw bytes as hex so binary payloads survive a text channel."""
        return {"text": self.text, "encoding": self.encoding, "polygon": [list(p) for p in self.polygon],
                "raw_hex": self.raw.hex(), "decoder": self.decoder, "stage": self.stage, "eci": self.eci}


def to_gray(frame: np.ndarray) -> np.ndarray:
    """A contiguous 8-bit single-channel view of a camera frame (gray, BGR or BGRA)."""
    if not isinstance(frame, np.ndarray) or frame.size == 0:
        raise ImageUnreadable("not an image: expected a non-empty numpy array")
    if frame.dtype != np.uint8:
        raise ImageUnreadable(f"unsupported pixel type {frame.dtype}; camera frames are uint8")
    if frame.ndim == 2:
        return np.ascontiguousarray(frame)
    if frame.ndim == 3 and frame.shape[2] in (3, 4):
        import cv2
        code = cv2.COLOR_BGR2GRAY if frame.shape[2] == 3 else cv2.COLOR_BGRA2GRAY
        return cv2.cvtColor(frame, code)
    if frame.ndim == 3 and frame.shape[2] == 1:
        return np.ascontiguousarray(frame[:, :, 0])
    raise ImageUnreadable(f"unsupported image shape {frame.shape}")


class ZbarDecoder:
    """zbar restricted to QR codes, asking for raw bytes so Chinese payloads need no guessing.

    A fresh scanner per call is cheap (microseconds) and keeps the decoder safe to share across threads.
    Older libzbar without binary mode falls back to zbar's converted text plus our mojibake repair.
    """

    name = "zbar"

    def __init__(self) -> None:
        if _zw is None:
            raise QrError(_ZBAR_ERROR)

    def __call__(self, gray: np.ndarray) -> list[DecodedCode]:
        gray = np.ascontiguousarray(gray, dtype=np.uint8)
        h, w = gray.shape[:2]
        buf = gray.tobytes()  # kept alive until the scan is done: zbar reads this memory
        out = []
        with _image_scanner() as scanner:
            _zw.zbar_image_scanner_set_config(scanner, _zw.ZBarSymbol.NONE, _zw.ZBarConfig.CFG_ENABLE, 0)
            _zw.zbar_image_scanner_set_config(scanner, _zw.ZBarSymbol.QRCODE, _zw.ZBarConfig.CFG_ENABLE, 1)
            binary = _zw.zbar_image_scanner_set_config(scanner, _zw.ZBarSymbol.QRCODE, _CFG_BINARY, 1) == 0
            with _image() as image:
                _zw.zbar_image_set_format(image, _FOURCC["L800"])
                _zw.zbar_image_set_size(image, w, h)
                _zw.zbar_image_set_data(image, buf, len(buf), None)
                if _zw.zbar_scan_image(scanner, image) <= 0:
                    return []
                for sym in _symbols_for_image(image):
                    data = ctypes.string_at(_zw.zbar_symbol_get_data(sym), _zw.zbar_symbol_get_data_length(sym))
                    if binary:
                        text, enc = decode_raw(data)
                        raw = data
                    else:
                        text, raw, enc = repair_zbar_text(data)
                    n = _zw.zbar_symbol_get_loc_size(sym)
                    poly = tuple((int(_zw.zbar_symbol_get_loc_x(sym, i)), int(_zw.zbar_symbol_get_loc_y(sym, i)))
                                 for i in range(n))
                    out.append(DecodedCode(text, raw, enc, poly, "zbar"))
        return out


class ZxingDecoder:
    """zxing-cpp restricted to QR codes; it reports the payload bytes itself, so no repair is needed.

    Read in its HexECI text mode, which also carries any ECI (character set) the code declares,
    so a Shift_JIS or UTF-8 code that says what it is needs no guessing.
    """

    name = "zxing"

    def __init__(self, thorough: bool = True) -> None:
        """`thorough=False` skips zxing's extra passes (rotated 1D scan, downscaled copies, inverted
        colours): same QR rate on most frames at about 60% of the time, so it makes the cheap first pass."""
        self._options = {} if thorough else {"try_rotate": False, "try_downscale": False, "try_invert": False}
        try:
            import zxingcpp
        except ImportError:
            raise QrError("the zxing-cpp package is not installed (pip install zxing-cpp)") from None
        self._zx = zxingcpp
        self._formats = zxingcpp.BarcodeFormat.QRCode
        self._options["text_mode"] = zxingcpp.TextMode.HexECI

    def __call__(self, image: np.ndarray) -> list[DecodedCode]:
        if not isinstance(image, np.ndarray) or image.dtype != np.uint8 or image.ndim not in (2, 3):
            image = to_gray(image)  # raises ImageUnreadable with the reason
        out = []
        for r in self._zx.read_barcodes(np.ascontiguousarray(image), formats=self._formats, **self._options):
            data = bytes(r.bytes)
            try:
                text, data2, enc, eci = decode_segments(parse_eci_protocol(bytes.fromhex(r.text)))
            except ValueError:   # not hex after all: read the bytes without ECI
                (text, enc), data2, eci = decode_raw(data), data, None
            if data2 != data:    # the protocol text disagreeing with the bytes: trust the bytes
                (text, enc), eci = decode_raw(data), None
            p = r.position
            poly = tuple((int(q.x), int(q.y)) for q in (p.top_left, p.top_right, p.bottom_right, p.bottom_left))
            out.append(DecodedCode(text, data, enc, poly, "zxing", eci=eci))
        return out


def load_image(source: str | Path | bytes) -> np.ndarray:
    """A gray image from a file path or encoded bytes, or ImageUnreadable saying why not.

    OpenCV returns None for anything it cannot parse instead of raising; we turn that into an error
    that names the file, so a corrupt upload is reported, never silently treated as "no code".
    """
    import cv2
    label = "data" if isinstance(source, (bytes, bytearray)) else str(source)
    if isinstance(source, (bytes, bytearray)):
        data = bytes(source)
    else:
        try:
            data = Path(source).read_bytes()
        except FileNotFoundError:
            raise ImageUnreadable(f"{label}: no such file") from None
        except IsADirectoryError:
            raise ImageUnreadable(f"{label}: is a directory, not an image") from None
        except OSError as exc:
            raise ImageUnreadable(f"{label}: cannot read ({exc.strerror or exc})") from None
    if not data:
        raise ImageUnreadable(f"{label}: empty file")
    quiet = cv2.utils.logging.LOG_LEVEL_SILENT  # our error names the file; OpenCV's own log lines add noise
    previous = cv2.utils.logging.getLogLevel()
    cv2.utils.logging.setLogLevel(quiet)
    try:
        img = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_GRAYSCALE)
    except cv2.error as exc:
        raise ImageUnreadable(f"{label}: not a readable image ({str(exc).strip().splitlines()[-1]})") from None
    finally:
        cv2.utils.logging.setLogLevel(previous)
    if img is None or img.size == 0:
        raise ImageUnreadable(f"{label}: not a readable image (corrupt, truncated or not an image format)")
    return img
