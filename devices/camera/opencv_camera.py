"""The real camera: a V4L2 device read through OpenCV's VideoCapture."""
from __future__ import annotations

import os

import cv2
import numpy as np

from .interface import Camera, CameraError


class OpenCVCamera(Camera):
    """A UVC/V4L2 camera such as /dev/video0; width, height and fps are requests the driver may round."""

    def __init__(self, url: str, device: str, width: int | None = None, height: int | None = None,
                 fps: float | None = None) -> None:
        self.url = url
        self.device = device
        self.width, self.height, self.fps = width, height, fps
        self._cap: cv2.VideoCapture | None = None
        self.frames = 0

    def open(self) -> None:
        if self._cap is not None:
            return
        if self.device.startswith("/") and not os.path.exists(self.device):
            raise CameraError("not_found", f"camera {self.url}: {self.device} does not exist "
                                           "(camera unplugged, or wrong device in the configuration?)")
        if self.device.startswith("/") and not os.access(self.device, os.R_OK | os.W_OK):
            raise CameraError("open_failed", f"camera {self.url}: no permission to open {self.device} "
                                             "(add the kiosk user to the 'video' group)")
        cap = cv2.VideoCapture(self.device, cv2.CAP_V4L2)
        if not cap.isOpened():
            cap.release()
            raise CameraError("open_failed", f"camera {self.url}: cannot open {self.device} "
                                             "(busy in another program, or not a capture device)")
        if self.width and self.height:
            cap.set(cv2.CAP_PROP_FRAME_WIDTH, self.width)
            cap.set(cv2.CAP_PROP_FRAME_HEIGHT, self.height)
        if self.fps:
            cap.set(cv2.CAP_PROP_FPS, self.fps)
        cap.set(cv2.CAP_PROP_BUFFERSIZE, 1)  # we keep our own queue; old frames are useless
        self._cap = cap

    def read(self) -> np.ndarray:
        if self._cap is None:
            raise CameraError("device_gone", f"camera {self.url}: not open")
        ok, frame = self._cap.read()
        if not ok or frame is None:
            raise CameraError("device_gone", f"camera {self.url}: read failed after {self.frames} frames "
                                             "(camera disconnected?)")
        self.frames += 1
        return frame

    def close(self) -> None:
        if self._cap is not None:
            self._cap.release()
            self._cap = None
