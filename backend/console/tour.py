"""`kiosk-hall console-tour --out DIR`: a fresh hall server with sample accounts and kiosk applications, the
console journeys walked in a real headless Chromium, a PNG of every page, the printed notices as A4 sheets,
and DIR/index.md. The steps are journeys.py's, the same the tests run."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path

from .browser import Browser, BrowserMissing
from .journeys import JOURNEY, run, write_index
from .walk import Walk
from .world import ROOT, JourneyFailed, World, prepare

HEARTBEAT_S = "2"       # the tour's kiosks beat every 2 s, so a silent one is an alert after 6 s, not 3 minutes


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _tail(path: Path, n: int = 3000) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace")[-n:]
    except OSError:
        return ""


def start_server(db: Path, port: int, env: dict) -> subprocess.Popen:
    import requests

    log = open(db.with_suffix(".log"), "wb")       # noqa: SIM115  (the server's own errors, for the index)
    proc = subprocess.Popen([sys.executable, "-m", "backend.cli", "serve", "--port", str(port), "--db", str(db)],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            requests.get(f"http://127.0.0.1:{port}/v1/health", timeout=1)
            return proc
        except requests.RequestException:
            if proc.poll() is not None:
                raise JourneyFailed("hall server exited: " + _tail(db.with_suffix(".log"))) from None
            time.sleep(0.1)
    proc.terminate()
    raise JourneyFailed("hall server did not start within 60 s")


def console_tour(out: Path, size: tuple[int, int] = (1366, 768)) -> int:
    out.mkdir(parents=True, exist_ok=True)
    for old in [*out.glob("*.png"), *out.glob("*.pdf")]:
        old.unlink()
    work = Path(tempfile.mkdtemp(prefix="console-tour-"))
    env = {**os.environ, "HALL_HEARTBEAT_S": HEARTBEAT_S, "HALL_STAFF_TOKEN": "console-tour-automation"}
    port = _free_port()
    db = work / "hall.sqlite3"
    world = World(f"http://127.0.0.1:{port}", db, work)
    proc = browser = walk = None
    error = None
    try:
        proc = start_server(db, port, env)
        prepare(world)
        browser = Browser(size)
        walk = Walk(browser, world.url, out)
        from .journeys_catalogue import EDITOR_JOURNEY

        run(walk, world, JOURNEY + EDITOR_JOURNEY)
    except (JourneyFailed, BrowserMissing) as exc:
        error = str(exc)
        server_log = _tail(db.with_suffix(".log"))
        if "Traceback" in server_log:
            error += "\n\nhall server log:\n" + server_log
    except Exception:  # noqa: BLE001  (the index says what broke; the exit code says it broke)
        error = traceback.format_exc()
    finally:
        if walk is not None and error and out is not None:
            try:
                browser.screenshot(out / "error.png")
            except Exception:  # noqa: BLE001
                pass
        if walk is not None:
            write_index(walk, out, world, error)
        if browser is not None:
            browser.close()
        if proc is not None:
            proc.terminate()
            proc.wait(timeout=30)
    if error:
        print(f"kiosk-hall console-tour: {error}", file=sys.stderr)
        return 1
    print(f"console tour: {len(walk.entries)} pages in {out / 'index.md'}")
    return 0


def cmd_console_tour(args) -> int:
    w, _, h = args.size.partition("x")
    return console_tour(Path(args.out), (int(w), int(h)))


def register(sub) -> None:
    t = sub.add_parser("console-tour", help="walk the console in headless Chromium; a PNG of every page + index.md")
    t.add_argument("--out", required=True, help="folder for the pictures, the printed notices and index.md")
    t.add_argument("--size", default="1366x768", help="browser window, WIDTHxHEIGHT (default 1366x768)")
    t.set_defaults(func=cmd_console_tour)
