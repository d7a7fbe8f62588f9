"""Each department's matter of an application (并联审批): recorded with its due date in working days, dispatched
to every department at once (city-level ones forwarded, 转报市级), re-dated when the window accepts, moved on
status by status by its department; results are handed back only when nothing is owed."""
from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Connection

from content.merge import notice

from . import db
from .progress import status_view
from .service import FINISHED, TRANSITIONS, Refused, application, application_by_receipt, now, record_event
from .workdays import Calendar


def due_dates(cat, cal: Calendar, merged: dict, day: dt.date) -> tuple[list[tuple[dict, dt.date, bool]], dt.date,
                                                                      bool]:
    """Each matter's due date counted from `day` (dispatch, the matter's time limit, the return), whether it
    rests on a provisional calendar; and the overall due date (the latest) with the same flag."""
    dispatch_due, prov = cal.add_workdays(day, cat.dispatch_working_days)
    overall, overall_prov = dispatch_due, prov
    dues = []
    for m in merged["matters"]:
        decided, p1 = cal.add_workdays(dispatch_due, m["time_limit_days"])
        back, p2 = cal.add_workdays(decided, cat.return_working_days)
        dues.append((m, back, prov or p1 or p2))
        overall, overall_prov = max(overall, back), overall_prov or prov or p1 or p2
    return dues, overall, overall_prov


def record_matters(conn: Connection, cat, cal: Calendar, app_id: str, merged: dict, day: dt.date, dispatch: bool,
                   actor: str) -> tuple[dt.date, bool]:
    """Every matter with its due date counted from `day`; dispatched at once (并联) when `dispatch`.
    Returns the overall due date (the latest) and whether it rests on a provisional calendar."""
    dues, overall, overall_prov = due_dates(cat, cal, merged, day)
    t = now()
    for m, due, prov in dues:
        conn.execute(insert(db.matters).values(
            application_id=app_id, matter_id=m["id"], department_id=m["department"],
            approval_level=m["approval_level"], status="received", due_date=due, due_provisional=prov, updated_at=t))
        record_event(conn, app_id, "received", "hall", m["id"])
        if dispatch:
            dispatch_matter(conn, app_id, m, actor)
    return overall, overall_prov


def dispatch_matter(conn: Connection, app_id: str, m: dict, actor: str) -> None:
    """Dispatch to the department (并联); city-level matters are forwarded (转报市级)."""
    set_matter(conn, app_id, m["id"], "dispatched", actor, "分派至" + m["department_name"])
    if m["approval_level"] == "city":
        set_matter(conn, app_id, m["id"], "forwarded", actor, "区级受理，转报市级审批")


def redate_matters(conn: Connection, cat, cal: Calendar, app_id: str, day: dt.date) -> tuple[dt.date, bool]:
    """Due dates counted again from the day the window accepted (the clock starts at 受理)."""
    app = application(conn, app_id)
    merged = notice(cat, cat.theme(app.theme_id), json.loads(app.payload).get("answers") or {})
    dues, overall, overall_prov = due_dates(cat, cal, merged, day)
    for m, due, prov in dues:
        conn.execute(update(db.matters).where(db.matters.c.application_id == app_id,
                                              db.matters.c.matter_id == m["id"])
                     .values(due_date=due, due_provisional=prov))
    conn.execute(update(db.owed).where(db.owed.c.application_id == app_id).values(due_date=overall))
    return overall, overall_prov


def set_matter(conn, app_id: str, matter_id: str, status: str, actor: str, note: str | None = None) -> None:
    conn.execute(update(db.matters).where(db.matters.c.application_id == app_id,
                                          db.matters.c.matter_id == matter_id).values(status=status, updated_at=now()))
    record_event(conn, app_id, status, actor, matter_id, note)


def move_status(conn: Connection, receipt: str, matter_id: str, status: str, actor: str,
                note: str | None = None, principal=None) -> dict:
    """Move one matter on. With a `principal` (a staff user or automation) the role and department are checked:
    a reviewer moves only their own department's matters. Results are never handed over while anything is owed."""
    app = application_by_receipt(conn, receipt)
    row = conn.execute(select(db.matters).where(db.matters.c.application_id == app.id,
                                                db.matters.c.matter_id == matter_id)).first()
    if row is None:
        raise Refused(404, f"application {receipt} has no matter {matter_id!r}")
    if principal is not None:
        from .authz import require_matter

        require_matter(principal, row, status)
        actor = principal.username
    if app.status in ("pre_accepted", "returned"):
        raise Refused(409, f"application {receipt} is not yet accepted at the window: nothing moves before 受理")
    if status not in TRANSITIONS.get(row.status, set()):
        allowed = ", ".join(sorted(TRANSITIONS.get(row.status, ()))) or "none"
        raise Refused(409, f"{matter_id}: cannot go from {row.status} to {status} (allowed: {allowed})")
    if status in FINISHED:
        refuse_while_owed(conn, app.id, receipt)
    set_matter(conn, app.id, matter_id, status, actor, note)
    if principal is not None:
        from .accounts import audit

        audit(conn, actor, "matter-" + status, receipt=receipt, target=matter_id, detail=note)
    return status_view(conn, application(conn, app.id))


def refuse_while_owed(conn: Connection, app_id: str, receipt: str) -> None:
    """Results go back only when every 容缺 item has come in (409 naming what is still owed)."""
    owed = conn.execute(select(db.owed.c.material_id, db.owed.c.name).where(
        db.owed.c.application_id == app_id, db.owed.c.received_at.is_(None))).all()
    if owed:
        raise Refused(409, f"{receipt}: results cannot be handed over while owed material is not received: "
                           + "、".join(o.name for o in owed), [{"material": o.material_id} for o in owed])
