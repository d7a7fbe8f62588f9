"""A background thread that polls the reader and reports through callbacks, never touching any UI."""
from __future__ import annotations

import logging
import threading
from typing import Callable

from .card import Card
from .errors import CardRemoved, IdCardError, NoCard, ReaderFault, ReaderUnplugged
from .reader import IdCardReader

log = logging.getLogger(__name__)


class CardPoller:
    """Polls `reader.read_card` every `interval` seconds on its own thread.

    Callbacks run on the poller thread: a Kivy screen must hop to the UI thread itself
    (`Clock.schedule_once`). `on_card(card)` fires once per placement (the reader will not find the
    same card again until it leaves the field). `on_removed(error)` fires when a card is pulled away
    mid-read. `on_error(error)` fires once per distinct failure, not on every poll, so a reader left
    unplugged does not flood the log; after it the poller keeps trying (the reader reconnects).
    A SAM reader cannot tell "card still lying there after a read" from "card taken away", so no
    event is invented for that.
    """

    def __init__(self, reader: IdCardReader, on_card: Callable[[Card], None],
                 on_removed: Callable[[IdCardError], None] | None = None,
                 on_error: Callable[[IdCardError], None] | None = None,
                 interval: float = 0.3, read_timeout: float = 3.0) -> None:
        self.reader = reader
        self.on_card = on_card
        self.on_removed = on_removed
        self.on_error = on_error
        self.interval = interval
        self.read_timeout = read_timeout
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._last_error: str | None = None
        self._unplugged = False

    def start(self) -> "CardPoller":
        if self._thread is None or not self._thread.is_alive():
            self._stop.clear()
            self._thread = threading.Thread(target=self._run, name="idcard-poller", daemon=True)
            self._thread.start()
        return self

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def poll_once(self) -> None:
        """One poll, reporting through the callbacks; the thread calls this, and so can a test."""
        self._unplugged = False
        try:
            card = self.reader.read_card(self.read_timeout)
        except NoCard:
            self._last_error = None
            return
        except CardRemoved as exc:
            self._last_error = None
            self._call(self.on_removed, exc)
            return
        except IdCardError as exc:
            self._report(exc, isinstance(exc, ReaderUnplugged))
            return
        except Exception as exc:  # noqa: BLE001 - unexpected: report it, reopen the line, keep polling
            log.exception("idcard poll failed unexpectedly")
            try:
                self.reader.close()
            except Exception:
                log.exception("idcard close failed")
            self._report(ReaderFault(f"{type(exc).__name__}: {exc}"), True)
            return
        except Exception as exc:    # a card no parser foresaw must not end the polling (cards would stop)
            log.error("idcard: unexpected %s while reading a card", type(exc).__name__)   # no card text
            error = IdCardError(type(exc).__name__)
            if error.reason != self._last_error:
                self._last_error = error.reason
                self._call(self.on_error, error)
            return
        self._last_error = None
        self._call(self.on_card, card)

    @property
    def unplugged(self) -> bool:
        """The last poll found no working reader: poll it more slowly (reopening a port is not free)."""
        return self._unplugged

    def _report(self, exc: IdCardError, unplugged: bool) -> None:
        self._unplugged = unplugged
        if exc.reason != self._last_error:
            self._last_error = exc.reason
            self._call(self.on_error, exc)

    def _call(self, callback, arg) -> None:
        if callback is None:
            return
        try:
            callback(arg)
        except Exception:  # a broken listener must not kill the poller
            log.exception("idcard callback failed")

    def _run(self) -> None:
        while not self._stop.is_set():
            self.poll_once()
            # A missing reader is retried more slowly: reopening a port is not free.
            self._stop.wait(self.interval * (5 if self._unplugged else 1))
        self.reader.close()
