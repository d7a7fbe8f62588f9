"""What every part of the hall's service stands on: the refusal every layer answers with, the status flow of a
matter, the clock, the daily counters (receipts, tickets) and an application's event log.

The services: backend/applications.py (a kiosk's application taken in), backend/matters.py (each department's
matter moved on), backend/progress.py (what the kiosk, the desk and the public lookup see), backend/queue.py
(tickets and the window queue), backend/desk.py (the clerk's window). Functions take an open SQLAlchemy
connection inside a transaction; the HTTP layer only maps them to routes.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from . import db


class Refused(Exception):
    """The request can never succeed as sent (HTTP 4xx); `status` is the HTTP status to answer with."""

    def __init__(self, status: int, message: str, details: list | None = None):
        super().__init__(message)
        self.status = status
        self.details = details or []


#: Status flow of one matter. City-level matters pass through "forwarded" (转报市级).
TRANSITIONS = {
    "received": {"dispatched"},
    "dispatched": {"forwarded", "under_review"},
    "forwarded": {"under_review"},
    "under_review": {"approved", "rejected"},
    "approved": {"result_ready"},
    "rejected": {"collected", "posted"},
    "result_ready": {"collected", "posted"},
    "collected": set(),
    "posted": set(),
}
FINISHED = {"collected", "posted"}
MAX_PAGE_BYTES = 2 * 1024 * 1024


def now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


def next_counter(conn: Connection, name: str) -> int:
    """The next number of a daily sequence, atomic across server processes sharing one database.

    One UPDATE … RETURNING takes the row lock and increments in the database: two hall servers on one
    PostgreSQL can never read the same value (a SELECT then UPDATE could, under READ COMMITTED).
    The first number of a day inserts the row; a concurrent first insert loses cleanly and increments.
    """
    bump = (update(db.counters).where(db.counters.c.name == name)
            .values(value=db.counters.c.value + 1).returning(db.counters.c.value))
    value = conn.execute(bump).scalar()
    if value is not None:
        return value
    try:
        with conn.begin_nested():
            conn.execute(insert(db.counters).values(name=name, value=1))
        return 1
    except IntegrityError:
        return conn.execute(bump).scalar_one()


def application(conn: Connection, app_id: str):
    """The row of an application the caller already holds (by its id)."""
    return conn.execute(select(db.applications).where(db.applications.c.id == app_id)).one()


def application_by_receipt(conn: Connection, receipt: str):
    """The application with this receipt, for staff; 404 when there is none."""
    row = conn.execute(select(db.applications).where(db.applications.c.receipt == receipt)).first()
    if row is None:
        raise Refused(404, f"no application {receipt}")
    return row


def record_event(conn, app_id: str, status: str, actor: str, matter: str | None = None, note: str | None = None):
    conn.execute(insert(db.events).values(application_id=app_id, matter_id=matter, status=status, at=now(),
                                          actor=actor, note=note))
