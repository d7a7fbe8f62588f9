"""Reliability soak: many submissions while the sender is killed at random and the server fails often.

Counts what arrived at the hall by idempotency key: every application exactly once, none lost.
"""
from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from content import load_catalogue
from kiosk.outbox import Outbox, load_or_create_key
from kiosk.sample import sample_application
from support import ROOT, FaultProxy, HallServer


def run(quick: bool = False) -> str:
    n, kills, fail_rate = (100, 4, 0.10) if quick else (1000, 20, 0.10)
    rng = random.Random(2026)
    cat = load_catalogue()
    templates = [sample_application(cat, str(t), seed=t) for t in (5, 3, 20, 16, 1)]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        server = HallServer(folder / "hall.sqlite3")
        token = server.add_kiosk("soak-kiosk")
        server.start()
        proxy = FaultProxy(server.url)
        proxy.fail_rate = fail_rate
        data = folder / "kiosk"
        box = Outbox(data / "outbox.sqlite3", load_or_create_key(data / "keys" / "outbox.key"))
        keys = []
        for i in range(n):
            body, pages = templates[i % len(templates)]
            keys.append(box.add(body["theme"], body, pages).idempotency_key)
        box.close()
        env = {**os.environ, "KIOSK_DATA_DIR": str(data), "KIOSK_BACKEND_URL": proxy.url,
               "KIOSK_KIOSK_TOKEN": token}
        started = time.time()
        killed = 0
        try:
            while True:
                proc = subprocess.Popen([sys.executable, "-m", "kiosk.cli", "outbox", "flush", "--timeout", "600"],
                                        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                if killed < kills:
                    time.sleep(rng.uniform(0.5, 3.0))
                    if proc.poll() is None:
                        proc.send_signal(signal.SIGKILL)
                        proc.wait()
                        killed += 1
                        continue
                if proc.wait(timeout=1800) == 0:
                    break
            elapsed = time.time() - started
            apps = server.applications()
        finally:
            proxy.close()
            server.stop()
    arrived = [a["idempotency_key"] for a in apps]
    lost = len(set(keys) - set(arrived))
    duplicated = len(arrived) - len(set(arrived))
    accepted = sum(a["status"] == "accepted" for a in apps)
    return (
        "## Soak: kills and server errors\n\n"
        f"{n} applications queued in the outbox, then delivered by `kiosk outbox flush` through a proxy "
        f"answering {fail_rate:.0%} of requests with 503, the sender killed with SIGKILL {killed} times at "
        f"random moments and restarted.\n\n"
        "| applications | accepted at the hall | lost | duplicated | sender kills | requests | time |\n"
        "|---:|---:|---:|---:|---:|---:|---:|\n"
        f"| {n} | {accepted} | **{lost}** | **{duplicated}** | {killed} | {len(proxy.requests)} | "
        f"{elapsed:.0f} s |\n\n"
        "Goal: 0 lost, 0 duplicated. Command: `make bench` or `.venv/bin/python -m bench soak`.\n")
