"""Shared fixtures: a real X server (Xvfb) for UI tests, and a scratch copy of the catalogue."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "content" / "data"


@pytest.fixture(scope="session")
def xvfb_display():
    """Start our own Xvfb (portrait 1080x1920, GLX) so UI tests never depend on the caller's screen."""
    if shutil.which("Xvfb") is None:
        pytest.fail("Xvfb is not installed: run `make test`, which installs it")
    read_fd, write_fd = os.pipe()
    proc = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_fd), "-screen", "0", "1080x1920x24", "-ac", "+extension", "GLX",
         "-nolisten", "tcp"],
        pass_fds=(write_fd,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write_fd)
    with os.fdopen(read_fd) as f:
        number = f.readline().strip()
    if not number:
        proc.kill()
        pytest.fail("Xvfb did not start")
    yield f":{number}"
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture
def ui_env(xvfb_display, tmp_path):
    """Environment for a kiosk process on the test X server, with its own data folder."""
    env = dict(os.environ)
    env.update({"DISPLAY": xvfb_display, "KIOSK_DATA_DIR": str(tmp_path / "data"), "KIVY_NO_ARGS": "1"})
    env.pop("KIOSK_CONFIG", None)
    return env


@pytest.fixture
def catalogue_copy(tmp_path) -> Path:
    """A writable copy of the packaged catalogue, for tests that break it on purpose."""
    dest = tmp_path / "catalogue"
    shutil.copytree(DATA, dest)
    return dest
