"""The world the console's journeys walk in: a hall server, its staff accounts (a clerk, a reviewer per department,
a supervisor, an editor) and the applications a real `kiosk` process sent. `kiosk-hall console-tour` and
tests/console prepare it the same way (prepare)."""
from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

PASSWORD = "hall-tour-2026"
THEME = "5"                      # 出生一件事: three departments, one owed item (结婚证)
OWED = "marriage-certificate"
EDITOR = "editor-wang"
REVIEWERS = {"healthcare-security": "rev-yibao", "public-security": "rev-gongan", "civil-affairs-hr": "rev-renshe"}
ROOT = Path(__file__).resolve().parents[2]


class JourneyFailed(AssertionError):
    """A step did not see what a person would: the message says what, with the page's text."""


@dataclass
class World:
    """A hall server with the tour's accounts and kiosk applications; `db` is its database (SQLite path)."""
    url: str
    db: Path
    work: Path
    kiosk_token: str = ""
    receipts: list[str] = field(default_factory=list)       # in ticket order
    tickets: list[str] = field(default_factory=list)
    home_before: list[str] = field(default_factory=list)     # the kiosks' home order before the editor's journey

    def hall(self, *args: str, input: str | None = None) -> str:
        r = subprocess.run([sys.executable, "-m", "backend.cli", *args, "--db", str(self.db)], cwd=ROOT,
                           input=input, capture_output=True, text=True, timeout=120)
        if r.returncode != 0:
            raise JourneyFailed(f"kiosk-hall {' '.join(args)}: {r.stderr.strip()}")
        return r.stdout

    def kiosk(self, *args: str) -> str:
        env = {**os.environ, "KIOSK_DATA_DIR": str(self.work / "kiosk"), "KIOSK_BACKEND_URL": self.url,
               "KIOSK_KIOSK_TOKEN": self.kiosk_token}
        env.pop("KIOSK_CONFIG", None)
        r = subprocess.run([sys.executable, "-m", "screens.cli", *args], cwd=ROOT, env=env, capture_output=True,
                           text=True, timeout=180)
        if r.returncode != 0:
            raise JourneyFailed(f"kiosk {' '.join(args)}: {r.stderr.strip()[-2000:]}")
        return r.stdout

    def heartbeat(self, printer_reason: str = "paper_out: printer sim: paper out") -> None:
        """The kiosk's heartbeat as `kiosk run` sends it, with its printer out of paper."""
        import requests

        health = {"printer": {"state": "failed", "reason": printer_reason}, "idcard": {"state": "ok", "reason": ""},
                  "camera": {"state": "ok", "reason": ""}}
        r = requests.post(self.url + "/v1/kiosks/self/heartbeat", timeout=30,
                          headers={"Authorization": f"Bearer {self.kiosk_token}"},
                          json={"health": health, "outbox_depth": 0})
        if r.status_code != 200:
            raise JourneyFailed(f"heartbeat refused: {r.status_code} {r.text[:300]}")

    def lookup_code(self, receipt: str) -> str:
        """The code printed in the receipt's QR (the tour reads it from its own database)."""
        import sqlite3

        with sqlite3.connect(self.db) as conn:
            return conn.execute("SELECT lookup_code FROM applications WHERE receipt = ?", (receipt,)).fetchone()[0]


def prepare(world: World, applications: int = 3) -> World:
    """Accounts (a clerk at window A, a reviewer per department, a supervisor, a catalogue editor), two kiosks (one never heard
    from again), and `applications` sample applications of theme 5 sent by a real `kiosk` process.

    Accounts and kiosks are written through the service layer in this process (one catalogue load instead
    of one `kiosk-hall` start per account; tests/backend drive the `kiosk-hall user-add` command itself)."""
    from .. import accounts, progress
    from ..hall import Hall
    from ..kiosks import register_kiosk

    hall = Hall(str(world.db))
    with hall.tx() as conn:
        accounts.add_user(conn, hall.catalogue, "clerk-a", "clerk", PASSWORD, window="A")
        for dept, user in REVIEWERS.items():
            accounts.add_user(conn, hall.catalogue, user, "reviewer", PASSWORD, department=dept)
        accounts.add_user(conn, hall.catalogue, "boss", "supervisor", PASSWORD)
        accounts.add_user(conn, hall.catalogue, EDITOR, "editor", PASSWORD)
    world.kiosk_token = register_kiosk(hall, "kiosk-lobby-1")
    register_kiosk(hall, "kiosk-lobby-2")               # registered, then silent: an alert on the dashboard
    for seed in range(applications):
        world.kiosk("submit", "--sample", THEME, "--seed", str(seed))
    world.kiosk("outbox", "flush", "--timeout", "120")
    with hall.engine.connect() as conn:
        apps = sorted((a for a in progress.list_applications(conn) if a["ticket"]), key=lambda a: a["ticket"])
    hall.engine.dispose()
    world.receipts = [a["receipt"] for a in apps]
    world.tickets = [a["ticket"] for a in apps]
    if len(apps) != applications or any(a["status"] != "pre_accepted" for a in apps):
        raise JourneyFailed(f"kiosk applications not waiting at the window: {apps}")
    world.heartbeat()
    return world
