"""Capture thread, sim:// camera faults and opening cameras by URL."""
from __future__ import annotations

import time

import cv2
import numpy as np
import pytest

from devices.camera import CameraError, CameraStream, HealthState, make_scene, open_camera


@pytest.fixture
def frames(tmp_path):
    paths = []
    for i in range(2):
        p = tmp_path / f"f{i}.png"
        img = cv2.resize(make_scene(60 + i, "light").image, (320, 180))
        cv2.imwrite(str(p), img)
        paths.append(str(p))
    return paths


def _wait(pred, timeout=3.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if pred():
            return True
        time.sleep(0.01)
    return False


def test_slow_consumer_makes_the_thread_drop_old_frames_not_block(frames):
    cam = open_camera(f"sim://?files={','.join(frames)}&fps=500")
    with CameraStream(cam, maxsize=2) as stream:
        assert _wait(lambda: stream.produced >= 60)  # nobody consumed, yet the producer kept going
        assert stream.dropped >= stream.produced - 3
        assert stream.latest(timeout=1) is not None
        assert stream.health().state == HealthState.READY


def test_latest_returns_the_newest_frame(frames):
    cam = open_camera(f"sim://?files={','.join(frames)}&fps=200&frozen=5")
    with CameraStream(cam, maxsize=3) as stream:
        assert _wait(lambda: stream.produced > 10)
        assert stream.latest().shape == (180, 320, 3)


def test_disconnect_fault_is_reported_as_failed(frames):
    cam = open_camera(f"sim://?files={frames[0]}&fps=500&disconnect=7")
    stream = CameraStream(cam).start()
    try:
        assert _wait(lambda: stream.health().state == HealthState.FAILED)
        assert "after 7 frames" in stream.health().reason
        assert stream.produced == 7
    finally:
        stream.stop()


@pytest.mark.parametrize("fault,word", [("black=3", "black"), ("frozen=3", "frozen")])
def test_black_and_frozen_frames_make_the_camera_degraded(frames, fault, word):
    cam = open_camera(f"sim://?files={','.join(frames)}&fps=500&{fault}")
    with CameraStream(cam) as stream:
        assert _wait(lambda: stream.health().state == HealthState.DEGRADED)
        assert word in stream.health().reason


def test_sim_video_plays_and_loops(tmp_path):
    path = str(tmp_path / "clip.avi")
    out = cv2.VideoWriter(path, cv2.VideoWriter_fourcc(*"MJPG"), 10, (160, 120))
    for i in range(3):
        out.write(np.full((120, 160, 3), 60 * i, np.uint8))
    out.release()
    cam = open_camera(f"sim://?video={path}&fps=1000")
    got = [int(cam.read().mean()) for _ in range(5)]
    cam.close()
    assert len(got) == 5 and got[0] != got[1]


def test_missing_video_device_fails_loudly_without_simulator():
    with pytest.raises(CameraError) as exc:
        open_camera("/dev/video-does-not-exist")
    assert exc.value.kind == "not_found" and "/dev/video-does-not-exist" in str(exc.value)


@pytest.mark.parametrize("url,kind", [("ftp://x", "bad_url"), ("sim://?files=a.jpg&bogus=1", "bad_url"),
                                      ("v4l2:///dev/video0?width=wide", "bad_url"),
                                      ("sim://?files=/no/such.jpg", "missing_file")])
def test_bad_camera_urls_give_clear_errors(url, kind):
    with pytest.raises(CameraError) as exc:
        open_camera(url)
    assert exc.value.kind == kind


def test_corrupt_image_in_sim_camera_is_a_clear_error(tmp_path):
    bad = tmp_path / "broken.png"
    bad.write_bytes(b"\x89PNG\r\n\x1a\nnot really")
    with pytest.raises(CameraError) as exc:
        open_camera(f"sim://?files={bad}")
    assert exc.value.kind == "bad_image" and "broken.png" in str(exc.value)
