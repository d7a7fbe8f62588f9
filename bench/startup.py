"""Cold start to the first interactive frame: `kiosk run --simulate --smoke` against a bare Kivy app that opens
one label (bench/bare_app.py), same window size, same private Xvfb, alternating which goes first.

Both print a line when their first frame is drawn (Kivy's Window `on_flip` once the kiosk's attract screen,
or the label, is current); the time is from spawning the process to reading that line. The kiosk then goes
home as a citizen's first touch would and prints a second line when the home screen (40 theme tiles) is
drawn: reported beside it, so the cost of what start-up defers stays visible."""
from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from support import kiosk_env

from .xvfb import private_display

ROOT = Path(__file__).resolve().parent.parent
MARKER = "kiosk: first interactive frame"
HOME = "kiosk: home drawn"
#: The installed `kiosk` command, as staff start it (screens/cli.py: the app runs in that same process).
KIOSK = [str(Path(sys.executable).with_name("kiosk")), "run", "--simulate", "--smoke"]
BARE = [sys.executable, "-m", "bench.bare_app", "1080x1920"]     # + the fullscreen setting
FULL, QUICK = 7, 1


def time_to_lines(argv: list[str], env: dict, lines: tuple[str, ...] = (MARKER,), timeout: float = 120.0) -> list[float]:
    """Seconds from spawn until the process prints each of `lines` (in order); then waits (untimed) for it
    to exit."""
    started = time.perf_counter()
    proc = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    times: list[float] = []
    try:
        for line in proc.stdout:
            if line.strip() == lines[len(times)]:
                times.append(time.perf_counter() - started)
                if len(times) == len(lines):
                    break
        else:
            raise RuntimeError(f"{' '.join(argv[2:])} exited before printing {lines[len(times)]!r}")
        proc.stdout.read()
        proc.wait(timeout=timeout)
        return times
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


#: Both sides open the same window: fullscreen on a 1080x1920 screen, as a hall's kiosk runs (the kiosk's
#: default `fullscreen = auto`), and an ordinary 1080x1920 window (`fullscreen = 0`, development). On Xvfb a
#: fullscreen window costs SDL about 0.1 s more to open than a plain one, the same for any Kivy app.
MODES = {"fullscreen": "auto", "window": "0"}


def measure(rounds: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp, private_display("1080x1920x24") as display:
        env = kiosk_env(display, Path(tmp) / "data", KIVY_HOME=str(Path(tmp) / "kivy-bare"))
        out: dict = {"rounds": rounds}
        for mode, fullscreen in MODES.items():
            menv = {**env, "KIOSK_DISPLAY_FULLSCREEN": fullscreen}
            bare_argv = [*BARE, fullscreen]
            # One untimed start each: the kiosk registers with its local hall server and records its checked
            # catalogue once per data folder (as when installed); both then find their files in the page cache.
            time_to_lines(KIOSK, menv, (MARKER, HOME))
            time_to_lines(bare_argv, menv)
            kiosk, home, bare = [], [], []
            for r in range(rounds):
                for side in ("kiosk", "bare")[:: 1 if r % 2 == 0 else -1]:
                    if side == "kiosk":
                        first, drawn = time_to_lines(KIOSK, menv, (MARKER, HOME))
                        kiosk.append(first)
                        home.append(drawn)
                    else:
                        bare.append(time_to_lines(bare_argv, menv)[0])
            out[mode] = {"kiosk": kiosk, "home": home, "bare": bare,
                         "ratios": [k / b for k, b in zip(kiosk, bare)],
                         "home_ratios": [h / b for h, b in zip(home, bare)]}
    return out


def report(m: dict) -> str:
    def runs(xs):
        return ", ".join(f"{x:.2f}" for x in xs)

    med = statistics.median
    rows, ratios = [], []
    for mode, label in (("fullscreen", "fullscreen (as in a hall)"), ("window", "1080x1920 window")):
        r = m[mode]
        rows += [f"| {label} | `kiosk run --simulate --smoke`: attract drawn | {med(r['kiosk']):.2f} | "
                 f"{runs(r['kiosk'])} |",
                 f"| {label} | bare Kivy app, one label | {med(r['bare']):.2f} | {runs(r['bare'])} |",
                 f"| {label} | the kiosk, home drawn after going home | {med(r['home']):.2f} | {runs(r['home'])} |"]
        ratios.append(f"- {label}: kiosk / bare median **{med(r['ratios']):.2f}×** (rounds: {runs(r['ratios'])}); "
                      f"home drawn / bare median {med(r['home_ratios']):.2f}×.")
    return (
        "## Cold start to the first interactive frame\n\n"
        f"{m['rounds']} rounds per window mode, alternating which goes first, on one private 1080x1920 Xvfb. Time "
        "from spawning the process until it prints that its first frame is drawn (Kivy `Window.on_flip` once the "
        "screen is current): for the kiosk the attract screen — what it shows at start and answers a touch on — "
        "with simulated devices and the local hall server; for the baseline a bare Kivy app with one hanzi label "
        "(`bench/bare_app.py`) in the same window mode. The kiosk then goes home as a first touch would; the time "
        "until the home screen (40 theme tiles) is drawn is the third row of each mode. Each side had one untimed "
        "start first (the kiosk registers with its local hall and records its checked catalogue once per data "
        "folder, as when installed).\n\n"
        "| window | | median s | runs (s) |\n|---|---|---:|---|\n" + "\n".join(rows) + "\n\n"
        "Ratios (goal ≤ 1.5×):\n\n" + "\n".join(ratios) + "\n\n"
        "Command: `make bench` or `.venv/bin/python -m bench startup`.\n")


def run(quick: bool = False) -> str:
    return report(measure(QUICK if quick else FULL))
