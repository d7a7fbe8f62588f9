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

#: The staff token of the local hall (a simulation only): the tour publishes catalogues with it.
STAFF_TOKEN = "local-staff"


class LocalHall:
    def __init__(self, folder: Path, kiosk_id: str = "sim-kiosk"):
        self.folder = Path(folder)
        self.kiosk_id = kiosk_id
        self.proc: subprocess.Popen | None = None
        self.token = ""
        self.url = ""
        self.port = 0

    def _hall(self, *args: str) -> str:
        env = {**os.environ, "HALL_STAFF_TOKEN": self.staff_token}
        return subprocess.run([sys.executable, "-m", "backend.cli", *args], env=env, check=True,
                              capture_output=True, text=True, timeout=60).stdout

    @property
    def staff_token(self) -> str:
        return STAFF_TOKEN

    def start(self, launch: bool = True) -> "LocalHall":
        """Register the kiosk (once per data folder) and pick the address; with `launch`, start the server
        and return at once (the sender waits out a server that is not up yet, as with a real hall).
        `launch=False` leaves the server to `launch()`: the app starts it after its first frame, so the
        server's own Python start does not compete with the kiosk's. `wait_ready` waits for it."""
        self.folder.mkdir(parents=True, exist_ok=True)
        db = self.folder / "hall.sqlite3"
        saved = self.folder / "kiosk-token"
        # Registering costs a whole Python start (about 0.5 s): do it once per data folder, not per start.
        if db.exists() and saved.exists():
            self.token = saved.read_text(encoding="utf-8").strip()
        else:
            # --rotate: a hall database whose saved token is gone re-keys the kiosk instead of refusing.
            self.token = self._hall("kiosk-add", self.kiosk_id, "--rotate", "--db", str(db)).strip()
            saved.touch(mode=0o600)
            saved.write_text(self.token + "\n", encoding="utf-8")
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        return self.launch() if launch else self

    def launch(self) -> "LocalHall":
        """Start the server process (once)."""
        if self.proc is None:
            env = {**os.environ, "HALL_STAFF_TOKEN": self.staff_token}
            self.proc = subprocess.Popen([sys.executable, "-m", "backend.cli", "serve", "--port", str(self.port),
                                          "--db", str(self.folder / "hall.sqlite3")],
                                         env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            atexit.register(self.stop)     # never leave a server behind, whatever ends the kiosk
        return self

    def wait_ready(self, timeout: float = 30.0) -> "LocalHall":
        """Block until the server answers its health check."""
        import requests

        deadline = time.time() + timeout
        while time.time() < deadline:
            try:
                requests.get(self.url + "/v1/health", timeout=0.5)
                return self
            except requests.RequestException:
                if self.proc is None or self.proc.poll() is not None:
                    raise RuntimeError("the local hall server exited at start")
                time.sleep(0.1)
        raise RuntimeError(f"the local hall server did not start within {timeout:.0f} s")

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()

    def move_status(self, receipt: str, matter: str, status: str) -> None:
        self._hall("status", receipt, matter, status, "--db", str(self.folder / "hall.sqlite3"))
