"""The decoder thread keeps up with the camera: newest frame only, stale ones dropped, repeats reported once."""
from __future__ import annotations

import threading

import numpy as np

from devices.qr import CascadeDecoder, DecoderWorker
from devices.qr.synth import render_code


def _frame(text: str) -> np.ndarray:
    """A 1280x720 camera frame with the code pasted in, like a slip held up to the lens."""
    frame = np.full((720, 1280, 3), 200, np.uint8)
    code = render_code(text.encode("utf-8"), module_px=5)
    h, w = code.shape
    frame[100:100 + h, 300:300 + w] = code[:, :, None]
    return frame


class Collector:
    def __init__(self) -> None:
        self.results: list[tuple[list[str], int]] = []
        self.errors: list[tuple[Exception, int]] = []
        self.lock = threading.Lock()

    def on_result(self, codes, frame_id):
        with self.lock:
            self.results.append(([c.text for c in codes], frame_id))

    def on_error(self, exc, frame_id):
        with self.lock:
            self.errors.append((exc, frame_id))


def test_fifty_fast_frames_decode_far_fewer_and_always_the_last():
    frames = [_frame(f"梅县取号 A{i:03d}") for i in range(50)]
    got = Collector()
    worker = DecoderWorker(CascadeDecoder(), got.on_result, got.on_error).start()
    try:
        for f in frames:  # as fast as a camera callback can hand them over
            worker.submit(f)
        assert worker.wait_idle(20)
    finally:
        worker.stop()
    s = worker.stats
    assert s.submitted == 50
    assert s.decoded < 25, f"decoded {s.decoded} of 50: stale frames were not dropped"
    assert s.decoded + s.dropped == 50
    assert s.last_decoded_id == 49
    assert got.results[-1] == (["梅县取号 A049"], 49)
    assert not got.errors


def test_same_code_in_consecutive_frames_is_reported_once():
    got = Collector()
    worker = DecoderWorker(CascadeDecoder(), got.on_result, got.on_error, forget_after=60).start()
    try:
        for text in ["A-1", "A-1", "A-1", "B-2", "B-2", "A-1"]:
            worker.submit(_frame(text))
            assert worker.wait_idle(10)
    finally:
        worker.stop()
    assert worker.stats.decoded == 6
    assert [texts for texts, _ in got.results] == [["A-1"], ["B-2"]]


def test_code_seen_again_after_it_was_forgotten_is_reported_again():
    got = Collector()
    worker = DecoderWorker(CascadeDecoder(), got.on_result, forget_after=0).start()
    try:
        for _ in range(2):
            worker.submit(_frame("again"))
            assert worker.wait_idle(10)
    finally:
        worker.stop()
    assert [t for t, _ in got.results] == [["again"], ["again"]]


def test_bad_frame_is_reported_and_the_thread_keeps_decoding():
    got = Collector()
    worker = DecoderWorker(CascadeDecoder(), got.on_result, got.on_error).start()
    try:
        worker.submit(np.zeros((4, 4, 7), np.uint8))
        assert worker.wait_idle(10)
        worker.submit(_frame("still alive"))
        assert worker.wait_idle(10)
    finally:
        worker.stop()
    assert len(got.errors) == 1 and got.errors[0][1] == 0 and "shape" in str(got.errors[0][0])
    assert got.results == [(["still alive"], 1)]
