"""The hall desk's API and console pages under a year's load: 10,000 applications and 50,000 tickets in the database, on SQLite
and on PostgreSQL. Staff reads (the desk's application, the window's queue, the reviewer's matters, the
desk list, the audit trail, the dashboard's report, the lobby's now-serving), the console's pages for the
same (signed in through its login form) and call-next, timed one request after another from
a client on 127.0.0.1 against a real `kiosk-hall serve`. Goals: reads p95 ≤ 200 ms, call-next p95 ≤ 100 ms.

The rows are written straight into the database (the kiosk API would take an hour for 10,000); their
shape is the server's own: theme 5's sample application, its three matters with due dates (a tenth
overdue), its history, one 容缺 item, two small pages; tickets over 100 days, today's queue at A, B, C.
"""
from __future__ import annotations

import datetime as dt
import json
import random
import statistics
import tempfile
import time
import uuid
from pathlib import Path

import requests
from sqlalchemy import insert

from content import load_catalogue
from content.merge import notice
from kiosk.sample import sample_application
from support import HallServer, PostgresServer

PASSWORD = "bench-desk-password"


def _seed(url: str, n_apps: int, n_tickets: int) -> list[str]:
    """Fill the hall's database; returns the receipts of today's pre-accepted applications at window A."""
    from backend import accounts, db
    from backend.receipts import make_receipt

    cat = load_catalogue()
    theme = cat.theme("5")
    body, _pages = sample_application(cat, "5")
    merged = notice(cat, theme, body.get("answers") or {})
    payload = json.dumps(body, ensure_ascii=False)
    loc = cat.theme_location(theme)
    rng = random.Random(7)
    engine = db.connect(url)
    now = dt.datetime.now().replace(microsecond=0)
    today = now.date()
    days = 100
    per_day = max(1, n_apps // days)
    apps, matters, events, owed, pages, tickets = [], [], [], [], [], []
    pending = []
    page_bytes = b"\xff\xd8\xff" + bytes(rng.getrandbits(8) for _ in range(1024))
    for i in range(n_apps):
        day = today - dt.timedelta(days=i // per_day)
        at = dt.datetime.combine(day, dt.time(9)) + dt.timedelta(minutes=i % per_day)
        app_id = str(uuid.uuid4())
        receipt = make_receipt(day, i % per_day + 1)
        status = "pre_accepted" if day == today else "accepted"
        if status == "pre_accepted":
            pending.append(receipt)
        ticket = f"{loc.ticket_prefix}{i % per_day + 1:03d}"
        apps.append(dict(id=app_id, kiosk_id="bench-kiosk", idempotency_key=f"bench-{i}", request_hash="0" * 64,
                         theme_id=theme.id, theme_no=theme.no, catalogue_version=cat.version, status=status,
                         payload=payload, receipt=receipt, lookup_code="0badc0de", ticket=ticket,
                         location_id=loc.id, created_at=at, accepted_at=at, due_date=day + dt.timedelta(days=30),
                         due_provisional=False))
        for m in merged["matters"]:
            due = day + dt.timedelta(days=rng.choice([-5, 10, 20, 30]) if day < today else 30)
            st = "received" if status == "pre_accepted" else rng.choice(
                ["dispatched", "under_review", "approved", "result_ready", "collected"])
            matters.append(dict(application_id=app_id, matter_id=m["id"], department_id=m["department"],
                                approval_level=m["approval_level"], status=st, due_date=due, due_provisional=False,
                                updated_at=at))
            for s in ("received", "dispatched"):
                events.append(dict(application_id=app_id, matter_id=m["id"], status=s, at=at, actor="hall"))
        events.append(dict(application_id=app_id, matter_id=None, status=status, at=at, actor="kiosk:bench-kiosk"))
        owed.append(dict(application_id=app_id, material_id="marriage-certificate", name="结婚证",
                         due_date=day + dt.timedelta(days=30), received_at=None if i % 2 else at))
        for p in range(2):
            pages.append(dict(application_id=app_id, page_id=f"p{p}", sha256="0" * 64, size=len(page_bytes),
                              content=page_bytes, created_at=at))
        tickets.append(dict(day=day, prefix=loc.ticket_prefix, number=i % per_day + 1, ticket=ticket,
                            theme_id=theme.id, location_id=loc.id, application_id=app_id, kiosk_id="bench-kiosk",
                            issued_at=at, state=None if day == today else "served", called_at=None if day == today
                            else at, served_at=None if day == today else at + dt.timedelta(minutes=7)))
    # Walk-in tickets (no application) make up the 50,000, spread over the same days and the three windows.
    walk_ins = n_tickets - len(tickets)
    numbers: dict[tuple, int] = {}
    for (d, p), n in ((( t["day"], t["prefix"]), t["number"]) for t in tickets):
        numbers[(d, p)] = max(numbers.get((d, p), 0), n)
    prefixes = ["A", "B", "C"]
    for j in range(walk_ins):
        day = today - dt.timedelta(days=j % days)
        prefix = prefixes[j % 3]
        n = numbers[(day, prefix)] = numbers.get((day, prefix), 0) + 1
        at = dt.datetime.combine(day, dt.time(8, 30)) + dt.timedelta(seconds=j % 3600)
        waiting = day == today
        tickets.append(dict(day=day, prefix=prefix, number=n, ticket=f"{prefix}{n:03d}", theme_id=theme.id,
                            location_id=loc.id, application_id=None, kiosk_id="bench-kiosk", issued_at=at,
                            state=None if waiting else "served", called_at=None if waiting else at,
                            served_at=None if waiting else at + dt.timedelta(minutes=6)))
    with engine.begin() as conn:
        conn.execute(insert(db.kiosks).values(id="bench-kiosk", token_hash="0" * 64, registered_at=now))
        for table, rows in ((db.applications, apps), (db.matters, matters), (db.events, events), (db.owed, owed),
                            (db.pages, pages), (db.tickets, tickets)):
            for k in range(0, len(rows), 5000):
                conn.execute(insert(table), rows[k:k + 5000])
        for name, role, dept, window in (("clerk-a", "clerk", None, "A"), ("rev-med", "reviewer",
                                         "healthcare-security", None), ("boss", "supervisor", None, None)):
            accounts.add_user(conn, cat, name, role, PASSWORD, dept, window)
    with engine.connect() as conn:      # statistics, as a database in use has them (PostgreSQL: no autovacuum race)
        conn.exec_driver_sql("ANALYZE")
        conn.commit()
    engine.dispose()
    return pending


def _timed(session: requests.Session, method: str, url: str, n: int, warm: int = 5, **kw) -> list[float]:
    """Milliseconds of n requests, after `warm` untimed ones (connection, caches)."""
    for _ in range(warm):
        session.request(method, url() if callable(url) else url, timeout=60, **kw).raise_for_status()
    out = []
    for _ in range(n):
        t = time.perf_counter()
        r = session.request(method, url() if callable(url) else url, timeout=60, **kw)
        out.append((time.perf_counter() - t) * 1000)
        assert r.status_code == 200, (r.status_code, r.text[:300])
    return out


def _console(server: HallServer, name: str) -> requests.Session:
    """A browser-like session signed in through the console's login form (CSRF and one-time tokens)."""
    import re

    s = requests.Session()
    page = s.get(server.url + "/console/login", timeout=60).text
    csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
    once = re.search(r'name="once" value="([^"]+)"', page).group(1)
    r = s.post(server.url + "/console/login", timeout=60, data={"csrf": csrf, "once": once, "next": "",
                                                                 "username": name, "password": PASSWORD})
    assert r.status_code == 200 and "/console/login" not in r.url, (r.status_code, r.url)
    return s


def _measure(server: HallServer, pending: list[str], n: int) -> dict[str, list[float]]:
    rng = random.Random(3)
    tokens = {}
    for name in ("clerk-a", "rev-med", "boss"):
        r = requests.post(server.url + "/v1/auth/login", json={"username": name, "password": PASSWORD}, timeout=60)
        tokens[name] = r.json()["token"]
    s = {name: requests.Session() for name in tokens}
    for name, sess in s.items():
        sess.headers["Authorization"] = f"Bearer {tokens[name]}"
    u = server.url
    results = {
        "desk: one application (form, matters, pages, history)": _timed(
            s["clerk-a"], "GET", lambda: f"{u}/v1/desk/applications/{rng.choice(pending)}", n),
        "window A's queue today": _timed(s["clerk-a"], "GET", f"{u}/v1/windows/A/queue", n),
        "desk list: pre-accepted at window A": _timed(s["clerk-a"], "GET", f"{u}/v1/desk/applications",
                                                       n, params={"status": "pre_accepted"}),
        "reviewer's matters (医疗保障局), overdue first": _timed(s["rev-med"], "GET", f"{u}/v1/review/matters", n),
        "audit trail (supervisor)": _timed(s["boss"], "GET", f"{u}/v1/audit", n),
        "lobby now-serving (public)": _timed(requests.Session(), "GET", f"{u}/v1/queue/now-serving", n),
        "supervisor's report today (JSON of the dashboard)": _timed(s["boss"], "GET", f"{u}/v1/reports/today", n),
    }
    pages = {name: _console(server, name) for name in tokens}
    results.update({
        "page: window A (waiting list, 叫号)": _timed(pages["clerk-a"], "GET", f"{u}/console/window", n),
        "page: the desk (one application)": _timed(
            pages["clerk-a"], "GET", lambda: f"{u}/console/desk/{rng.choice(pending)}", n),
        "page: reviewer's queue": _timed(pages["rev-med"], "GET", f"{u}/console/review", n),
        "page: supervisor's dashboard": _timed(pages["boss"], "GET", f"{u}/console/dashboard", n),
    })
    results["call-next at window A"] = _timed(s["clerk-a"], "POST", f"{u}/v1/windows/A/call-next", n)
    return results


def _p(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def run(quick: bool = False) -> str:
    import os

    n_apps, n_tickets, n = (1000, 5000, 30) if quick else (10_000, 50_000, 200)
    load_before = os.getloadavg()[0]
    figures: dict[str, dict[str, list[float]]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "hall.sqlite3"
        t = time.time()
        pending = _seed(str(path), n_apps, n_tickets)
        seeded = time.time() - t
        server = HallServer(path)
        server.start()
        try:
            figures["SQLite"] = _measure(server, pending, n)
        finally:
            server.stop()
    pg = PostgresServer().start()
    try:
        pending = _seed(pg.url, n_apps, n_tickets)
        server = HallServer(pg.url)
        server.start()
        try:
            figures["PostgreSQL"] = _measure(server, pending, n)
        finally:
            server.stop()
    finally:
        pg.stop()
    load_after = os.getloadavg()[0]
    routes = list(figures["SQLite"])
    rows = []
    worst_read = {db: max(_p(v, 0.95) for k, v in f.items() if not k.startswith("call-next"))
                  for db, f in figures.items()}
    worst_call = {db: _p(f["call-next at window A"], 0.95) for db, f in figures.items()}
    for route in routes:
        cells = " | ".join(f"{statistics.median(figures[db][route]):.1f} | {_p(figures[db][route], 0.95):.1f}"
                           for db in figures)
        rows.append(f"| {route} | {cells} |")
    verdict = " ".join(
        f"{db}: reads p95 ≤ {worst_read[db]:.0f} ms ({'met' if worst_read[db] <= 200 else 'MISSED'}), "
        f"call-next p95 {worst_call[db]:.0f} ms ({'met' if worst_call[db] <= 100 else 'MISSED'})."
        for db in figures)
    return (
        "## Hall desk API and console pages under a year's data\n\n"
        f"{n_apps:,} applications (theme 5: 3 matters, history, one 容缺 item, 2 pages each) and {n_tickets:,} "
        f"tickets over 100 days in the hall's database, today's {len(pending)} pre-accepted at window A; "
        f"{n} requests per route, one after another, from a client on 127.0.0.1 to `kiosk-hall serve` "
        f"(seeding SQLite took {seeded:.0f} s), with the machine's 1-minute load average at {load_before:.1f} "
        f"before and {load_after:.1f} after (2 cores shared with other work: the tails are the machine's as "
        "much as the server's). Milliseconds per request, client side.\n\n"
        "| route | SQLite median | SQLite p95 | PostgreSQL median | PostgreSQL p95 |\n|---|---:|---:|---:|---:|\n"
        + "\n".join(rows) + "\n\n"
        f"Goals: reads p95 ≤ 200 ms, call-next p95 ≤ 100 ms. {verdict}\n\n"
        "Command: `make bench` or `.venv/bin/python -m bench hall_desk` (`--quick`: 1,000 / 5,000).\n")
