"""The hall server on PostgreSQL, as a district's many halls would run it: the same code behind a database
URL, and two server processes sharing one database never hand out the same receipt or ticket."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from backend.receipts import is_valid_receipt
from support import hall_kiosk_env as kiosk_env
from support import ROOT, HallServer, PostgresServer, run_kiosk


@pytest.fixture(scope="module")
def postgres():
    server = PostgresServer().start()
    yield server
    server.stop()


def _submit(env, theme: str) -> str:
    result = run_kiosk("submit", "--sample", theme, env=env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)["idempotency_key"]


def test_applications_flow_through_a_hall_server_on_postgresql(postgres, tmp_path):
    hall = HallServer(postgres.url)
    token = hall.add_kiosk("pg-kiosk")
    hall.start()
    try:
        env = kiosk_env(tmp_path / "k", hall.url, token)
        keys = {_submit(env, "5"), _submit(env, "3")}
        flush = run_kiosk("outbox", "flush", env=env)
        assert flush.returncode == 0, flush.stderr
        apps = [a for a in hall.applications() if a["idempotency_key"] in keys]
        assert len(apps) == 2
        assert all(a["status"] == "accepted" and is_valid_receipt(a["receipt"]) for a in apps)
        receipt, matter = apps[0]["receipt"], apps[0]["matters"][0]["matter"]
        moved = hall.hall("status", receipt, matter, "under_review")
        assert moved.returncode == 0, moved.stderr
        [app] = [a for a in hall.applications() if a["receipt"] == receipt]
        assert {m["matter"]: m["status"] for m in app["matters"]}[matter] == "under_review"
    finally:
        hall.stop()


def test_two_hall_servers_on_one_postgresql_never_issue_the_same_receipt_or_ticket(postgres, tmp_path):
    halls = [HallServer(postgres.url), HallServer(postgres.url)]
    tokens = [halls[0].add_kiosk("pg-a"), halls[0].add_kiosk("pg-b")]
    for h in halls:
        h.start()
    try:
        envs = [kiosk_env(tmp_path / f"k{i}", h.url, t) for i, (h, t) in enumerate(zip(halls, tokens))]
        keys = {_submit(env, theme) for env in envs for theme in ("5", "3", "13", "20", "5", "3")}
        # Both kiosks deliver at the same moment, each through its own server process.
        flushes = [subprocess.Popen([sys.executable, "-m", "kiosk.cli", "outbox", "flush"], cwd=ROOT, env=env,
                                    stdout=subprocess.PIPE, stderr=subprocess.PIPE) for env in envs]
        for f in flushes:
            _out, err = f.communicate(timeout=300)
            assert f.returncode == 0, err.decode()
        apps = [a for a in halls[0].applications() if a["idempotency_key"] in keys]
        assert len(apps) == 12 and all(a["status"] == "accepted" for a in apps)
        receipts = [a["receipt"] for a in apps]
        tickets = [a["ticket"] for a in apps]
        assert len(set(receipts)) == 12 and all(is_valid_receipt(r) for r in receipts)
        assert len(set(tickets)) == 12
    finally:
        for h in halls:
            h.stop()


def test_daily_numbers_stay_unique_when_many_transactions_take_them_at_once(postgres):
    """Receipt and ticket numbers come from one counter row; 8 writers at once must each get their own."""
    import threading

    from backend import db
    from backend.service import next_counter

    engine = db.connect(postgres.url)
    taken: list[int] = []
    start = threading.Barrier(8)

    def writer():
        start.wait()
        for _ in range(25):
            with engine.begin() as conn:
                taken.append(next_counter(conn, "ticket:2026-11-30:A"))

    threads = [threading.Thread(target=writer) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    engine.dispose()
    assert sorted(taken) == list(range(1, 201))
