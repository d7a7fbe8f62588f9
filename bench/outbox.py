"""Outbox delivery throughput against plain HTTP calls of the same payloads to the same server.

All sides send the same requests (create, pages, finalize); the outbox adds encryption, a durable
commit and bookkeeping per step. Two outbox cases: a backlog (committed while the hall was unreachable,
then delivered) and live (the kiosk's way: commit, wake the background sender). Rounds rotate which goes
first; the figures are median ratios.
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


def _backlog(url: str, token: str, apps, folder: Path) -> float:
    """Applications committed while the hall was unreachable, then delivered: the time to drain them."""
    box = Outbox(folder / f"o-{uuid.uuid4().hex}.sqlite3", load_or_create_key(folder / "key"))
    for body, pages in apps:
        box.add(body["theme"], body, pages)
    sender = Sender(box, HallClient(url, token=token))
    t = time.perf_counter()
    assert sender.drain(deadline=time.time() + 600)
    elapsed = time.perf_counter() - t
    assert box.counts()["delivered"] == len(apps)
    box.close()
    return elapsed


def _live(url: str, token: str, apps, folder: Path) -> float:
    """As the kiosk runs: each application committed (encrypted, synced to disk), the background sender
    woken, from the first commit until the last acknowledgement."""
    box = Outbox(folder / f"o-{uuid.uuid4().hex}.sqlite3", load_or_create_key(folder / "key"))
    sender = Sender(box, HallClient(url, token=token))
    sender.start()
    t = time.perf_counter()
    for body, pages in apps:
        box.add(body["theme"], body, pages)
        sender.wake()
    while box.counts()["delivered"] < len(apps):
        time.sleep(0.002)
    elapsed = time.perf_counter() - t
    sender.stop()
    box.close()
    return elapsed


def run(quick: bool = False) -> str:
    n, rounds = (10, 2) if quick else (40, 7)
    cat = load_catalogue()
    apps = [sample_application(cat, str(theme), seed=i) for i, theme in
            zip(range(n), [5, 3, 13, 20, 6, 11, 22, 15] * n)]
    n_requests = sum(2 + len(p) for _b, p in apps)
    kinds = {"plain": _plain, "backlog": _backlog, "live": _live}
    times: dict[str, list[float]] = {k: [] for k in kinds}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        server = HallServer(folder / "hall.sqlite3")
        token = server.add_kiosk("bench-kiosk")
        server.start()
        try:
            for r in range(rounds):
                order = list(kinds)[r % 3:] + list(kinds)[:r % 3]     # rotate who goes first
                for kind in order:
                    fn = kinds[kind]
                    times[kind].append(fn(server.url, token, apps) if kind == "plain"
                                       else fn(server.url, token, apps, folder))
        finally:
            server.stop()
    ratio = {k: [p / b for p, b in zip(times["plain"], times[k])] for k in ("backlog", "live")}
    med = {k: statistics.median(v) for k, v in ratio.items()}
    row = lambda label, k: (f"| {label} | {statistics.median(times[k]):.2f} | "  # noqa: E731
                            f"{n / statistics.median(times[k]):.1f} |")
    return (
        "## Outbox delivery throughput\n\n"
        f"{n} sample applications ({n_requests} HTTP requests: create, pages, finalize) per round, "
        f"{rounds} rounds rotating which side goes first, same server on 127.0.0.1.\n\n"
        "| | median s per round | applications/s |\n|---|---:|---:|\n"
        + row("plain HTTP calls (no outbox)", "plain") + "\n"
        + row("outbox backlog: committed while offline, then delivered (decrypt, send, mark, wipe)",
              "backlog") + "\n"
        + row("outbox live: commit each (encrypt, fsync) while the background sender delivers", "live") + "\n\n"
        f"Throughput ratio outbox / plain, median of the rounds: backlog **{med['backlog']:.2f}×** "
        f"({', '.join(f'{r:.2f}' for r in ratio['backlog'])}); live **{med['live']:.2f}×** "
        f"({', '.join(f'{r:.2f}' for r in ratio['live'])}). Goal ≥ 0.8×.\n\n"
        "Command: `make bench` or `.venv/bin/python -m bench outbox`.\n")
