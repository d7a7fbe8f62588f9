"""When to warn an idle citizen and when to wipe: pure timing logic, driven by the UI's clock.

GOV.UK's timeout pattern: warn before anything is lost, count down, offer more time; only then wipe.
Elder mode allows more time (MIIT 2021: enough time to act).
"""
from __future__ import annotations

from dataclasses import dataclass

ACTIVE, WARNING, EXPIRED = "active", "warning", "expired"


@dataclass
class Inactivity:
    idle_s: float = 90.0         # quiet time before the warning
    countdown_s: float = 30.0    # the warning's countdown before the wipe
    elder_factor: float = 1.5
    last_touch: float = 0.0
    elder: bool = False
    enabled: bool = False        # off on the attract screen: there is nothing to protect

    def touch(self, now: float) -> None:
        self.last_touch = now

    def _idle_limit(self) -> float:
        return self.idle_s * (self.elder_factor if self.elder else 1.0)

    def state(self, now: float) -> str:
        if not self.enabled:
            return ACTIVE
        quiet = now - self.last_touch
        if quiet < self._idle_limit():
            return ACTIVE
        if quiet < self._idle_limit() + self.countdown_s:
            return WARNING
        return EXPIRED

    def seconds_left(self, now: float) -> int:
        return max(0, int(self._idle_limit() + self.countdown_s - (now - self.last_touch) + 0.999))
