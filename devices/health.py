"""Health states and the one error shape every device kind shares (staff see them side by side)."""
from __future__ import annotations

import enum
from dataclasses import dataclass


class HealthState(str, enum.Enum):
    """PRESENT: connected, readiness unconfirmed; READY; DEGRADED: works but needs staff soon
    (paper near end, black or frozen frames); FAILED: cannot be used."""

    PRESENT = "present"
    READY = "ready"
    DEGRADED = "degraded"
    FAILED = "failed"


@dataclass(frozen=True)
class Health:
    """A state plus a one-line reason a staff page can show as is."""

    state: HealthState
    reason: str


class DeviceError(Exception):
    """A device failed. `kind` is machine-readable; str() is one line naming the device and the cause."""

    def __init__(self, kind: str, reason: str) -> None:
        super().__init__(reason)
        self.kind = kind
        self.reason = reason.replace("\n", " ").strip()

    def __str__(self) -> str:
        return self.reason
