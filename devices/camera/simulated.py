"""The sim:// camera: plays image files, a video or generated scenes at a frame rate, with faults."""
from __future__ import annotations

import time
from pathlib import Path

import cv2
import numpy as np

from .images import ImageError, load_image
from .interface import Camera, CameraError


class SimCamera(Camera):
    """Frames from files (cycled), a video (looped) or generated scenes, paced at `fps`.

    Faults, counted in frames delivered: disconnect=N (read raises device_gone after N frames),
    black=N (frames from N on are black), frozen=N (frame N repeats forever). A simulator that
    only does the happy path would hide the screens' handling of a failing camera.
    """

    def __init__(self, url: str, files: list[str] | None = None, video: str | None = None,
                 scenes: int = 0, seed: int = 0, fps: float = 15.0, disconnect: int | None = None,
                 black: int | None = None, frozen: int | None = None) -> None:
        if sum(bool(x) for x in (files, video, scenes)) != 1:
            raise CameraError("bad_url", f"camera {url}: give exactly one of files=, video= or scenes=")
        if fps <= 0:
            raise CameraError("bad_url", f"camera {url}: fps must be positive")
        self.url = url
        self.files, self.video, self.scenes, self.seed = files or [], video, scenes, seed
        self.fps = fps
        self.disconnect, self.black, self.frozen = disconnect, black, frozen
        self.frames = 0
        self._images: list[np.ndarray] = []
        self._cap: cv2.VideoCapture | None = None
        self._held: np.ndarray | None = None
        self._next = 0.0
        self._open = False

    def open(self) -> None:
        if self._open:
            return
        if self.files:
            try:
                self._images = [load_image(f) for f in self.files]
            except ImageError as exc:
                kind = "missing_file" if "no such file" in str(exc) else "bad_image"
                raise CameraError(kind, f"camera {self.url}: {exc}") from None
        elif self.video:
            if not Path(self.video).is_file():
                raise CameraError("missing_file", f"camera {self.url}: {self.video}: no such file")
            self._cap = cv2.VideoCapture(self.video)
            if not self._cap.isOpened():
                raise CameraError("bad_image", f"camera {self.url}: {self.video}: not a readable video")
        else:
            from .scenes import make_scene

            self._images = [make_scene(self.seed + i, ("cluttered", "light")[i % 2]).image
                            for i in range(self.scenes)]
        self._open = True
        self._next = time.monotonic()

    def _source_frame(self) -> np.ndarray:
        if self._cap is not None:
            ok, frame = self._cap.read()
            if not ok:
                self._cap.set(cv2.CAP_PROP_POS_FRAMES, 0)
                ok, frame = self._cap.read()
            if not ok:
                raise CameraError("device_gone", f"camera {self.url}: video {self.video} gives no frames")
            return frame
        return self._images[self.frames % len(self._images)].copy()

    def read(self) -> np.ndarray:
        if not self._open:
            raise CameraError("device_gone", f"camera {self.url}: not open")
        if self.disconnect is not None and self.frames >= self.disconnect:
            raise CameraError("device_gone", f"camera {self.url}: read failed after {self.frames} frames "
                                             "(simulated disconnect)")
        delay = self._next - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        self._next = max(self._next + 1 / self.fps, time.monotonic() - 1 / self.fps)
        if self.frozen is not None and self.frames >= self.frozen and self._held is not None:
            frame = self._held.copy()
        else:
            frame = self._source_frame()
            self._held = frame
        if self.black is not None and self.frames >= self.black:
            frame = np.zeros_like(frame)
        self.frames += 1
        return frame

    def close(self) -> None:
        if self._cap is not None:
            self._cap.release()
            self._cap = None
        self._open = False
