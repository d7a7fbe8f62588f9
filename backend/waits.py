"""How long a new ticket will wait (前面还有 N 人，预计等待约 M 分钟), worked out from the window's queue today,
and every estimate recorded so the supervisor can set estimated against actual waits.

N is the tickets still waiting at that window ahead of this one. M is N times the window's median service
time (called → served) over its last served tickets today, shared among the clerks calling at that window
now. No served ticket today means no honest figure: `minutes` is None and the kiosk says "请留意叫号".
Reads desk-api's queue columns on `tickets` (state, called_at, served_at, called_by); never writes them.
"""
from __future__ import annotations

import datetime as dt
import math
import statistics
from typing import Annotated

from fastapi import Path as PathParam
from sqlalchemy import Column, DateTime, Date, Integer, String, Table, UniqueConstraint, func, insert, select
from sqlalchemy.engine import Connection

from .models import WaitOut

from . import db

#: Served tickets the median is taken over: recent enough to follow a slow afternoon, many enough that one
#: long case does not swing it (a median ignores it anyway).
LAST_SERVED = 10

wait_estimates = Table(
    "wait_estimates", db.metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("day", Date, nullable=False),
    Column("prefix", String(2), nullable=False),
    Column("ticket", String(16), nullable=False),
    Column("ahead", Integer, nullable=False),
    Column("minutes", Integer),                 # None: no history yet, the kiosk said 请留意叫号
    Column("median_s", Integer),
    Column("at", DateTime, nullable=False),
    UniqueConstraint("day", "ticket", name="uq_wait_day_ticket"),
)


def estimate(conn: Connection, prefix: str, day: dt.date, number: int | None = None) -> dict:
    """{ahead, minutes, median_s, samples, servers} for a ticket `number` (None: one issued now)."""
    T = db.tickets
    waiting = select(func.count()).select_from(T).where(T.c.day == day, T.c.prefix == prefix, T.c.state.is_(None))
    if number is not None:
        waiting = waiting.where(T.c.number < number)
    ahead = conn.execute(waiting).scalar_one()
    served = conn.execute(select(T.c.called_at, T.c.served_at).where(
        T.c.day == day, T.c.prefix == prefix, T.c.state == "served", T.c.called_at.is_not(None),
        T.c.served_at.is_not(None)).order_by(T.c.served_at.desc()).limit(LAST_SERVED)).all()
    durations = [max(0.0, (r.served_at - r.called_at).total_seconds()) for r in served]
    servers = conn.execute(select(func.count(func.distinct(T.c.called_by))).where(
        T.c.day == day, T.c.prefix == prefix, T.c.state == "called")).scalar_one() or 1
    if not durations:
        return {"ahead": ahead, "minutes": None, "median_s": None, "samples": 0, "servers": servers}
    median = statistics.median(durations)
    minutes = max(1, math.ceil(ahead * median / servers / 60)) if ahead else 0
    return {"ahead": ahead, "minutes": minutes, "median_s": round(median), "samples": len(durations),
            "servers": servers}


def record(conn: Connection, day: dt.date, prefix: str, ticket: str, est: dict, at: dt.datetime) -> None:
    conn.execute(insert(wait_estimates).values(day=day, prefix=prefix, ticket=ticket, ahead=est["ahead"],
                                               minutes=est["minutes"], median_s=est["median_s"], at=at))


def for_new_ticket(conn: Connection, day: dt.date, prefix: str, ticket: str, number: int, at: dt.datetime) -> dict:
    """Estimate for a ticket just issued, recorded; {ahead, minutes} as the kiosk shows it."""
    est = estimate(conn, prefix, day, number)
    record(conn, day, prefix, ticket, est, at)
    return {"ahead": est["ahead"], "minutes": est["minutes"]}


def for_ticket(conn: Connection, day: dt.date, ticket: str | None) -> dict | None:
    """The estimate recorded when `ticket` was issued (for the kiosk's acceptance answer)."""
    if not ticket:
        return None
    row = conn.execute(select(wait_estimates.c.ahead, wait_estimates.c.minutes).where(
        wait_estimates.c.day == day, wait_estimates.c.ticket == ticket)).first()
    return {"ahead": row.ahead, "minutes": row.minutes} if row else None


def estimated_vs_actual(conn: Connection, day: dt.date) -> dict:
    """For the supervisor's dashboard: each ticket's estimated wait against its actual one (issued → called),
    and per window how many had an estimate and the median absolute error in minutes."""
    W, T = wait_estimates, db.tickets
    rows = conn.execute(select(W.c.prefix, W.c.ticket, W.c.ahead, W.c.minutes, T.c.issued_at, T.c.called_at)
                        .select_from(W.join(T, (T.c.day == W.c.day) & (T.c.ticket == W.c.ticket)))
                        .where(W.c.day == day).order_by(W.c.id)).all()
    tickets, errors = [], {}
    for r in rows:
        actual = round((r.called_at - r.issued_at).total_seconds() / 60, 1) if r.called_at else None
        tickets.append({"window": r.prefix, "ticket": r.ticket, "ahead": r.ahead, "estimated_minutes": r.minutes,
                        "actual_minutes": actual})
        errors.setdefault(r.prefix, [])
        if r.minutes is not None and actual is not None:
            errors[r.prefix].append(abs(actual - r.minutes))
    windows = {p: {"compared": len(e), "median_error_minutes": round(statistics.median(e), 1) if e else None}
               for p, e in errors.items()}
    return {"day": day.isoformat(), "tickets": tickets, "windows": windows}


Letter = Annotated[str, PathParam(pattern=r"^[A-Z]{1,2}$")]


def register(app, hall) -> None:
    """GET /v1/queue/wait/{letter}: public, what a ticket taken now would be told (no personal data)."""
    from .service import Refused, now

    @app.get("/v1/queue/wait/{letter}", response_model=WaitOut,
             responses={404: {"description": "No such window"}})
    def wait(letter: Letter):
        if letter not in {loc.ticket_prefix for loc in hall.catalogue.locations.values()}:
            raise Refused(404, f"no window {letter!r}")
        with hall.engine.connect() as conn:
            est = estimate(conn, letter, now().date())
        return {"window": letter, "ahead": est["ahead"], "minutes": est["minutes"]}
