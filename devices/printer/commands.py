"""ESC/POS command bytes for the subset this kiosk emits and the previewer reads back."""
from __future__ import annotations

ESC, GS, FS, DLE, EOT, LF = b"\x1b", b"\x1d", b"\x1c", b"\x10", b"\x04", b"\n"

INIT = ESC + b"@"
#: FS & selects Chinese (double-byte) mode; FS . leaves it. python-escpos 3.1 never sends FS &,
#: so hanzi only print on printers that happen to power up in Chinese mode.
CHINESE_ON = FS + b"&"
CHINESE_OFF = FS + b"."
#: DLE EOT 4: real-time paper sensor status, answered with one byte even while the printer is busy.
PAPER_STATUS_QUERY = DLE + EOT + b"\x04"

ALIGN_CODES = {"left": 0, "center": 1, "right": 2}
QR_EC_CODES = {"L": 48, "M": 49, "Q": 50, "H": 51}
QR_CN = 49  # cn = 49 selects QR Code among the GS ( k 2D symbols


def align(how: str) -> bytes:
    """ESC a n: justification of the following lines, raster images and 2D codes."""
    return ESC + b"a" + bytes([ALIGN_CODES[how]])


def bold(on: bool) -> bytes:
    """ESC E n: emphasised (bold) mode."""
    return ESC + b"E" + bytes([1 if on else 0])


def size(width: int, height: int) -> bytes:
    """GS ! n: character width and height multipliers 1..8 (applies to hanzi too)."""
    return GS + b"!" + bytes([((width - 1) << 4) | (height - 1)])


def feed(lines: int) -> bytes:
    """ESC d n: print the buffer and feed n lines."""
    return ESC + b"d" + bytes([max(0, min(255, lines))])


def cut(partial: bool = False) -> bytes:
    """GS V m (function A): cut at the current position; feed first so the last line clears the cutter."""
    return GS + b"V" + (b"\x01" if partial else b"\x00")


def raster_image(width_bytes: int, height: int, data: bytes) -> bytes:
    """GS v 0 m xL xH yL yH d...: a raster bit image, 1 bits are black, rows packed MSB first."""
    if len(data) != width_bytes * height:
        raise ValueError(f"raster data is {len(data)} bytes, expected {width_bytes * height}")
    return (GS + b"v0\x00" + width_bytes.to_bytes(2, "little") + height.to_bytes(2, "little")
            + data)


def _qr(fn: int, payload: bytes) -> bytes:
    # GS ( k pL pH cn fn [params]: pL pH count the bytes after themselves.
    return GS + b"(k" + (len(payload) + 2).to_bytes(2, "little") + bytes([QR_CN, fn]) + payload


def qr_model() -> bytes:
    """Function 165 (fn 65): select QR model 2, the one every phone reads."""
    return _qr(65, b"\x32\x00")


def qr_module_size(dots: int) -> bytes:
    """Function 167 (fn 67): module size in dots."""
    return _qr(67, bytes([dots]))


def qr_error_correction(level: str) -> bytes:
    """Function 169 (fn 69): error correction level L/M/Q/H."""
    return _qr(69, bytes([QR_EC_CODES[level]]))


def qr_store(data: bytes) -> bytes:
    """Function 180 (fn 80, m = 48): store the symbol data."""
    if len(data) > 7089:
        raise ValueError("QR data longer than 7089 bytes")
    return _qr(80, b"\x30" + data)


def qr_print() -> bytes:
    """Function 181 (fn 81, m = 48): print the stored symbol."""
    return _qr(81, b"\x30")
