"""Submitting through the outbox as the kiosk does: happy path, server down, 5xx, slow, kill -9."""
from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
import time

from backend.receipts import is_valid_receipt
from support import hall_kiosk_env as kiosk_env
from support import ROOT, FaultProxy, HallServer, free_port, run_kiosk


def _kiosk(env, *args, timeout=120):
    return run_kiosk(*args, env=env, timeout=timeout)


def _status(env) -> dict:
    result = _kiosk(env, "outbox", "status", "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def _mine(hall, keys) -> list[dict]:
    return [a for a in hall.applications() if a["idempotency_key"] in keys]


def _submit(env, theme="5", pages=1) -> str:
    result = _kiosk(env, "submit", "--sample", theme, "--pages", str(pages))
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)["idempotency_key"]


def test_sample_is_delivered_with_receipt_ticket_and_pages_then_personal_data_is_deleted(hall, tmp_path):
    env = kiosk_env(tmp_path / "k", hall.url, hall.token)
    key = _submit(env, "5")
    assert _status(env) == {"pending": 1, "in_flight": 0, "delivered": 0, "dead": 0}
    flush = _kiosk(env, "outbox", "flush")
    assert flush.returncode == 0, flush.stderr
    assert _status(env)["delivered"] == 1
    [app] = _mine(hall, {key})
    assert app["status"] == "accepted" and is_valid_receipt(app["receipt"])
    assert app["ticket"].startswith("A") and app["pages"] == 4
    assert {m["status"] for m in app["matters"]} == {"dispatched"}
    db = sqlite3.connect(tmp_path / "k" / "outbox.sqlite3")
    assert db.execute("SELECT payload FROM outbox").fetchone()[0] is None
    assert db.execute("SELECT COUNT(*) FROM pages").fetchone()[0] == 0


def test_city_level_matters_are_forwarded_on_acceptance(hall, tmp_path):
    env = kiosk_env(tmp_path / "k", hall.url, hall.token)
    key = _submit(env, "32")
    assert _kiosk(env, "outbox", "flush").returncode == 0
    [app] = _mine(hall, {key})
    statuses = {m["matter"]: m["status"] for m in app["matters"]}
    assert statuses["ride-hailing-driver-licence"] == "forwarded"
    assert statuses["no-criminal-record-certificate-issue"] == "dispatched"


def test_server_down_keeps_the_application_and_delivers_when_it_is_back(tmp_path):
    server = HallServer(tmp_path / "hall.sqlite3", port=free_port())
    token = server.add_kiosk("kiosk-down")
    env = kiosk_env(tmp_path / "k", server.url, token)
    key = _submit(env, "3")
    down = _kiosk(env, "outbox", "flush", "--timeout", "2")
    assert down.returncode == 1 and "not empty" in down.stderr
    assert _status(env)["pending"] == 1
    server.start()
    try:
        up = _kiosk(env, "outbox", "flush")
        assert up.returncode == 0, up.stderr
        assert len(_mine(server, {key})) == 1
    finally:
        server.stop()


def test_server_errors_and_slow_answers_are_retried_and_deliver_exactly_once(hall, tmp_path):
    proxy = FaultProxy(hall.url)
    try:
        proxy.fail_next = 3
        proxy.delay = 0.3
        env = kiosk_env(tmp_path / "k", proxy.url, hall.token)
        key = _submit(env, "13")
        result = _kiosk(env, "outbox", "flush", "--timeout", "90")
        assert result.returncode == 0, result.stderr
        apps = _mine(hall, {key})
        assert len(apps) == 1 and apps[0]["status"] == "accepted"
        assert sum(r.startswith("POST /v1/applications ") or r == "POST /v1/applications" for r in proxy.requests) >= 1
    finally:
        proxy.close()


def test_sender_killed_mid_upload_resumes_and_delivers_exactly_once(hall, tmp_path):
    proxy = FaultProxy(hall.url)
    try:
        proxy.delay = 0.25
        env = kiosk_env(tmp_path / "k", proxy.url, hall.token)
        key = _submit(env, "5", pages=3)          # 12 pages
        proc = subprocess.Popen([sys.executable, "-m", "kiosk.cli", "outbox", "flush"], cwd=ROOT, env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.time() + 60
        while time.time() < deadline:
            if sum(r.startswith("PUT ") for r in proxy.requests) >= 3:
                break
            time.sleep(0.05)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert _status(env)["in_flight"] == 1          # killed with the item claimed
        proxy.delay = 0
        result = _kiosk(env, "outbox", "flush")
        assert result.returncode == 0, result.stderr
        apps = _mine(hall, {key})
        assert len(apps) == 1 and apps[0]["status"] == "accepted" and apps[0]["pages"] == 12
        assert sum(r.endswith("/finalize") for r in proxy.requests) == 1
    finally:
        proxy.close()


def test_refused_application_goes_to_dead_letter_and_is_not_retried(hall, tmp_path):
    env = kiosk_env(tmp_path / "k", hall.url, hall.token)
    code = (
        "import sys; from kiosk.config import load_config; from kiosk.delivery import open_outbox;"
        "o = open_outbox(load_config()); o.add('birth', {'theme': 'birth', 'form': {}}, [])"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, check=True)
    result = _kiosk(env, "outbox", "flush")
    assert result.returncode == 1 and "refused" in result.stderr
    assert _status(env)["dead"] == 1
    listing = json.loads(_kiosk(env, "outbox", "list", "--json").stdout)
    assert "422" in listing[0]["last_error"]


def test_wrong_kiosk_credential_keeps_the_application_pending(hall, tmp_path):
    env = kiosk_env(tmp_path / "k", hall.url, "kiosk-a:not-the-secret")
    _submit(env, "5")
    result = _kiosk(env, "outbox", "flush", "--timeout", "2")
    assert result.returncode == 1
    assert _status(env)["pending"] == 1 and _status(env)["dead"] == 0
