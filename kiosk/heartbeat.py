"""The kiosk's heartbeat to the hall server: device health, outbox depth and catalogue version, every
minute, so staff see a kiosk that is out of paper or cannot deliver before a citizen does.

Health comes from what the devices last did in the journey (a print, a card read, the camera opening),
not from opening them again: a running kiosk's devices are in use. Nothing personal is sent.
"""
from __future__ import annotations

import logging
import threading
import time
from typing import TYPE_CHECKING, Callable

if TYPE_CHECKING:   # DeviceReport is made before the first frame; requests and the outbox load after it
    from .hall_client import HallClient
    from .outbox import Outbox

from .background import Loop

log = logging.getLogger(__name__)

DEVICES = ("idcard", "printer", "camera", "qr")


class DeviceReport:
    """The last known state of each device (present until it has been used), thread-safe."""

    def __init__(self):
        self._lock = threading.Lock()
        self._states = {d: {"state": "present", "reason": "not used since start", "at": time.time()}
                        for d in DEVICES}

    def note(self, device: str, state: str, reason: str) -> None:
        with self._lock:
            self._states[device] = {"state": state, "reason": reason.replace("\n", " ")[:200], "at": time.time()}

    def snapshot(self) -> dict[str, dict]:
        with self._lock:
            return {d: dict(s) for d, s in self._states.items()}


class Heartbeat:
    """A background thread posting one heartbeat every `interval_s`; a missed one is logged and skipped."""

    def __init__(self, client: HallClient, outbox: Outbox, devices: DeviceReport,
                 catalogue_version: Callable[[], str | None], interval_s: float = 60.0,
                 when_catalogue: Callable[[str], None] | None = None,
                 on_problem: Callable[[str], None] | None = None):
        self.client, self.outbox, self.devices = client, outbox, devices
        self.catalogue_version = catalogue_version
        self.interval_s = interval_s
        self.when_catalogue = when_catalogue
        self.last_ok: float | None = None
        self.last_error: str | None = None
        self._loop = Loop("heartbeat", self._step, backoff=min(5.0, interval_s or 5.0),
                          max_backoff=max(interval_s, 5.0), on_error=on_problem)

    def beat(self) -> dict | None:
        """Send one heartbeat now; the hall's current catalogue {version, digest}, or None if it failed."""
        from .hall_client import HallError

        counts = self.outbox.counts()
        health = {d: {"state": s["state"], "reason": s["reason"]} for d, s in self.devices.snapshot().items()}
        try:
            answer = self.client.heartbeat(health, counts["pending"] + counts["in_flight"],
                                           self.catalogue_version())
        except HallError as exc:
            self.last_error = str(exc)
            log.info("heartbeat not delivered: %s", exc)
            return None
        self.last_ok, self.last_error = time.time(), None
        if self.when_catalogue and answer.get("version"):
            self.when_catalogue(answer["version"])      # the core knows what it has fetched and what it uses
        return answer

    def start(self) -> None:
        if self.interval_s > 0:
            self._loop.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._loop.stop(timeout)

    @property
    def running(self) -> bool:
        return self._loop.running

    def _step(self) -> float:
        """One beat; an unexpected error (not the hall's) reaches kiosk.background.Loop: logged, shown to
        staff, retried with backoff, and the heartbeat goes on."""
        self.beat()
        return self.interval_s
