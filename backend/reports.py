"""The hall manager's figures for today: tickets and waits per window, applications per theme, overdue
matters, and the kiosks (last heartbeat, device faults, kiosks silent for three heartbeats as alerts)."""
from __future__ import annotations

import datetime as dt
import os
import statistics

from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from . import authz, db
from .accounts import Principal
from .kiosks import list_kiosks
from .service import FINISHED, now
from .waits import estimated_vs_actual
from .workdays import Calendar

FAULT_STATES = ("failed", "degraded", "error")
MISSED_BEATS = 3


def heartbeat_seconds() -> int:
    """HALL_HEARTBEAT_S: the kiosks' heartbeat interval (their [hall] heartbeat_s), read once at start."""
    raw = os.environ.get("HALL_HEARTBEAT_S", "60")
    try:
        value = int(raw)
    except ValueError:
        raise SystemExit(f"HALL_HEARTBEAT_S={raw!r}: expected whole seconds, e.g. 60") from None
    if not 1 <= value <= 3600:
        raise SystemExit(f"HALL_HEARTBEAT_S={raw!r}: expected 1 to 3600 seconds")
    return value


def _minutes(a: dt.datetime | None, b: dt.datetime | None) -> float | None:
    return (b - a).total_seconds() / 60 if a and b else None


def windows_today(conn: Connection, cat, day: dt.date, t: dt.datetime) -> list[dict]:
    """Per window: tickets issued, waiting, served, skipped; median and longest wait (issue to call, minutes)."""
    T = db.tickets
    rows = conn.execute(select(T.c.prefix, T.c.state, T.c.issued_at, T.c.called_at).where(T.c.day == day)).all()
    out = []
    for loc in sorted({loc.ticket_prefix: loc for loc in cat.locations.values()}.values(), key=lambda x: x.ticket_prefix):
        mine = [r for r in rows if r.prefix == loc.ticket_prefix]
        waits = [_minutes(r.issued_at, r.called_at) for r in mine if r.called_at]
        waiting_now = [_minutes(r.issued_at, t) for r in mine if r.state is None]
        out.append({"window": loc.ticket_prefix, "name": loc.window, "issued": len(mine),
                    "waiting": len(waiting_now), "served": sum(r.state == "served" for r in mine),
                    "skipped": sum(r.state == "skipped" for r in mine),
                    "called": sum(r.state == "called" for r in mine),
                    "median_wait_min": round(statistics.median(waits), 1) if waits else None,
                    "max_wait_min": round(max(waits), 1) if waits else None,
                    "longest_waiting_min": round(max(waiting_now), 1) if waiting_now else None})
    return out


def themes_today(conn: Connection, cat, day: dt.date) -> list[dict]:
    """Applications per theme, submitted today and still open (not yet handed back)."""
    A = db.applications
    start = dt.datetime.combine(day, dt.time())
    today = dict(conn.execute(select(A.c.theme_id, func.count()).where(A.c.created_at >= start,
                                                                       A.c.receipt.is_not(None))
                              .group_by(A.c.theme_id)).all())
    # These statuses always carry a receipt; the (status, theme) index answers this without reading rows.
    open_ = dict(conn.execute(select(A.c.theme_id, func.count()).where(
        A.c.status.in_(("pre_accepted", "accepted", "returned"))).group_by(A.c.theme_id)).all())
    out = [{"theme": tid, "no": cat.themes[tid].no if tid in cat.themes else 0,
            "name": cat.themes[tid].name if tid in cat.themes else tid, "today": today.get(tid, 0),
            "open": open_.get(tid, 0)} for tid in set(today) | set(open_)]
    return sorted(out, key=lambda x: (-x["today"], x["no"]))


def overdue_matters(conn: Connection, cat, cal: Calendar, day: dt.date, limit: int = 50) -> list[dict]:
    M, A = db.matters, db.applications
    rows = conn.execute(select(M.c.matter_id, M.c.department_id, M.c.status, M.c.due_date, A.c.receipt)
                        .select_from(M.join(A, A.c.id == M.c.application_id))
                        .where(M.c.due_date < day, M.c.status.not_in(tuple(FINISHED) + ("received",)))
                        .order_by(M.c.due_date).limit(limit)).all()
    from .desk import working_days_left

    return [{"receipt": r.receipt, "matter": r.matter_id, "department": r.department_id, "status": r.status,
             "due_date": r.due_date.isoformat(), "working_days_over": -working_days_left(cal, day, r.due_date)}
            for r in rows]


def kiosks_now(conn: Connection, t: dt.datetime, heartbeat_s: int) -> list[dict]:
    """Each kiosk with its last heartbeat, its device faults, and `silent` once three heartbeats are missed."""
    out = []
    for k in list_kiosks(conn):
        seen = dt.datetime.fromisoformat(k["last_seen"]) if k["last_seen"] else None
        since = seen or dt.datetime.fromisoformat(k["registered_at"])
        age = (t - since).total_seconds()
        faults = [{"device": d, "state": h.get("state"), "reason": h.get("reason", "")}
                  for d, h in sorted(k["health"].items()) if h.get("state") in FAULT_STATES]
        out.append({**k, "age_s": int(age), "silent": age > MISSED_BEATS * heartbeat_s, "faults": faults,
                    "never_seen": seen is None})
    return out


def today(conn: Connection, cat, cal: Calendar, p: Principal, heartbeat_s: int = 60) -> dict:
    authz.require_role(p, "supervisor")
    t = now()
    kiosks = kiosks_now(conn, t, heartbeat_s)
    alerts = [{"kind": "silent", "kiosk": k["id"], "age_s": k["age_s"]} for k in kiosks if k["silent"]]
    alerts += [{"kind": "fault", "kiosk": k["id"], **f} for k in kiosks for f in k["faults"]]
    windows = windows_today(conn, cat, t.date(), t)
    accuracy = estimated_vs_actual(conn, t.date())["windows"]     # what tickets were told vs how long they waited
    for w in windows:
        w["estimates_compared"] = accuracy.get(w["window"], {}).get("compared", 0)
        w["estimate_error_min"] = accuracy.get(w["window"], {}).get("median_error_minutes")
    return {"at": t.isoformat(), "heartbeat_s": heartbeat_s, "windows": windows,
            "themes": themes_today(conn, cat, t.date()), "overdue": overdue_matters(conn, cat, cal, t.date()),
            "kiosks": kiosks, "alerts": alerts}
