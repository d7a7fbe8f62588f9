"""The document camera used as a QR scanner: a code held up to it is read from the frames."""
from __future__ import annotations

import time

from .errors import ScannerUnavailable, ScannerUnplugged
from .scanner import Scan, Scanner

REPEAT_S = 3.0     # the same code seen again within this time is the same scan, not a new one


class CameraScanner(Scanner):
    """Reads frames from a camera (devices.camera URL) and decodes them with the full cascade.

    A code held still in front of the camera is in many consecutive frames; it is reported once,
    and again only after it has been out of sight for REPEAT_S.
    """

    def __init__(self, camera_url: str) -> None:
        from devices.camera import CameraError, open_camera

        from .cascade import CascadeDecoder
        try:
            self._camera = open_camera(camera_url)
        except CameraError as exc:
            raise ScannerUnavailable(f"camera {camera_url}: {exc}") from exc
        self._error = CameraError
        self.name = f"camera:{camera_url}"
        self._decode = CascadeDecoder()
        self._last: tuple[bytes, float] | None = None

    def read(self, timeout: float) -> Scan | None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                frame = self._camera.read()
            except self._error as exc:
                raise ScannerUnplugged(f"{self.name}: {exc}") from exc
            if frame is None:
                time.sleep(0.02)
                continue
            codes = self._decode.decode(frame)
            now = time.monotonic()
            if not codes:
                continue
            code = codes[0]
            seen = self._last is not None and self._last[0] == code.raw and now - self._last[1] < REPEAT_S
            self._last = (code.raw, now)
            if not seen:
                return Scan(code.text, code.raw, code.encoding, self.name)
        return None

    def close(self) -> None:
        try:
            self._camera.close()
        except Exception:
            pass
