"""Simulated scanners speaking the real bytes: a pty peer for serial mode, key events for a wedge."""
from __future__ import annotations

import os
import time
import tty
from collections import deque

from .errors import ScannerUnavailable
from .keymap import KeyWedgeParser, key_events
from .scanner import Scan, Scanner, query
from .serial_scanner import SerialScanner


class PtyScannerPeer:
    """The scanner's end of a pseudo-terminal: writes scans as a USB-COM scanner would.

    Faults on purpose, like a real line: `chunk` splits each scan into small writes with a pause (the
    driver must reassemble), `terminator` picks CR, LF or CRLF, `garbage` sends bytes of line noise
    first.
    """

    def __init__(self, terminator: bytes = b"\r\n", chunk: int = 0) -> None:
        self.master, slave = os.openpty()
        tty.setraw(slave)
        self.path = os.ttyname(slave)
        self._slave = slave  # kept open so the line stays up until the driver opens it
        self.terminator = terminator
        self.chunk = chunk

    def scan(self, payload: str | bytes, encoding: str = "utf-8") -> bytes:
        data = payload if isinstance(payload, bytes) else payload.encode(encoding)
        frame = data + self.terminator
        step = self.chunk or len(frame)
        for i in range(0, len(frame), step):
            os.write(self.master, frame[i:i + step])
            if self.chunk:
                time.sleep(0.01)
        return frame

    def send_raw(self, data: bytes) -> None:
        os.write(self.master, data)

    def close(self) -> None:
        for fd in (self.master, self._slave):
            try:
                os.close(fd)
            except OSError:
                pass


class SimSerialScanner(SerialScanner):
    """The real serial driver on a pty, with the peer at `.peer` for tests and demos."""

    def __init__(self, peer: PtyScannerPeer) -> None:
        import serial
        self.peer = peer
        super().__init__(serial.Serial(peer.path, 9600, timeout=0.1), f"sim:{peer.path}")

    def close(self) -> None:
        super().close()
        self.peer.close()


class SimWedgeScanner(Scanner):
    """A keyboard wedge without /dev/input: the key events it would send go through the real parser."""

    name = "sim:wedge"

    def __init__(self) -> None:
        self._parser = KeyWedgeParser()
        self._events: deque[tuple[int, int, int]] = deque()

    def scan(self, text: str) -> None:
        self._events.extend(key_events(text))

    def feed_events(self, events) -> None:
        self._events.extend(events)

    def read(self, timeout: float) -> Scan | None:
        while self._events:
            text = self._parser.feed(*self._events.popleft())
            if text:
                return Scan(text, None, "keyboard", self.name)
        time.sleep(min(timeout, 0.01))
        return None

    def close(self) -> None:
        self._events.clear()


def open_sim_scanner(url: str) -> Scanner:
    """`sim://` (serial mode on a pty) or `sim://?mode=wedge`; `terminator=cr|lf|crlf`, `chunk=N`."""
    params = query(url)
    mode = params.get("mode", "serial")
    if mode == "wedge":
        return SimWedgeScanner()
    if mode != "serial":
        raise ScannerUnavailable(f"scanner URL {url}: mode must be serial or wedge, not {mode!r}")
    term = {"cr": b"\r", "lf": b"\n", "crlf": b"\r\n"}.get(params.get("terminator", "crlf").lower())
    if term is None:
        raise ScannerUnavailable(f"scanner URL {url}: terminator must be cr, lf or crlf")
    try:
        chunk = int(params.get("chunk", 0))
    except ValueError:
        raise ScannerUnavailable(f"scanner URL {url}: chunk must be a number") from None
    return SimSerialScanner(PtyScannerPeer(term, chunk))
