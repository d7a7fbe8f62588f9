"""Cold start to the first interactive frame: `kiosk run --simulate --smoke` against a bare Kivy app that opens
one label (bench/bare_app.py), same window size, same private Xvfb, alternating which goes first.

Both print one line when their first frame is drawn (Kivy's Window `on_flip` after the home screen, or the
label, is current); the time is from spawning the process to reading that line."""
from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .xvfb import private_display

ROOT = Path(__file__).resolve().parent.parent
MARKER = "kiosk: first interactive frame"
KIOSK = [sys.executable, "-m", "kiosk.cli", "run", "--simulate", "--smoke"]
BARE = [sys.executable, "-m", "bench.bare_app", "1080x1920"]
FULL, QUICK = 7, 1


def time_to_first_frame(argv: list[str], env: dict, timeout: float = 120.0) -> float:
    """Seconds from spawn until the process prints MARKER; then waits (untimed) for it to exit."""
    started = time.perf_counter()
    proc = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        for line in proc.stdout:
            if line.strip() == MARKER:
                elapsed = time.perf_counter() - started
                break
        else:
            raise RuntimeError(f"{' '.join(argv[2:])} exited without drawing a first frame")
        proc.stdout.read()
        proc.wait(timeout=timeout)
        return elapsed
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def measure(rounds: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp, private_display() as display:
        env = {**os.environ, "DISPLAY": display, "KIOSK_DATA_DIR": str(Path(tmp) / "data"), "KIVY_NO_ARGS": "1",
               "KIVY_HOME": str(Path(tmp) / "kivy-bare")}
        env.pop("KIOSK_CONFIG", None)
        # One untimed start each: the kiosk registers with its local hall server once per data folder (as a
        # hall kiosk does when installed), and both sides find the same files in the page cache afterwards.
        time_to_first_frame(KIOSK, env)
        time_to_first_frame(BARE, env)
        kiosk, bare = [], []
        for r in range(rounds):
            order = [(KIOSK, kiosk), (BARE, bare)][:: 1 if r % 2 == 0 else -1]
            for argv, sink in order:
                sink.append(time_to_first_frame(argv, env))
    return {"rounds": rounds, "kiosk": kiosk, "bare": bare, "ratios": [k / b for k, b in zip(kiosk, bare)]}


def report(m: dict) -> str:
    med = statistics.median(m["ratios"])
    return (
        "## Cold start to the first interactive frame\n\n"
        f"{m['rounds']} rounds, alternating which goes first, on one private Xvfb, window 1080x1920. Time from "
        "spawning the process until it prints that its first frame is drawn (Kivy `Window.on_flip` once the "
        "screen is current): for the kiosk the home screen (themes by category) with simulated devices and "
        "the local hall server, for the baseline a bare Kivy app with one hanzi label "
        "(`bench/bare_app.py`). Each side had one untimed start first (the kiosk registers with its local "
        "hall once per data folder, as when installed).\n\n"
        "| | median s | runs (s) |\n|---|---:|---|\n"
        f"| `python -m kiosk.cli run --simulate --smoke` | {statistics.median(m['kiosk']):.2f} | "
        f"{', '.join(f'{x:.2f}' for x in m['kiosk'])} |\n"
        f"| bare Kivy app, one label | {statistics.median(m['bare']):.2f} | "
        f"{', '.join(f'{x:.2f}' for x in m['bare'])} |\n\n"
        f"Ratio kiosk / bare: median **{med:.2f}×** (rounds: {', '.join(f'{r:.2f}' for r in m['ratios'])}). "
        f"Goal ≤ 1.5×.\n\n"
        "Command: `make bench` or `.venv/bin/python -m bench startup`.\n")


def run(quick: bool = False) -> str:
    return report(measure(QUICK if quick else FULL))
