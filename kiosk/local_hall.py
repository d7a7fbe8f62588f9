"""A hall server on 127.0.0.1 for `kiosk run --simulate` and the tour: a real server process, started
the way staff start one (`kiosk-hall`), so a demo exercises the same code as a hall."""
from __future__ import annotations

import atexit
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

#: The staff token of the local hall (a simulation only): the tour publishes catalogues with it.
STAFF_TOKEN = "local-staff"


class LocalHall:
    def __init__(self, folder: Path, kiosk_id: str = "sim-kiosk"):
        self.folder = Path(folder)
        self.kiosk_id = kiosk_id
        self.proc: subprocess.Popen | None = None
        self.token = ""
        self.url = ""

    def _hall(self, *args: str) -> str:
        env = {**os.environ, "HALL_STAFF_TOKEN": self.staff_token}
        return subprocess.run([sys.executable, "-m", "backend.cli", *args], env=env, check=True,
                              capture_output=True, text=True, timeout=60).stdout

    @property
    def staff_token(self) -> str:
        return STAFF_TOKEN

    def start(self) -> "LocalHall":
        self.folder.mkdir(parents=True, exist_ok=True)
        db = str(self.folder / "hall.sqlite3")
        self.token = self._hall("kiosk-add", self.kiosk_id, "--db", db).strip()
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        self.url = f"http://127.0.0.1:{port}"
        env = {**os.environ, "HALL_STAFF_TOKEN": self.staff_token}
        self.proc = subprocess.Popen([sys.executable, "-m", "backend.cli", "serve", "--port", str(port), "--db", db],
                                     env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        atexit.register(self.stop)     # never leave a server behind, whatever ends the kiosk
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                requests.get(self.url + "/v1/health", timeout=0.5)
                return self
            except requests.RequestException:
                if self.proc.poll() is not None:
                    raise RuntimeError("the local hall server exited at start")
                time.sleep(0.1)
        raise RuntimeError("the local hall server did not start within 30 s")

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()

    def move_status(self, receipt: str, matter: str, status: str) -> None:
        self._hall("status", receipt, matter, status, "--db", str(self.folder / "hall.sqlite3"))
