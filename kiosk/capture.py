"""Document capture as the journey uses it: a preview with the page outline, auto-capture when the page
is found, sharp and steady, then an upright JPEG for upload. Camera work runs on its own threads; the UI
gets small preview frames and the result through `post`."""
from __future__ import annotations

import logging
import random
import threading
from typing import Callable

import cv2
import numpy as np

from devices.camera import AutoCapture, CameraError, CameraStream, encode_page, open_camera, warp_page

log = logging.getLogger(__name__)
PREVIEW_WIDTH = 720


def good_scene_seed(start: int) -> int:
    from devices.camera import assess, detect_page, make_scene

    for seed in range(start, start + 50):
        image = make_scene(seed, "cluttered").image    # what SimCamera shows for scenes=1
        if assess(image, detect_page(image)).ok:
            return seed
    return start


class CaptureService:
    def __init__(self, url: str, post: Callable[[Callable[[], None]], None],
                 note: Callable[[str, str, str], None] | None = None):
        self.url = url
        self.post = post
        self.note = note or (lambda device, state, reason: None)    # device health for the heartbeat
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def _camera_url(self) -> str:
        # The simulator shows one generated page on a desk, held still, as a citizen would lay it down:
        # one a careful citizen would produce (found, sharp, no glare), so the demo captures by itself.
        if self.url == "sim://":
            return f"sim://?scenes=1&seed={good_scene_seed(random.randrange(1000))}&fps=10"
        return self.url

    def start(self, on_preview: Callable[[np.ndarray, list | None, str, list[dict]], None],
              on_captured: Callable[[bytes], None], on_problem: Callable[[str], None]) -> None:
        self.stop()
        self._stop.clear()

        def run():
            try:
                camera = open_camera(self._camera_url())
            except CameraError as exc:
                self.note("camera", "failed", str(exc))
                self.post(lambda: on_problem(str(exc)))
                return
            self.note("camera", "ready", "opened")
            auto = AutoCapture(steady_frames=4)
            with CameraStream(camera) as stream:
                while not self._stop.is_set():
                    frame = stream.latest(timeout=1.0)
                    if frame is None:
                        health = stream.health()
                        if health.state.value == "failed":
                            self.note("camera", "failed", health.reason)
                            self.post(lambda: on_problem(health.reason))
                            return
                        continue
                    decision = auto.feed(frame)
                    scale = PREVIEW_WIDTH / frame.shape[1]
                    small = cv2.resize(frame, (PREVIEW_WIDTH, int(frame.shape[0] * scale)))
                    rgb = cv2.cvtColor(small, cv2.COLOR_BGR2RGB)
                    corners = None if decision.detection is None else \
                        (decision.detection.corners * scale).tolist()
                    messages = decision.messages()
                    self.post(lambda r=rgb, c=corners, s=decision.state, m=messages: on_preview(r, c, s, m))
                    if decision.image is not None and decision.detection is not None:
                        page = warp_page(decision.image, decision.detection.corners)
                        data = encode_page(page).data
                        self.post(lambda d=data: on_captured(d))
                        return

        self._thread = threading.Thread(target=run, name="capture", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=3)
            self._thread = None
