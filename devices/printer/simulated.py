"""The sim:// printer: records what it is sent, answers status per its fault settings, fails on demand."""
from __future__ import annotations

from escpos.exceptions import DeviceNotFoundError
from escpos.printer import Dummy

from .commands import PAPER_STATUS_QUERY
from .driver import EscposPrinter
from .interface import STATUS_BYTES, PaperStatus
from .render import RenderOptions

FAULTS = ("open", "write", "timeout")


class SimDriver(Dummy):
    """A python-escpos Dummy that also answers DLE EOT 4, like a printer on a serial line would.

    paper: ok, near_end, out, or unknown (no reply at all).
    fail: open (device not found), write (device unplugged mid-job), timeout (write times out).
    Status queries are answered but not recorded in `.output`, so tests compare the job's bytes only.
    """

    def __init__(self, paper: str = "ok", fail: str | None = None) -> None:
        super().__init__()
        if paper not in {s.value for s in PaperStatus}:
            raise ValueError(f"sim paper={paper!r}: use ok, near_end, out or unknown")
        if fail is not None and fail not in FAULTS:
            raise ValueError(f"sim fail={fail!r}: use one of {', '.join(FAULTS)}")
        self.paper = PaperStatus(paper)
        self.fail = fail
        self.queries = 0
        self._pending = b""

    def open(self) -> None:
        if self.fail == "open":
            raise DeviceNotFoundError("simulated printer is not connected (sim://?fail=open)")

    def _raw(self, msg: bytes) -> None:
        if msg == PAPER_STATUS_QUERY:
            self.queries += 1
            status = STATUS_BYTES.get(self.paper)
            self._pending = bytes([status]) if status is not None else b""
            return
        if self.fail == "write":
            raise OSError(19, "No such device (simulated: sim://?fail=write)")
        if self.fail == "timeout":
            raise TimeoutError("simulated write timeout (sim://?fail=timeout)")
        super()._raw(msg)

    def _read(self) -> bytes:
        reply, self._pending = self._pending, b""
        return reply


class SimPrinter(EscposPrinter):
    """The simulator behind the Printer interface, with the recorded bytes at hand for tests."""

    def __init__(self, url: str = "sim://", paper: str = "ok", fail: str | None = None,
                 options: RenderOptions | None = None) -> None:
        super().__init__(url, SimDriver(paper, fail), options, can_read=True, label=url)

    @property
    def output(self) -> bytes:
        """Every job byte received so far (status queries excluded)."""
        return self.driver.output

    def clear(self) -> None:
        self.driver.clear()

    def set_paper(self, paper: str) -> None:
        """Change the fault setting mid-test, as staff pulling the roll would."""
        self.driver.paper = PaperStatus(paper)
