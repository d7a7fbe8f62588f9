"""The ID card reader as the journey uses it: listen while the identify screen shows, stop after.

Events arrive on the poller's thread and are handed to `post` (the UI thread). With `sim://` the reader
is the byte-level simulator on a pty, and `place_sample` lays a fixture card on it (demo and tour).
"""
from __future__ import annotations

import datetime as dt
from typing import Callable

from devices.idcard import CardPoller, IdCardError, IdCardReader, ReaderError, ReaderFault, ReaderUnplugged, Timeout

from .background import Loop

#: errors that say the reader itself is not working (the others are about the card in front of it)
READER_FAULTS = (ReaderError, ReaderUnplugged, Timeout, ReaderFault)


class CardReaderService:
    def __init__(self, url: str, post: Callable[[Callable[[], None]], None],
                 note: Callable[[str, str, str], None] | None = None):
        self.url = url
        self.post = post
        self.note = note or (lambda device, state, reason: None)    # device health for the heartbeat
        self.sim = None
        if url.startswith("sim://"):
            from devices.idcard.simulated import SimulatedReader

            self.sim = SimulatedReader(card=None).start()
            self.reader = IdCardReader(self.sim.port)
        else:
            self.reader = IdCardReader(url)
        self.poller: CardPoller | None = None

    def listen(self, on_card: Callable[[dict], None], on_problem: Callable[[str], None]) -> None:
        self.stop_listening()

        def card(c):
            data = c.to_dict(on=dt.date.today())
            self.note("idcard", "ready", "read a card")
            self.post(lambda: on_card(data))

        def problem(err: IdCardError):
            if isinstance(err, READER_FAULTS):
                self.note("idcard", "failed", err.reason)
            self.post(lambda: on_problem(err.reason))

        poller = CardPoller(self.reader, on_card=card, on_removed=problem, on_error=problem)

        def step() -> float:
            poller.poll_once()
            return poller.interval * (5 if poller.unplugged else 1)

        def failed(message: str) -> None:   # poll_once reports its own errors; this is the last net
            self.note("idcard", "failed", message)
            self.post(lambda: on_problem(message))

        self.poller = poller
        self._loop = Loop("idcard-poller", step, backoff=1.0, max_backoff=10.0, on_error=failed).start()

    def stop_listening(self) -> None:
        if self.poller is not None:
            self._loop.stop()
            self.reader.close()
            self.poller = None

    def place_sample(self, name: str = "resident") -> None:
        """Simulator only: lay a fixture card on the reader, as a citizen would."""
        if self.sim is None:
            raise RuntimeError("only the simulated reader takes sample cards")
        from devices.idcard.fixtures import CARDS

        self.sim.place(CARDS[name])

    def close(self) -> None:
        self.stop_listening()
        self.reader.close()
        if self.sim is not None:
            self.sim.stop()
