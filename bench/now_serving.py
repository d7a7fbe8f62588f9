"""Clerk's click to the lobby's band: how long a call takes to appear on a real `kiosk lobby` under Xvfb.

A real hall server, a clerk calling the next ticket with `POST /v1/windows/A/call-next`, and the lobby
polling `GET /v1/queue/now-serving` every `[lobby] poll_ms`. The time is from just before the clerk's
request to the lobby's own line `lobby call A0NN …`, which it prints on the UI thread right after it has
put the call on the band (the next frame draws it, at most 1/60 s later). Calls are 1.5-3 s apart at
random, so they fall anywhere in the poll cycle; the lobby speaks each call (espeak-ng) as in a hall, and
once with the voice off to show what the speaking costs. Also: what one poll costs the server.
"""
from __future__ import annotations

import math
import os
import random
import select
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

from support import ROOT, HallServer, kiosk_env, private_display

PASSWORD = "correct horse battery 9"


def _pct(values: list[float], p: float) -> float:
    """Nearest-rank percentile: the 19th of 20 values for p95."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(p / 100 * len(ordered)) - 1))]


def _wait_line(proc, prefix: str, timeout: float = 60) -> float:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([proc.stdout], [], [], 0.05)
        if ready:
            line = proc.stdout.readline()
            if not line:
                break
            if line.startswith(prefix):
                return time.monotonic()
    raise RuntimeError(f"the lobby never printed {prefix!r}")


def measure(poll_ms: int, calls: int, display: str, folder: Path, voice: bool = True) -> dict:
    hall = HallServer(folder / f"hall-{poll_ms}-{voice}.sqlite3")
    kiosk = {"Authorization": f"Bearer {hall.add_kiosk('bench-lobby')}"}
    subprocess.run([sys.executable, "-m", "backend.cli", "user-add", "clerk-a", "--role", "clerk", "--window", "A",
                    "--password-stdin", "--db", str(hall.db)], cwd=ROOT, input=PASSWORD + "\n", text=True,
                   capture_output=True, check=True, timeout=60)
    hall.start()
    proc = None
    try:
        for _ in range(calls):
            requests.post(hall.url + "/v1/tickets", json={"theme": "5"}, headers=kiosk, timeout=10).raise_for_status()
        token = requests.post(hall.url + "/v1/auth/login", json={"username": "clerk-a", "password": PASSWORD},
                              timeout=10).json()["token"]
        clerk = {"Authorization": f"Bearer {token}"}
        env = kiosk_env(display, folder / f"lobby-{poll_ms}-{voice}", KIOSK_BACKEND_URL=hall.url,
                        KIOSK_LOBBY_POLL_MS=str(poll_ms), KIOSK_ANNOUNCE_REPEATS="1",
                        KIOSK_LOBBY_CALLS="on" if voice else "band")
        proc = subprocess.Popen([sys.executable, "-m", "kiosk.cli", "lobby", "--themes", "5,3", "--seconds", "5"],
                                cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        _wait_line(proc, "lobby calls connected")
        rng = random.Random(poll_ms)
        latencies, answered = [], []
        for _ in range(calls):
            time.sleep(rng.uniform(1.5, 3.0))
            t0 = time.monotonic()
            r = requests.post(hall.url + "/v1/windows/A/call-next", headers=clerk, timeout=10)
            t1 = time.monotonic()
            r.raise_for_status()
            ticket = r.json()["ticket"]
            shown = _wait_line(proc, f"lobby call {ticket} ")
            latencies.append(shown - t0)
            answered.append(t1 - t0)
        session = requests.Session()
        polls = []
        for _ in range(50):
            t = time.perf_counter()
            session.get(hall.url + "/v1/queue/now-serving", timeout=5).raise_for_status()
            polls.append(time.perf_counter() - t)
        return {"poll_ms": poll_ms, "voice": voice, "latencies": latencies, "answered": answered, "poll_s": polls}
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(timeout=20)
        hall.stop()


def run(quick: bool = False) -> str:
    calls = 5 if quick else 20
    results = []
    with tempfile.TemporaryDirectory() as tmp, private_display("1920x1080x24") as display:
        for poll_ms, voice in ((250, True), (250, False), (1000, True)):
            results.append(measure(poll_ms, calls, display, Path(tmp), voice))
    rows = []
    for r in results:
        ms = [x * 1000 for x in r["latencies"]]
        rows.append(f"| {r['poll_ms']} ms | {'said' if r['voice'] else 'band only'} | {len(ms)} | {statistics.median(ms):.0f} | {_pct(ms, 95):.0f} | "
                    f"{max(ms):.0f} | {statistics.median(x * 1000 for x in r['answered']):.0f} | "
                    f"{statistics.median(x * 1000 for x in r['poll_s']):.1f} | {1000 / r['poll_ms']:.0f} |")
    best = results[0]
    p95 = _pct([x * 1000 for x in best["latencies"]], 95)
    return "\n".join([
        "## Now serving: clerk's click to the lobby screen",
        "",
        f"{calls} calls at window A, 1.5-3 s apart at random, from `POST /v1/windows/A/call-next` to the lobby "
        "printing `lobby call A0NN` as it puts the call on the band (a real hall server, a real `kiosk lobby` on a "
        "private 1920x1080 Xvfb, speaking each call with espeak-ng, or with `[lobby] calls = band` not speaking). The lobby short-polls the public "
        "`GET /v1/queue/now-serving` (and fetches `/v1/queue/calls` only when a window's latest call changed); "
        "`[lobby] poll_ms` sets how often. The next frame draws the band at most 1/60 s later.",
        "",
        "| poll | calls said | calls | median ms | p95 ms | max ms | call-next answered (median ms) | "
        "one poll (median ms) | polls/s per lobby |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|",
        *rows,
        "",
        f"With the default 250 ms poll the p95 is {p95:.0f} ms: {'within' if p95 <= 1000 else 'NOT within'} the "
        f"1 s the hall asks for (load average {os.getloadavg()[0]:.1f} on this 2-core machine during the run). A poll is one small JSON answer from an indexed query, so four a second per lobby "
        "screen costs the hall little; server-sent events would shave at most one poll interval off and need "
        "a notification path between server processes sharing one database, which polling does not.",
        "",
        "Reproduce with:",
        "",
        "```sh",
        ".venv/bin/python -m bench now_serving",
        "```",
    ])
