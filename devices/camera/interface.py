"""What the kiosk may ask of a document camera: one frame at a time, health, one error type."""
from __future__ import annotations

import enum
from abc import ABC, abstractmethod
from dataclasses import dataclass

import numpy as np


class HealthState(str, enum.Enum):
    """PRESENT: opened, no frame yet; DEGRADED: frames arrive but are unusable (black, frozen)."""

    PRESENT = "present"
    READY = "ready"
    DEGRADED = "degraded"
    FAILED = "failed"


@dataclass(frozen=True)
class Health:
    """A state plus a one-line reason a staff page can show as is."""

    state: HealthState
    reason: str


class CameraError(Exception):
    """The camera failed. `kind` is machine-readable; str() is one line naming the device and cause.

    Kinds: bad_url, not_found, open_failed, device_gone, bad_image, missing_file.
    """

    def __init__(self, kind: str, reason: str) -> None:
        super().__init__(reason)
        self.kind = kind
        self.reason = reason.replace("\n", " ").strip()

    def __str__(self) -> str:
        return self.reason


class Camera(ABC):
    """A camera opened from a URL. A driver implements open, read and close; the rest is shared."""

    url: str

    @abstractmethod
    def open(self) -> None:
        """Acquire the device now, raising CameraError, so a missing camera is reported at start-up."""

    @abstractmethod
    def read(self) -> np.ndarray:
        """Block until the next BGR frame; raise CameraError(kind='device_gone') when it stops."""

    @abstractmethod
    def close(self) -> None:
        """Release the device; safe to call twice."""

    def __enter__(self) -> "Camera":
        self.open()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
