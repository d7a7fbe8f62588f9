"""What the kiosk may ask of a receipt printer: print a document, paper status, health, one error type."""
from __future__ import annotations

import enum
from abc import ABC, abstractmethod
from dataclasses import dataclass

from ..health import DeviceError, Health, HealthState  # noqa: F401 - re-exported

from .document import Document


class PaperStatus(str, enum.Enum):
    """Paper sensor state; UNKNOWN when the connection cannot read back (file://) or got no answer."""

    OK = "ok"
    NEAR_END = "near_end"
    OUT = "out"
    UNKNOWN = "unknown"


class PrinterError(DeviceError):
    """Printing failed. Kinds: missing_package, not_found, device_gone, paper_out, write_timeout, bad_url."""


class Printer(ABC):
    """A receipt printer opened from a URL. The least a driver implements is these four methods."""

    url: str

    @abstractmethod
    def print_document(self, doc: Document) -> bytes:
        """Render and send `doc`; return the bytes sent. Raises PrinterError with a one-line reason."""

    @abstractmethod
    def paper_status(self) -> PaperStatus:
        """Ask the paper sensor; never raises, UNKNOWN when there is no answer."""

    @abstractmethod
    def health(self) -> Health:
        """State for the staff page and for deciding whether to offer printed tickets at all."""

    @abstractmethod
    def close(self) -> None:
        """Release the port, socket or USB interface."""


def parse_paper_status(reply: bytes) -> PaperStatus:
    """Decode the DLE EOT 4 reply byte.

    Bits 1 and 4 are always 1, bits 0 and 7 always 0: anything else is not a status byte (a stale
    reply or noise) and reads as UNKNOWN, where python-escpos 3.1 would say "paper adequate".
    Bits 2-3 are the near-end sensor, bits 5-6 the paper-end sensor.
    """
    if len(reply) < 1:
        return PaperStatus.UNKNOWN
    b = reply[-1]
    if b & 0b1001_0011 != 0b0001_0010:
        return PaperStatus.UNKNOWN
    if b & 0x60:
        return PaperStatus.OUT
    if b & 0x0C:
        return PaperStatus.NEAR_END
    return PaperStatus.OK


#: Reply bytes a printer sends for each state (used by the simulator and tests).
STATUS_BYTES = {PaperStatus.OK: 0x12, PaperStatus.NEAR_END: 0x1E, PaperStatus.OUT: 0x7E}
