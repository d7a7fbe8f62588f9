"""The wait a new ticket is told: tickets waiting ahead at its window times the window's median service
time today, recorded for estimated-against-actual; nothing made up when there is no history."""
from __future__ import annotations

import datetime as dt

import pytest
import requests
from sqlalchemy import update

from backend import db, reports, waits
from backend.accounts import Principal
from backend.workdays import Calendar
from content import load_catalogue
from queue_seed import hall_with_clerk, seed_window
from support import HallServer

PASSWORD = "correct horse battery 9"


@pytest.fixture
def hall_db(tmp_path):
    path = tmp_path / "hall.sqlite3"
    return path, db.connect(str(path))


def test_the_estimate_is_the_waiting_tickets_times_the_median_service_time(hall_db):
    path, engine = hall_db
    seed_window(path, "A", served_minutes=(4, 6, 30), waiting=3)     # one long case: the median ignores it
    today = dt.date.today()
    with engine.connect() as conn:
        est = waits.estimate(conn, "A", today)
        assert (est["ahead"], est["median_s"], est["minutes"]) == (3, 360, 18)
        assert waits.estimate(conn, "A", today, number=5)["ahead"] == 1      # A004 waits ahead of A005
        assert waits.estimate(conn, "B", today) == {"ahead": 0, "minutes": None, "median_s": None, "samples": 0,
                                                     "servers": 1}


def test_without_history_today_there_is_no_figure(hall_db):
    path, engine = hall_db
    seed_window(path, "A", served_minutes=(), waiting=4)
    with engine.connect() as conn:
        est = waits.estimate(conn, "A", dt.date.today())
    assert est["ahead"] == 4 and est["minutes"] is None


def test_two_clerks_calling_at_one_window_halve_the_wait(hall_db):
    path, engine = hall_db
    seed_window(path, "A", served_minutes=(6, 6), waiting=4)
    today = dt.date.today()
    with engine.begin() as conn:
        conn.execute(update(db.tickets).where(db.tickets.c.ticket == "A003")
                     .values(state="called", called_by="clerk-1", called_at=dt.datetime.now()))
        conn.execute(update(db.tickets).where(db.tickets.c.ticket == "A004")
                     .values(state="called", called_by="clerk-2", called_at=dt.datetime.now()))
        est = waits.estimate(conn, "A", today)
    assert (est["ahead"], est["servers"], est["minutes"]) == (2, 2, 6)


def test_estimates_are_recorded_and_set_against_the_actual_wait(hall_db):
    path, engine = hall_db
    seed_window(path, "A", served_minutes=(5, 5), waiting=0)
    today, now = dt.date.today(), dt.datetime.now().replace(microsecond=0)
    with engine.begin() as conn:
        for n in (3, 4):
            conn.execute(db.tickets.insert().values(day=today, prefix="A", number=n, ticket=f"A00{n}",
                                                    theme_id="birth", location_id="service-centre",
                                                    issued_at=now - dt.timedelta(minutes=12)))
            told = waits.for_new_ticket(conn, today, "A", f"A00{n}", n, now - dt.timedelta(minutes=12))
            assert told == {"ahead": n - 3, "minutes": max(0, (n - 3) * 5)}
        conn.execute(update(db.tickets).where(db.tickets.c.ticket == "A004")
                     .values(state="called", called_at=now, called_by="clerk-1"))
        report = waits.estimated_vs_actual(conn, today)
        assert waits.for_ticket(conn, today, "A004") == {"ahead": 1, "minutes": 5}
    by_ticket = {t["ticket"]: t for t in report["tickets"]}
    assert by_ticket["A004"]["estimated_minutes"] == 5 and by_ticket["A004"]["actual_minutes"] == 12.0
    assert by_ticket["A003"]["actual_minutes"] is None            # still waiting
    assert report["windows"]["A"] == {"compared": 1, "median_error_minutes": 7.0}
    with engine.connect() as conn:      # the supervisor's dashboard shows the same, beside the window's waits
        board = reports.today(conn, load_catalogue(), Calendar.seeded(), Principal("boss", "supervisor", None, None))
    window_a = next(w for w in board["windows"] if w["window"] == "A")
    assert (window_a["estimates_compared"], window_a["estimate_error_min"]) == (1, 7.0)


def test_the_hall_tells_a_new_ticket_its_wait_once_a_ticket_has_been_served(tmp_path):
    hall = HallServer(tmp_path / "hall.sqlite3")
    kiosk = {"Authorization": f"Bearer {hall_with_clerk(hall.db, password=PASSWORD)}"}
    hall.start()
    try:
        first = requests.post(hall.url + "/v1/tickets", json={"theme": "5"}, headers=kiosk, timeout=10).json()
        assert (first["ahead"], first["wait_minutes"]) == (0, None)         # no history yet: 请留意叫号
        for _ in range(2):
            requests.post(hall.url + "/v1/tickets", json={"theme": "5"}, headers=kiosk, timeout=10)
        token = requests.post(hall.url + "/v1/auth/login", json={"username": "clerk-a", "password": PASSWORD},
                              timeout=10).json()["token"]
        for _ in range(2):      # A001 called, then served when A002 is called
            r = requests.post(hall.url + "/v1/windows/A/call-next", headers={"Authorization": f"Bearer {token}"},
                              timeout=10)
            assert r.status_code == 200, r.text
        fourth = requests.post(hall.url + "/v1/tickets", json={"theme": "5"}, headers=kiosk, timeout=10).json()
        assert fourth["ticket"] == "A004" and fourth["ahead"] == 1          # A003 waits; A002 is at the desk
        assert fourth["wait_minutes"] == 1                                   # served in seconds: at least 1
        public = requests.get(hall.url + "/v1/queue/wait/A", timeout=10).json()
        assert public == {"window": "A", "ahead": 2, "minutes": 1}
        assert requests.get(hall.url + "/v1/queue/wait/Z", timeout=10).status_code == 404   # no window Z
    finally:
        hall.stop()
