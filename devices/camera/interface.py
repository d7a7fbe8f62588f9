"""What the kiosk may ask of a document camera: one frame at a time, health, one error type."""
from __future__ import annotations

import enum
from abc import ABC, abstractmethod
from dataclasses import dataclass

from ..health import DeviceError, Health, HealthState  # noqa: F401 - re-exported

import numpy as np


class CameraError(DeviceError):
    """The camera failed. Kinds: bad_url, not_found, open_failed, device_gone, bad_image, missing_file."""


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
