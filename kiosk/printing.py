"""Printing at the kiosk: the documents a citizen takes away and the one way they reach the printer.

One role of the kiosk core: `print_async` opens the configured printer on a worker thread (kiosk.background)
and always answers `done(ok, problem)` on the UI thread, whatever goes wrong, so a screen saying
"正在打印…" always moves on. The documents are built from the journey (kiosk/citizen.py).
"""
from __future__ import annotations

import datetime as dt
from typing import Callable

from .background import Post, describe, run_task
from .citizen import Journey
from .heartbeat import DeviceReport


class Printing:
    def __init__(self, printer_url: str, journey: Journey, devices: DeviceReport, post: Post):
        self.printer_url = printer_url
        self.journey = journey
        self.devices = devices
        self.post = post
        self.last_problem: str | None = None
        self.sink: Callable[[bytes], None] | None = None   # the tour's previews of each printout

    def print_async(self, doc, done: Callable[[bool, str | None], None]) -> None:
        """Print on a worker thread; `done(ok, problem)` comes back on the UI thread, exactly once."""
        from devices.printer import PrinterError, open_printer

        def work() -> bytes:
            printer = open_printer(self.printer_url)
            try:
                return printer.print_document(doc)
            finally:
                printer.close()

        def printed(data: bytes) -> None:
            self._note(None)
            if self.sink is not None:
                self.sink(data)
            done(True, None)

        def failed(exc: BaseException) -> None:
            problem = describe(exc) if isinstance(exc, PrinterError) else f"printer error: {describe(exc)}"
            self._note(problem)
            done(False, problem)

        run_task("print", work, printed, failed, self.post, expected=(PrinterError,))

    def _note(self, problem: str | None) -> None:
        self.devices.note("printer", "failed" if problem else "ready", problem or "printed")
        self.last_problem = problem

    # -- documents -----------------------------------------------------------------------------------

    def notice_document(self):
        from . import printouts
        return printouts.notice_checklist(self.journey.notice())

    def ticket_document(self, result: dict):
        from . import printouts
        theme = self.journey.theme
        loc, _here = self.journey.where(theme)
        return printouts.ticket(theme.name, result["ticket"], loc.window, loc.name, dt.datetime.now(),
                                self.journey.status_url(result) if result.get("receipt") else None,
                                result.get("wait"))

    def receipt_document(self, result: dict):
        from . import printouts
        name = (self.journey.session.card or {}).get("name")
        return printouts.receipt(self.journey.theme.name, result, name, self.journey.status_url(result))

    def provisional_document(self):
        from . import printouts
        theme = self.journey.theme
        loc, _here = self.journey.where(theme)
        return printouts.provisional_receipt(theme.name, self.journey.session.outbox_ref, loc.window, loc.name,
                                             dt.datetime.now())
