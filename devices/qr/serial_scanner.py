"""Scanners in serial (USB-COM) mode: one scan per line, payload bytes as printed in the code."""
from __future__ import annotations

import time

from .encoding import decode_raw
from .errors import ScannerUnavailable, ScannerUnplugged
from .scanner import Scan, Scanner, parse

try:
    import serial
except ImportError:  # pragma: no cover - pyserial is a declared dependency
    serial = None

MAX_LINE = 8192  # a QR code holds at most 2953 bytes; anything longer is line noise without a terminator


class SerialScanner(Scanner):
    """Read CR, LF or CRLF terminated scans from a serial line.

    Serial mode is the reliable path for Chinese: the scanner sends the code's bytes untouched, so the
    same UTF-8/GBK detection as for camera frames applies. A keyboard wedge cannot type hanzi at all.
    """

    def __init__(self, port, name: str) -> None:
        self._port = port
        self.name = name
        self._buf = bytearray()

    @classmethod
    def from_url(cls, url: str) -> "SerialScanner":
        if serial is None:
            raise ScannerUnavailable(f"{url}: the pyserial package is not installed (pip install pyserial)")
        u = parse(url)
        params, path = u.params, u.path
        if not path:
            raise ScannerUnavailable(f"{url}: no device path, e.g. serial:///dev/ttyACM0?baud=9600")
        try:
            baud = int(params.get("baud", 9600))
        except ValueError:
            raise ScannerUnavailable(f"{url}: baud={params['baud']!r} is not a number") from None
        try:
            port = serial.serial_for_url(path, baudrate=baud, timeout=0.1)
        except (serial.SerialException, OSError, ValueError) as exc:
            raise ScannerUnavailable(f"scanner {path}: cannot open ({exc})") from exc
        return cls(port, path)

    def _line(self) -> bytes | None:
        for i, b in enumerate(self._buf):
            if b in (0x0D, 0x0A):
                line = bytes(self._buf[:i])
                del self._buf[:i + 1]
                if line:
                    return line
                return self._line()  # the LF of a CRLF pair, or a blank line: not a scan
        return None

    def read(self, timeout: float) -> Scan | None:
        deadline = time.monotonic() + timeout
        while True:
            line = self._line()
            if line is not None:
                text, enc = decode_raw(line)
                return Scan(text, line, enc, self.name)
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            try:
                self._port.timeout = min(left, 0.1)
                chunk = self._port.read(max(1, self._port.in_waiting or 1))
            except (OSError, TypeError, AttributeError) + ((serial.SerialException,) if serial else ()) as exc:
                raise ScannerUnplugged(f"scanner {self.name}: {exc}") from exc
            self._buf += chunk
            if len(self._buf) > MAX_LINE:
                self._buf.clear()  # no terminator in sight: wrong baud rate or a wedge-mode scanner

    def close(self) -> None:
        try:
            self._port.close()
        except Exception:
            pass
