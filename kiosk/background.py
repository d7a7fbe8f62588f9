"""The one way the kiosk runs work off the UI thread: every task ends in exactly one callback.

`run_task` runs a function once on a worker thread and reports either its result or its error, never
neither, never both, whatever the function raises (a proxy's HTML where JSON was expected, a port that is
not a number, a bug). `Loop` runs a step again and again (sending, catalogue sync, heartbeat, card
polling): an unexpected error is logged, kept in `last_error` for the staff page and retried with
backoff, so a background worker never dies silently. Callbacks go through `post` (the App sets it to
Clock.schedule_once), so results reach widgets on the UI thread only.
"""
from __future__ import annotations

import logging
import random
import threading
import time
from typing import Any, Callable

log = logging.getLogger(__name__)

Post = Callable[[Callable[[], None]], None]


def _direct(fn: Callable[[], None]) -> None:
    fn()


def run_task(name: str, work: Callable[[], Any], on_result: Callable[[Any], None],
             on_error: Callable[[BaseException], None], post: Post | None = None,
             expected: tuple[type[BaseException], ...] = ()) -> threading.Thread:
    """Run `work()` on a thread named `name`; then exactly one of `on_result(value)` / `on_error(exc)`,
    through `post`. Errors of the `expected` classes are the task's own outcomes (logged briefly); any
    other is logged with its traceback, and still reported."""
    post = post or _direct

    def deliver(callback, value) -> None:
        def call():
            try:
                callback(value)
            except Exception:   # a broken callback must not take the UI loop down
                log.exception("%s: callback failed", name)
        post(call)

    def body() -> None:
        try:
            value = work()
        except BaseException as exc:   # noqa: BLE001 - whatever happens, the caller hears of it
            if isinstance(exc, expected):
                log.info("%s: %s", name, exc)
            else:
                log.exception("%s failed unexpectedly", name)
            deliver(on_error, exc)
            return
        deliver(on_result, value)

    thread = threading.Thread(target=body, name=name, daemon=True)
    thread.start()
    return thread


def describe(exc: BaseException) -> str:
    """One line for a person: the message, or the error's class name when it has none."""
    text = str(exc).replace("\n", " ").strip()
    return text if text else type(exc).__name__


class Loop:
    """Calls `step()` on its own thread until stopped; `step` returns the seconds to wait before the next.

    An error escaping `step` is logged, kept in `last_error` (the staff page shows it) and retried after
    `backoff` seconds, doubling up to `max_backoff`: the worker never dies. `wake()` cuts a wait short.
    """

    def __init__(self, name: str, step: Callable[[], float | None], backoff: float = 1.0,
                 max_backoff: float = 300.0, on_error: Callable[[str], None] | None = None):
        self.name = name
        self.step = step
        self.backoff, self.max_backoff = backoff, max_backoff
        self.on_error = on_error
        self.last_error: str | None = None
        self.failures = 0
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> "Loop":
        if self._thread is None or not self._thread.is_alive():
            self._stop.clear()
            self._thread = threading.Thread(target=self._run, name=self.name, daemon=True)
            self._thread.start()
        return self

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def wake(self) -> None:
        self._wake.set()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout)

    @property
    def stopping(self) -> bool:
        return self._stop.is_set()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                wait = self.step()
                self.failures, self.last_error = 0, None
            except Exception as exc:   # noqa: BLE001 - log, show staff, back off, keep going
                self.failures += 1
                self.last_error = describe(exc)
                wait = min(self.max_backoff, self.backoff * 2 ** (self.failures - 1)) * random.uniform(0.8, 1.2)
                log.exception("%s: unexpected error (retry in %.0f s)", self.name, wait)
                if self.on_error is not None:
                    try:
                        self.on_error(self.last_error)
                    except Exception:
                        log.exception("%s: error listener failed", self.name)
            if self._stop.is_set():
                break
            if wait is None:
                self._wake.wait()
            elif wait > 0:
                self._wake.wait(wait)
            self._wake.clear()


def wait_until(condition: Callable[[], bool], timeout: float, interval: float = 0.05) -> bool:
    """True once `condition()` holds, False if `timeout` seconds pass first (commands and tests)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() >= deadline:
            return False
        time.sleep(interval)
    return True
