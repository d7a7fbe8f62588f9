"""The byte transport under the SAM protocol, and choosing one from a URL-like setting."""
from __future__ import annotations

import time
from abc import ABC, abstractmethod


class Transport(ABC):
    """A line to the reader: the least a serial port, a libusb bulk pipe or a test double must offer.

    Kept apart from the protocol because some readers are USB bulk devices, not serial ports. Failures
    of the line itself are raised as `ReaderUnplugged` (or `PortUnavailable` when opening).
    """

    name: str = "?"

    @abstractmethod
    def write(self, data: bytes) -> None:
        """Send every byte."""

    @abstractmethod
    def read(self, n: int, timeout: float) -> bytes:
        """Return exactly n bytes, or fewer if `timeout` seconds pass first (never raises for silence)."""

    @abstractmethod
    def close(self) -> None:
        """Release the line; safe to call twice."""

    def discard_input(self, quiet: float = 0.0) -> None:
        """Drop whatever is waiting, and with `quiet` > 0 keep dropping until the line is silent that long.

        Called before each request so a late or broken reply cannot be mistaken for the next answer.
        """
        deadline = time.monotonic() + max(quiet * 10, 0.5)
        while quiet > 0 and time.monotonic() < deadline and self.read(4096, quiet):
            pass

    def __enter__(self) -> "Transport":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


DEFAULT_BAUD = 115200


def open_transport(url: str, timeout: float = 1.0) -> Transport:
    """Open the reader named by configuration.

    `serial:///dev/ttyUSB0?baud=9600`, a plain device path (`/dev/ttyUSB0`, `COM3`), any pyserial URL
    (`loop://`, `socket://host:port`, `rfc2217://...`), or `sim://?card=resident` for the built-in
    simulator on a pseudo-terminal.
    """
    if url.startswith("sim://"):
        from .simulated import open_sim_url  # only a test or demo pays for the simulator
        return open_sim_url(url, timeout)
    from .serial_transport import SerialTransport
    return SerialTransport.from_url(url, timeout)
