"""The QR scanner as the journey uses it: one background reader, scans handed to the screen showing.

Whatever screen is current may take scans (status lookup: a receipt's QR; the form: a business
licence's QR); with none taking them a scan is dropped, so a code read on the wrong screen never
acts later. Health goes to the heartbeat's device report; a scanner unplugged is reopened.
"""
from __future__ import annotations

import logging
import threading
from typing import TYPE_CHECKING, Callable

if TYPE_CHECKING:   # devices.qr pulls in OpenCV and the decoders: imported on the reader's thread
    from devices.qr import Scan

log = logging.getLogger(__name__)
REOPEN_S = 2.0


class QrScanService:
    def __init__(self, url: str, camera_url: str, post: Callable[[Callable[[], None]], None],
                 note: Callable[[str, str, str], None] | None = None):
        self.url, self.camera_url = url, camera_url
        self.post = post
        self.note = note or (lambda device, state, reason: None)
        self._handler: "Callable[[Scan], None] | None" = None
        self._stop = threading.Event()
        self._opened = threading.Event()
        self._thread: threading.Thread | None = None
        self.scanner = None
        self.problem: str | None = None

    @property
    def on_demand(self) -> bool:
        """The camera is shared with document capture: it is opened only while a screen takes scans."""
        return self.url.strip().lower() == "camera"

    def set_handler(self, handler: "Callable[[Scan], None] | None") -> None:
        """UI thread: the current screen's scan handler, or None."""
        self._handler = handler

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="qr-scanner", daemon=True)
            self._thread.start()

    def wait_open(self, timeout: float) -> bool:
        return self._opened.wait(timeout)

    def _open(self) -> bool:
        from devices.qr import ScannerUnavailable, open_scanner

        try:
            self.scanner = open_scanner(self.url, self.camera_url)
        except ScannerUnavailable as exc:
            self.problem = str(exc)
            self.note("qr", "failed", str(exc))
            log.error("QR scanner: %s", exc)
            return False
        self.problem = None
        self.note("qr", "ready", f"{self.scanner.name} open")
        self._opened.set()
        return True

    def _close(self) -> None:
        if self.scanner is not None:
            self.scanner.close()
            self.scanner = None

    def _run(self) -> None:
        from devices.qr import ScannerUnplugged

        while not self._stop.is_set():
            if self.on_demand and self._handler is None:
                self._close()
                self._stop.wait(0.2)
                continue
            if self.scanner is None and not self._open():
                self._stop.wait(REOPEN_S)
                continue
            try:
                scan = self.scanner.read(0.2)
            except ScannerUnplugged as exc:
                self.note("qr", "failed", str(exc))
                log.error("QR scanner: %s", exc)
                self._close()
                self._stop.wait(REOPEN_S)
                continue
            if scan is not None:
                log.info("QR scanned (%d characters, %s)", len(scan.text), scan.encoding)   # never the text
                self.post(lambda s=scan: self._deliver(s))
        self._close()

    def _deliver(self, scan: "Scan") -> None:
        if self._handler is not None:
            self._handler(scan)

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=2)
            self._thread = None
