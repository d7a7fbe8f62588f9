"""A decoder thread for live camera frames: always the newest frame, stale ones dropped, repeats suppressed."""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Callable

import numpy as np

from .decode import DecodedCode


@dataclass
class WorkerStats:
    """Counters a health page or a test can read: how many frames came, were decoded, were dropped."""

    submitted: int = 0
    decoded: int = 0
    dropped: int = 0
    reported: int = 0
    errors: int = 0
    last_decoded_id: int | None = None


class DecoderWorker:
    """Decode frames off the camera thread so the preview never waits for the decoder.

    The camera callback only swaps a frame into a one-slot mailbox (a bounded queue of 1) and returns;
    a frame still waiting when a newer one arrives is dropped, because decoding a frame the user has
    already moved on from only adds latency. A code seen again within `forget_after` seconds of its
    last sighting is not reported again: a slip held in front of the camera is one scan, not thirty.
    """

    def __init__(self, decode: Callable[[np.ndarray], list[DecodedCode]],
                 on_result: Callable[[list[DecodedCode], int], None],
                 on_error: Callable[[Exception, int], None] | None = None,
                 forget_after: float = 2.0) -> None:
        self._decode = decode
        self._on_result = on_result
        self._on_error = on_error
        self.forget_after = forget_after
        self.stats = WorkerStats()
        self._slot: tuple[int, np.ndarray] | None = None
        self._cond = threading.Condition()
        self._running = False
        self._busy = False
        self._thread: threading.Thread | None = None
        self._last_seen: dict[bytes, float] = {}
        self._next_id = 0

    def start(self) -> "DecoderWorker":
        with self._cond:
            if self._running:
                return self
            self._running = True
        self._thread = threading.Thread(target=self._loop, name="qr-decoder", daemon=True)
        self._thread.start()
        return self

    def stop(self, timeout: float = 5.0) -> None:
        """Stop after the frame being decoded; a frame still waiting is discarded."""
        with self._cond:
            self._running = False
            self._cond.notify_all()
        if self._thread is not None:
            self._thread.join(timeout)

    def submit(self, frame: np.ndarray) -> int:
        """Hand over a camera frame (never blocks); returns its id. Call from the camera callback."""
        with self._cond:
            frame_id = self._next_id
            self._next_id += 1
            self.stats.submitted += 1
            if self._slot is not None:
                self.stats.dropped += 1
            self._slot = (frame_id, frame)
            self._cond.notify()
        return frame_id

    def wait_idle(self, timeout: float = 10.0) -> bool:
        """True once no frame waits and none is being decoded (for tests and orderly shutdown)."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while self._slot is not None or self._busy:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._cond.wait(left)
        return True

    def _loop(self) -> None:
        while True:
            with self._cond:
                while self._running and self._slot is None:
                    self._cond.wait()
                if not self._running:
                    return
                frame_id, frame = self._slot
                self._slot = None
                self._busy = True
            try:
                self._handle(frame_id, frame)
            finally:
                with self._cond:
                    self._busy = False
                    self._cond.notify_all()

    def _handle(self, frame_id: int, frame: np.ndarray) -> None:
        try:
            codes = self._decode(frame)
        except Exception as exc:  # a bad frame must not kill the thread the kiosk depends on
            self.stats.errors += 1
            if self._on_error is not None:
                self._on_error(exc, frame_id)
            return
        self.stats.decoded += 1
        self.stats.last_decoded_id = frame_id
        now = time.monotonic()
        fresh = [c for c in codes if now - self._last_seen.get(c.raw, -1e9) > self.forget_after]
        for c in codes:
            self._last_seen[c.raw] = now
        if fresh:
            self.stats.reported += 1
            self._on_result(fresh, frame_id)
