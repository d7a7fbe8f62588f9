"""The load check: the theme-3 journey through the real widgets passes with two CPU-bound processes
running beside it (the tour failed so with the load average near 5: a tap landed before its button was
laid out, keys were pressed before the keyboard had opened). Bounded: the busy loops end with the test."""
from __future__ import annotations

import subprocess
import sys

import pytest

from support import run_tour

pytestmark = pytest.mark.timeout(600)

BUSY = "import time\nend = time.monotonic() + 540\nwhile time.monotonic() < end:\n    pass\n"


def test_theme3_journey_passes_beside_two_busy_processes(xvfb_display, tmp_path):
    busy = [subprocess.Popen([sys.executable, "-c", BUSY]) for _ in range(2)]
    try:
        index = run_tour(xvfb_display, tmp_path, "situations_theme3", timeout=540)
    finally:
        for p in busy:
            p.kill()
            p.wait()
    whats = [e["what"] for e in index["entries"] if e["journey"] == "situations_theme3"]
    assert whats[:2] == ["notice", "question"] and whats[-1] == "done"
    assert index["checks"]["results"]["situations_theme3"]["receipt"]
