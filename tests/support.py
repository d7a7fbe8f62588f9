"""Helpers shared by tests (and benchmarks): the `kiosk` command as a separate process, real servers, a private X server."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_kiosk(*args: str, env: dict | None = None, timeout: float = 120,
              input: str | None = None) -> subprocess.CompletedProcess:
    """Run the `kiosk` command as a user would, in a separate process."""
    return subprocess.run([sys.executable, "-m", "screens.cli", *args], cwd=ROOT, env=env, input=input,
                          capture_output=True, text=True, timeout=timeout)


def kiosk_env(display: str, data_dir: Path | str, **extra: str) -> dict:
    """The environment of a kiosk process on `display` with its own data folder, never the caller's config."""
    env = {**os.environ, "DISPLAY": display, "KIOSK_DATA_DIR": str(data_dir), "KIVY_NO_ARGS": "1", **extra}
    env.pop("KIOSK_CONFIG", None)
    return env


def hall_kiosk_env(data_dir: Path | str, url: str, token: str) -> dict:
    """The environment of a headless `kiosk` command talking to the hall at `url` with credential `token`."""
    env = {**os.environ, "KIOSK_DATA_DIR": str(data_dir), "KIOSK_BACKEND_URL": url, "KIOSK_KIOSK_TOKEN": token}
    env.pop("KIOSK_CONFIG", None)
    return env


def run_tour(display: str, out: Path, *journeys: str, size: str | None = None, timeout: float = 240,
             **settings: str) -> dict:
    """`kiosk tour --out OUT/shots --journey …` on `display` with its own data folder, as a user runs it;
    its index (entries, checks), after asserting the tour ran without an error. `settings` are extra
    environment variables (KIOSK_KIOSK_CONTENT_DIR=…)."""
    env = kiosk_env(display, out / "data", **settings)
    args = ["tour", "--out", str(out / "shots"), *[a for j in journeys for a in ("--journey", j)]]
    result = run_kiosk(*args, *(["--size", size] if size else []), env=env, timeout=timeout)
    index = json.loads((out / "shots" / "index.json").read_text(encoding="utf-8"))
    assert result.returncode == 0 and index["error"] is None, index["error"] or result.stderr[-3000:]
    return index


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def hall_signing_key(folder: Path) -> tuple[Path, str]:
    """A catalogue signing key made by `kiosk-hall keygen`: (private key file, public key line)."""
    path = Path(folder) / f"hall-signing-{free_port()}.pem"
    result = subprocess.run([sys.executable, "-m", "backend.cli", "keygen", "--out", str(path)], cwd=ROOT,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return path, result.stdout.strip()


class HallServer:
    """A real hall server (`kiosk-hall serve`) in its own process on 127.0.0.1."""

    def __init__(self, db: Path, staff_token: str = "staff-test-token", port: int | None = None,
                 extra: tuple[str, ...] = (), env: dict | None = None):
        self.db, self.staff_token = db, staff_token
        self.port = port or free_port()
        self.env = env or {}            # settings the server reads at start (HALL_CONSOLE_IDLE, HALL_HEARTBEAT_S)
        self.extra = extra
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        scheme = "https" if "--cert" in self.extra else "http"
        return f"{scheme}://127.0.0.1:{self.port}"

    def hall(self, *args: str) -> subprocess.CompletedProcess:
        import os

        env = {**os.environ, "HALL_STAFF_TOKEN": self.staff_token}
        return subprocess.run([sys.executable, "-m", "backend.cli", *args, "--db", str(self.db)], cwd=ROOT,
                              env=env, capture_output=True, text=True, timeout=60)

    def add_kiosk(self, kiosk_id: str) -> str:
        result = self.hall("kiosk-add", kiosk_id)
        assert result.returncode == 0, result.stderr
        return result.stdout.strip()

    def applications(self) -> list[dict]:
        import json

        result = self.hall("applications", "--json")
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout)

    def start(self) -> "HallServer":
        import os
        import time

        import requests

        env = {**os.environ, "HALL_STAFF_TOKEN": self.staff_token, **self.env}
        self.proc = subprocess.Popen([sys.executable, "-m", "backend.cli", "serve", "--port", str(self.port),
                                      "--db", str(self.db), *self.extra], cwd=ROOT, env=env,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                with warnings.catch_warnings():      # up yet? (the CA is the test's business, not this probe's)
                    warnings.simplefilter("ignore")
                    requests.get(self.url + "/v1/health", timeout=1, verify=False)
                return self
            except requests.RequestException:
                if self.proc.poll() is not None:
                    raise RuntimeError("hall server exited: " + self.proc.stderr.read().decode())
                time.sleep(0.1)
        raise RuntimeError("hall server did not start")

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=10)


class FaultProxy:
    """An HTTP proxy in front of the hall server that answers 503 or stalls on demand: a real HTTP layer
    misbehaving, not a mocked client."""

    def __init__(self, target: str):
        import http.client
        import threading
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
        from urllib.parse import urlsplit

        proxy = self
        self.fail_next = 0
        self.fail_rate = 0.0          # share of requests answered 503 at random
        self.delay = 0.0
        self.rewrite = None           # (path, body) -> body: tamper with answers (a corrupting middlebox)
        self.respond = None           # (path, status, headers, body) -> (status, headers, body): headers too
        self.requests: list[str] = []
        self.lock = threading.Lock()
        host = urlsplit(target)

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def _any(self):
                import time

                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                import random

                with proxy.lock:
                    proxy.requests.append(f"{self.command} {self.path}")
                    fail = proxy.fail_next > 0
                    proxy.fail_next -= 1 if fail else 0
                    fail = fail or random.random() < proxy.fail_rate
                if fail:
                    self.send_response(503)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                time.sleep(proxy.delay)
                conn = http.client.HTTPConnection(host.hostname, host.port, timeout=60)
                headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "connection")}
                conn.request(self.command, self.path, body=body, headers=headers)
                resp = conn.getresponse()
                data = resp.read()
                if proxy.rewrite is not None and resp.status == 200:
                    data = proxy.rewrite(self.path, data)
                status, answer_headers = resp.status, resp.getheaders()
                if proxy.respond is not None:
                    status, answer_headers, data = proxy.respond(self.path, status, answer_headers, data)
                self.send_response(status)
                for k, v in answer_headers:
                    if k.lower() not in ("transfer-encoding", "connection", "content-length"):
                        self.send_header(k, v)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
                conn.close()

            do_GET = do_POST = do_PUT = _any

        class Server(ThreadingHTTPServer):
            daemon_threads = True

            def handle_error(self, request, client_address):
                # A sender killed mid-request (the soak's SIGKILLs) is expected here, not a proxy fault.
                import sys as _sys

                if not isinstance(_sys.exc_info()[1], (ConnectionResetError, BrokenPipeError)):
                    super().handle_error(request, client_address)

        self.server = Server(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


class PostgresServer:
    """A private PostgreSQL cluster in a temporary folder on 127.0.0.1 (Debian's postgresql package,
    which `make test` installs). initdb refuses to run as root, so as root the cluster belongs to the
    package's `postgres` user, in a folder of its own under /tmp (pytest's folders are private to root)."""

    def __init__(self):
        import glob
        import shutil
        import tempfile

        found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
        if not found:
            raise RuntimeError("PostgreSQL is not installed: run `make test`, which installs it")
        self.bin = Path(found[-1]).parent
        self.folder = Path(tempfile.mkdtemp(prefix="kiosk-pg-"))
        self.data = self.folder / "pgdata"
        self.port = free_port()
        self.proc: subprocess.Popen | None = None
        self._as = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self._as:
            shutil.chown(self.folder, "postgres")

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def start(self) -> "PostgresServer":
        import time

        import psycopg

        subprocess.run([*self._as, str(self.bin / "initdb"), "-D", str(self.data), "-U", "postgres",
                        "--auth=trust", "-E", "UTF8", "--locale=C"], check=True, capture_output=True, timeout=120)
        self.proc = subprocess.Popen(
            [*self._as, str(self.bin / "postgres"), "-D", str(self.data), "-p", str(self.port),
             "-k", str(self.folder), "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                psycopg.connect(f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres",
                                connect_timeout=2).close()
                return self
            except psycopg.OperationalError:
                if self.proc.poll() is not None:
                    raise RuntimeError("postgres exited: " + self.proc.stderr.read().decode())
                time.sleep(0.2)
        raise RuntimeError("postgres did not start")

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()          # "smart" shutdown of the postmaster and its children
            self.proc.wait(timeout=30)
        import shutil

        shutil.rmtree(self.folder, ignore_errors=True)


def private_display(screen: str = "1080x1920x24"):
    """A private Xvfb (GLX on) of the given screen; a context manager yielding its DISPLAY string. A kiosk
    window with `fullscreen = auto` fills the screen, so the screen is the size the test or benchmark wants."""
    import contextlib
    import shutil

    @contextlib.contextmanager
    def display():
        if shutil.which("Xvfb") is None:
            raise RuntimeError("Xvfb is not installed: run `make test` or `make bench`, which install it")
        read_fd, write_fd = os.pipe()
        proc = subprocess.Popen(["Xvfb", "-displayfd", str(write_fd), "-screen", "0", screen, "-ac",
                                 "+extension", "GLX", "-nolisten", "tcp"],
                                pass_fds=(write_fd,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(write_fd)
        with os.fdopen(read_fd) as f:
            number = f.readline().strip()
        try:
            if not number:
                raise RuntimeError("Xvfb did not start")
            yield f":{number}"
        finally:
            proc.terminate()
            proc.wait(timeout=10)

    return display()
