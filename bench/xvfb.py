"""A private X server for the UI benchmarks, so `make bench` runs headless and never uses the caller's screen."""
from __future__ import annotations

import contextlib
import os
import shutil
import subprocess


@contextlib.contextmanager
def private_display(screen: str = "1920x1920x24"):
    """Start Xvfb (GLX on, big enough for portrait and landscape windows); yield its DISPLAY string."""
    if shutil.which("Xvfb") is None:
        raise RuntimeError("Xvfb is not installed: run `make test` or `make bench`, which install it")
    read_fd, write_fd = os.pipe()
    proc = subprocess.Popen(["Xvfb", "-displayfd", str(write_fd), "-screen", "0", screen, "-ac",
                             "+extension", "GLX", "-nolisten", "tcp"],
                            pass_fds=(write_fd,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write_fd)
    with os.fdopen(read_fd) as f:
        number = f.readline().strip()
    try:
        if not number:
            raise RuntimeError("Xvfb did not start")
        yield f":{number}"
    finally:
        proc.terminate()
        proc.wait(timeout=10)
