"""The Printer interface over any python-escpos driver: status via DLE EOT, errors as PrinterError."""
from __future__ import annotations

import socket
from typing import Any

from escpos.escpos import Escpos
from escpos.exceptions import DeviceNotFoundError

from .commands import PAPER_STATUS_QUERY
from .document import Document
from .interface import Health, HealthState, PaperStatus, Printer, PrinterError, parse_paper_status
from .render import RenderOptions, render


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return " ".join(part.strip() for part in text.splitlines() if part.strip())


def classify(exc: BaseException, label: str, timeout: float | None = None) -> PrinterError:
    """Map whatever the transport raised (OSError, SerialException, USBError...) to one PrinterError."""
    if isinstance(exc, PrinterError):
        return exc
    name = type(exc).__name__
    if isinstance(exc, (socket.timeout, TimeoutError)) or "Timeout" in name:
        after = f" after {timeout:g} s" if timeout else ""
        return PrinterError("write_timeout", f"printer {label}: write timed out{after} "
                                             "(printer busy, offline or cover open)")
    if name == "NoBackendError":   # pyusb is there but not the C library it drives
        return PrinterError("missing_package", f"printer {label}: USB printing needs libusb-1.0 "
                                               "(Debian package libusb-1.0-0); no USB backend was found")
    if isinstance(exc, DeviceNotFoundError):
        return PrinterError("not_found", f"printer {label} not found: {_first_line(exc)}")
    return PrinterError("device_gone", f"printer {label} stopped answering: {_first_line(exc)}")


class EscposPrinter(Printer):
    """A python-escpos driver (Usb, Serial, Network, File, or the simulator) behind our interface.

    Only `_raw` and `_read` of the driver are used: our renderer makes the bytes, because 3.1's
    text path mishandles hanzi and full-width punctuation.
    """

    def __init__(self, url: str, driver: Escpos, options: RenderOptions | None = None,
                 can_read: bool = True, label: str | None = None,
                 timeout: float | None = None) -> None:
        self.url = url
        self.driver = driver
        self.options = options or RenderOptions()
        self.can_read = can_read
        self.label = label or url
        self.timeout = timeout
        self.last_error: PrinterError | None = None

    def connect(self) -> None:
        """Open the connection now, so a missing device is reported at start-up, not at the first ticket."""
        try:
            self.driver.open()
        except Exception as exc:  # the drivers raise DeviceNotFoundError, OSError, RuntimeError
            raise self._failed(classify(exc, self.label, self.timeout)) from exc
        if self.driver._device is None:  # opened with raise_not_found=False semantics
            raise self._failed(PrinterError("not_found", f"printer {self.label} not found"))
        self._after_connect()

    def _after_connect(self) -> None:
        """Hook for transport settings python-escpos does not expose (serial write timeout)."""

    def _failed(self, err: PrinterError) -> PrinterError:
        self.last_error = err
        return err

    def send(self, data: bytes) -> None:
        """Send raw bytes; any transport failure becomes a PrinterError with a one-line reason."""
        try:
            self.driver._raw(data)
        except Exception as exc:
            raise self._failed(classify(exc, self.label, self.timeout)) from exc

    def print_document(self, doc: Document) -> bytes:
        """Refuse before sending when the sensor says paper out: a half ticket is worse than none."""
        if self.paper_status() is PaperStatus.OUT:
            raise self._failed(PrinterError("paper_out", f"printer {self.label}: paper out, "
                                                         "load a new roll"))
        data = render(doc, self.options)
        self.send(data)
        self.last_error = None
        return data

    def _read_reply(self) -> bytes:
        return bytes(self.driver._read())

    def paper_status(self) -> PaperStatus:
        """DLE EOT 4 where the connection reads back; a transport error is kept for health()."""
        if not self.can_read:
            return PaperStatus.UNKNOWN
        try:
            self.driver._raw(PAPER_STATUS_QUERY)
            reply = self._read_reply()
        except Exception as exc:
            self._failed(classify(exc, self.label, self.timeout))
            return PaperStatus.UNKNOWN
        return parse_paper_status(reply)

    def health(self) -> Health:
        """Asks the printer now; a failure from the last job counts until the printer answers again."""
        status = self.paper_status()
        if status is PaperStatus.OUT:
            return Health(HealthState.FAILED, f"printer {self.label}: paper out")
        if status is PaperStatus.NEAR_END:
            self.last_error = None
            return Health(HealthState.DEGRADED, f"printer {self.label}: paper near end, "
                                                "replace the roll soon")
        if status is PaperStatus.OK:
            self.last_error = None
            return Health(HealthState.READY, f"printer {self.label}: ready")
        if self.last_error is not None:
            return Health(HealthState.FAILED, self.last_error.reason)
        why = "cannot report paper status" if not self.can_read else "did not answer the status query"
        return Health(HealthState.PRESENT, f"printer {self.label}: connected, {why}")

    def close(self) -> None:
        try:
            self.driver.close()
        except Exception:  # closing a vanished device must not mask the error that matters
            pass

    def __enter__(self) -> "EscposPrinter":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


class SerialPrinter(EscposPrinter):
    """Serial line: reads one status byte (escpos waits for 16) and sets a write timeout."""

    def _after_connect(self) -> None:
        if self.timeout:
            self.driver.device.write_timeout = self.timeout

    def _read_reply(self) -> bytes:
        return bytes(self.driver.device.read(1))

    def paper_status(self) -> PaperStatus:
        try:
            self.driver.device.reset_input_buffer()  # a stale byte would be read as the answer
        except Exception:
            pass
        return super().paper_status()


class NetworkPrinter(EscposPrinter):
    """TCP: a short timeout for the status reply so a silent printer costs seconds, not a minute."""

    STATUS_TIMEOUT = 2.0

    def _read_reply(self) -> bytes:
        sock = self.driver.device
        old = sock.gettimeout()
        sock.settimeout(min(self.STATUS_TIMEOUT, old or self.STATUS_TIMEOUT))
        try:
            return sock.recv(16)
        except socket.timeout:
            return b""
        finally:
            sock.settimeout(old)
