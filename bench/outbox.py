"""Outbox delivery throughput against plain HTTP calls of the same payloads to the same server.

Both sides send the same requests (create, pages, finalize); the outbox adds encryption, a durable
commit and bookkeeping per step. Rounds alternate which goes first; the figure is the median ratio.
"""
from __future__ import annotations

import statistics
import tempfile
import time
import uuid
from pathlib import Path

import requests

from content import load_catalogue
from kiosk.hall_client import HallClient
from kiosk.outbox import Outbox, load_or_create_key
from kiosk.sample import sample_application
from kiosk.sender import Sender
from support import HallServer


def _plain(url: str, token: str, apps) -> float:
    s = requests.Session()
    s.headers["Authorization"] = f"Bearer {token}"
    t = time.perf_counter()
    for body, pages in apps:
        r = s.post(url + "/v1/applications", json=body, headers={"Idempotency-Key": str(uuid.uuid4())}, timeout=30)
        app_id = r.json()["id"]
        for p in pages:
            s.put(f"{url}/v1/applications/{app_id}/pages/{p['page_id']}", data=p["data"],
                  headers={"X-Content-SHA256": p["sha256"]}, timeout=30)
        s.post(f"{url}/v1/applications/{app_id}/finalize", json={"ticket": True}, timeout=30).raise_for_status()
    return time.perf_counter() - t


def _outbox(url: str, token: str, apps, folder: Path) -> float:
    box = Outbox(folder / f"o-{uuid.uuid4().hex}.sqlite3", load_or_create_key(folder / "key"))
    sender = Sender(box, HallClient(url, token=token))
    t = time.perf_counter()
    for body, pages in apps:
        box.add(body["theme"], body, pages)
    assert sender.drain(deadline=time.time() + 600)
    elapsed = time.perf_counter() - t
    assert box.counts()["delivered"] == len(apps)
    box.close()
    return elapsed


def run(quick: bool = False) -> str:
    n, rounds = (10, 2) if quick else (40, 5)
    cat = load_catalogue()
    apps = [sample_application(cat, str(theme), seed=i) for i, theme in
            zip(range(n), [5, 3, 13, 20, 6, 11, 22, 15] * n)]
    n_requests = sum(2 + len(p) for _b, p in apps)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        server = HallServer(folder / "hall.sqlite3")
        token = server.add_kiosk("bench-kiosk")
        server.start()
        try:
            plain, boxed = [], []
            for r in range(rounds):
                order = [("plain", plain), ("outbox", boxed)][:: 1 if r % 2 == 0 else -1]
                for kind, sink in order:
                    sink.append(_plain(server.url, token, apps) if kind == "plain"
                                else _outbox(server.url, token, apps, folder))
        finally:
            server.stop()
    ratios = [p / b for p, b in zip(plain, boxed)]
    med = statistics.median(ratios)
    return (
        "## Outbox delivery throughput\n\n"
        f"{n} sample applications ({n_requests} HTTP requests: create, pages, finalize) per round, "
        f"{rounds} rounds alternating which side goes first, same server on 127.0.0.1.\n\n"
        "| | median s per round | applications/s |\n|---|---:|---:|\n"
        f"| plain HTTP calls | {statistics.median(plain):.2f} | {n / statistics.median(plain):.1f} |\n"
        f"| outbox (encrypt, commit, send, wipe) | {statistics.median(boxed):.2f} | "
        f"{n / statistics.median(boxed):.1f} |\n\n"
        f"Throughput ratio outbox / plain: median **{med:.2f}×** (rounds: "
        f"{', '.join(f'{r:.2f}' for r in ratios)}). Goal ≥ 0.8×.\n\n"
        "Command: `make bench` or `.venv/bin/python -m bench outbox`.\n")
