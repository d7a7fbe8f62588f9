"""The capture thread: reads the camera without pause, keeps only the newest frames, reports health."""
from __future__ import annotations

import queue
import threading
import time

import cv2
import numpy as np

from .interface import Camera, CameraError, Health, HealthState

BLACK_LEVEL = 8.0       # mean grey below this is a black frame (lens covered, sensor fault)
BAD_RUN = 10            # this many black or identical frames in a row make the camera degraded


class CameraStream:
    """Runs camera.read() on its own thread into a bounded queue.

    The producer never blocks: when the queue is full the oldest frame is dropped, because page
    detection wants the latest picture and a slow consumer must not make the camera fall behind.
    """

    def __init__(self, camera: Camera, maxsize: int = 2) -> None:
        self.camera = camera
        self._queue: queue.Queue[np.ndarray] = queue.Queue(maxsize=max(1, maxsize))
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self.produced = 0
        self.dropped = 0
        self._health = Health(HealthState.PRESENT, f"camera {camera.url}: opened, no frame yet")
        self._black = 0
        self._same = 0
        self._prev_sig: np.ndarray | None = None

    def start(self) -> "CameraStream":
        """Open the camera (errors surface here, loudly) and start the thread."""
        self.camera.open()
        self._thread = threading.Thread(target=self._run, name="camera-capture", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self.camera.close()

    def __enter__(self) -> "CameraStream":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def health(self) -> Health:
        with self._lock:
            return self._health

    def _set(self, state: HealthState, reason: str) -> None:
        with self._lock:
            self._health = Health(state, reason)

    def _check(self, frame: np.ndarray) -> None:
        sig = cv2.resize(frame, (32, 18), interpolation=cv2.INTER_AREA).astype(np.int16)
        self._black = self._black + 1 if float(sig.mean()) < BLACK_LEVEL else 0
        same = self._prev_sig is not None and int(np.abs(sig - self._prev_sig).max()) == 0
        self._same = self._same + 1 if same else 0
        self._prev_sig = sig
        url = self.camera.url
        if self._black >= BAD_RUN:
            self._set(HealthState.DEGRADED, f"camera {url}: black frames (lens covered or sensor fault)")
        elif self._same >= BAD_RUN:
            self._set(HealthState.DEGRADED, f"camera {url}: frozen picture ({self._same} identical frames)")
        else:
            self._set(HealthState.READY, f"camera {url}: {self.produced} frames")

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                frame = self.camera.read()
            except CameraError as exc:
                self._set(HealthState.FAILED, str(exc))
                return
            except Exception as exc:  # a driver bug must still end in FAILED, not a dead silent thread
                self._set(HealthState.FAILED, f"camera {self.camera.url}: {type(exc).__name__}: {exc}")
                return
            self.produced += 1
            self._check(frame)
            while True:
                try:
                    self._queue.put_nowait(frame)
                    break
                except queue.Full:
                    try:
                        self._queue.get_nowait()
                        self.dropped += 1
                    except queue.Empty:
                        pass

    def latest(self, timeout: float = 1.0) -> np.ndarray | None:
        """The newest frame (older queued ones are discarded), or None if none came within timeout."""
        deadline = time.monotonic() + timeout
        frame = None
        while True:
            try:
                frame = self._queue.get_nowait()
                continue
            except queue.Empty:
                pass
            if frame is not None:
                return frame
            remaining = deadline - time.monotonic()
            if remaining <= 0 or (self._thread is not None and not self._thread.is_alive()
                                  and self._queue.empty()):
                return None
            try:
                return self._queue.get(timeout=min(remaining, 0.05))
            except queue.Empty:
                continue
