"""The one-window desk (一窗受理): read the application a ticket brought, sight the originals, accept it or
return it for correction, take in owed (容缺) items, hand every result back together; and the reviewers'
queue of their own department's matters. Roles are checked here, so the API and the console share them.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Connection

from content.merge import notice

from . import authz, db
from .accounts import Principal, audit
from .matters import dispatch_matter, redate_matters, refuse_while_owed, set_matter
from .progress import status_view
from .service import FINISHED, MAX_PAGE_BYTES, Refused, application_by_receipt, now, record_event
from .workdays import Calendar

A = db.applications
OPEN = ("pre_accepted", "returned")
MAX_REASONS = 20


def view(conn: Connection, cat, receipt: str, p: Principal) -> dict:
    """The whole application for the desk: form, merged material checklist, matters, owed, pages, history."""
    app = application_by_receipt(conn, receipt)
    authz.require_read(conn, cat, p, app)
    payload = json.loads(app.payload)
    out = status_view(conn, app)
    provided = {m["id"]: m for m in payload.get("materials", [])}
    try:
        merged = notice(cat, cat.theme(app.theme_id), payload.get("answers") or {})
        checklist = [{"material": m["id"], "name": m["name"], "key": m["key"], "generated": m["generated"],
                      "provided": bool(provided.get(m["id"], {}).get("provided")),
                      "pages": provided.get(m["id"], {}).get("pages", [])} for m in merged["materials"]]
        fields = [{"id": f["id"], "label": f["label"], "value": payload.get("form", {}).get(f["id"])}
                  for f in merged["fields"]]
    except (KeyError, ValueError):      # a theme since removed from the catalogue: show what was sent
        checklist = [{"material": k, "name": k, "key": None, "generated": False, "provided": bool(v.get("provided")),
                      "pages": v.get("pages", [])} for k, v in provided.items()]
        fields = [{"id": k, "label": k, "value": v} for k, v in payload.get("form", {}).items()]
    pages = conn.execute(select(db.pages.c.page_id, db.pages.c.size, db.pages.c.sha256)
                         .where(db.pages.c.application_id == app.id).order_by(db.pages.c.page_id)).all()
    owed_pages = {o.material_id: o for o in conn.execute(select(db.owed).where(db.owed.c.application_id == app.id))}
    for o in out["owed"]:
        row = owed_pages[o["material"]]
        o.update(page=row.page_id, received_by=row.received_by,
                 received_at=row.received_at.isoformat() if row.received_at else None)
    out.update(
        window=authz.window_of(cat, app), form=fields, answers=payload.get("answers") or {}, checklist=checklist,
        pages=[{"page_id": r.page_id, "size": r.size, "sha256": r.sha256} for r in pages],
        desk={"sighted_at": app.sighted_at.isoformat() if app.sighted_at else None, "sighted_by": app.sighted_by,
              "decided_by": app.decided_by,
              "return_reasons": json.loads(app.return_reasons) if app.return_reasons else []},
        events=[{"status": e.status, "matter": e.matter_id, "at": e.at.isoformat(), "user": e.actor, "note": e.note}
                for e in conn.execute(select(db.events).where(db.events.c.application_id == app.id)
                                      .order_by(db.events.c.id))])
    return out


def page(conn: Connection, cat, receipt: str, page_id: str, p: Principal) -> bytes:
    app = application_by_receipt(conn, receipt)
    authz.require_read(conn, cat, p, app)
    data = conn.execute(select(db.pages.c.content).where(db.pages.c.application_id == app.id,
                                                         db.pages.c.page_id == page_id)).scalar()
    if data is None:
        raise Refused(404, f"{receipt} has no page {page_id!r}")
    return data


def sight_originals(conn: Connection, cat, receipt: str, p: Principal) -> dict:
    """核验原件: the clerk has seen the originals the kiosk photographed."""
    app = application_by_receipt(conn, receipt)
    authz.require_desk(cat, p, app)
    if app.status not in OPEN:
        raise Refused(409, f"{receipt} is {app.status}: originals are sighted before acceptance")
    conn.execute(update(A).where(A.c.id == app.id).values(sighted_at=now(), sighted_by=p.username))
    record_event(conn, app.id, "originals_sighted", p.username)
    audit(conn, p.username, "originals-sighted", receipt=receipt)
    return view(conn, cat, receipt, p)


def accept(conn: Connection, cat, cal: Calendar, receipt: str, p: Principal) -> dict:
    """受理: the clock starts, due dates are counted from today, every department gets its matter at once."""
    app = application_by_receipt(conn, receipt)
    authz.require_desk(cat, p, app)
    if app.status not in OPEN:
        raise Refused(409, f"{receipt} is already {app.status}")
    if app.sighted_at is None:
        raise Refused(409, f"{receipt}: sight the originals (核验原件) before accepting")
    t = now()
    overall, prov = redate_matters(conn, cat, cal, app.id, t.date())
    merged = notice(cat, cat.theme(app.theme_id), json.loads(app.payload).get("answers") or {})
    for m in merged["matters"]:
        dispatch_matter(conn, app.id, m, p.username)
    conn.execute(update(A).where(A.c.id == app.id).values(status="accepted", accepted_at=t, decided_by=p.username,
                                                          due_date=overall, due_provisional=prov))
    record_event(conn, app.id, "accepted", p.username, note=receipt)
    audit(conn, p.username, "accept", receipt=receipt)
    return view(conn, cat, receipt, p)


def return_for_correction(conn: Connection, cat, receipt: str, reasons: list[str], p: Principal) -> dict:
    """退回补正: not accepted; the citizen is told every reason at once (补正告知书) and may come back."""
    app = application_by_receipt(conn, receipt)
    authz.require_desk(cat, p, app)
    reasons = [r.strip() for r in reasons if r and r.strip()]
    if not reasons:
        raise Refused(422, "give at least one reason for the correction")
    if len(reasons) > MAX_REASONS:
        raise Refused(422, f"at most {MAX_REASONS} reasons")
    if app.status not in OPEN:
        raise Refused(409, f"{receipt} is already {app.status}")
    conn.execute(update(A).where(A.c.id == app.id).values(status="returned", decided_by=p.username,
                                                          return_reasons=json.dumps(reasons, ensure_ascii=False)))
    record_event(conn, app.id, "returned", p.username, note="；".join(reasons))
    audit(conn, p.username, "return", receipt=receipt, detail="；".join(reasons))
    return view(conn, cat, receipt, p)


def _is_image(data: bytes) -> bool:
    return data[:3] == b"\xff\xd8\xff" or data[:8] == b"\x89PNG\r\n\x1a\n"


def owed_received(conn: Connection, cat, receipt: str, material: str, data: bytes, p: Principal) -> dict:
    """A 容缺 item has come in: its page (JPEG or PNG) is kept with the application."""
    app = application_by_receipt(conn, receipt)
    authz.require_desk(cat, p, app)
    row = conn.execute(select(db.owed).where(db.owed.c.application_id == app.id,
                                             db.owed.c.material_id == material)).first()
    if row is None:
        raise Refused(404, f"{receipt} owes no {material!r}")
    if row.received_at is not None:
        raise Refused(409, f"{row.name} was already received at {row.received_at:%Y-%m-%d %H:%M}")
    if not data:
        raise Refused(422, "the page of the received item is missing")
    if len(data) > MAX_PAGE_BYTES:
        raise Refused(413, f"page larger than {MAX_PAGE_BYTES} bytes")
    if not _is_image(data):
        raise Refused(415, "the page must be a JPEG or PNG image")
    page_id = "owed-" + hashlib.sha256(material.encode()).hexdigest()[:24]
    t = now()
    conn.execute(insert(db.pages).values(application_id=app.id, page_id=page_id,
                                         sha256=hashlib.sha256(data).hexdigest(), size=len(data), content=data,
                                         created_at=t))
    conn.execute(update(db.owed).where(db.owed.c.application_id == app.id, db.owed.c.material_id == material)
                 .values(received_at=t, received_by=p.username, page_id=page_id))
    record_event(conn, app.id, "owed_received", p.username, note=row.name)
    audit(conn, p.username, "owed-received", receipt=receipt, target=material)
    return view(conn, cat, receipt, p)


def handover(conn: Connection, cat, receipt: str, how: str, p: Principal) -> dict:
    """Every result back together (collected at the window or posted); 409 while anything is owed or pending."""
    app = application_by_receipt(conn, receipt)
    authz.require_desk(cat, p, app)
    if how not in FINISHED:
        raise Refused(422, "hand over as 'collected' or 'posted'")
    rows = conn.execute(select(db.matters).where(db.matters.c.application_id == app.id)).all()
    if rows and all(r.status in FINISHED for r in rows):
        raise Refused(409, f"{receipt}: results were already handed over")
    pending = [r.matter_id for r in rows if r.status not in ("result_ready", "rejected")]
    if pending:
        raise Refused(409, f"{receipt}: results are handed back together; still pending: {', '.join(pending)}",
                      [{"matter": m} for m in pending])
    refuse_while_owed(conn, app.id, receipt)
    for r in rows:
        set_matter(conn, app.id, r.matter_id, how, p.username)
    audit(conn, p.username, "handover-" + how, receipt=receipt)
    return view(conn, cat, receipt, p)


def working_days_left(cal: Calendar, today: dt.date, due: dt.date | None) -> int | None:
    """Working days from today to the due date; negative when overdue."""
    if due is None:
        return None
    sign, a, b = (1, today, due) if due >= today else (-1, due, today)
    n, d = 0, a
    while d < b and n < 400:
        d += dt.timedelta(days=1)
        n += cal.is_workday(d)
    return sign * n


def reviewer_matters(conn: Connection, cat, cal: Calendar, p: Principal, department: str | None = None,
                     limit: int = 200) -> list[dict]:
    """A department's open matters, overdue first, then by due date (supervisors may name any department)."""
    authz.require_role(p, "reviewer")
    dept = p.department if p.role == "reviewer" else department
    M = db.matters
    q = (select(M, A.c.receipt, A.c.theme_id, A.c.theme_no).select_from(M.join(A, A.c.id == M.c.application_id))
         .where(M.c.status.in_(("dispatched", "forwarded", "under_review", "approved")))
         .order_by(M.c.due_date, A.c.receipt).limit(limit))
    if dept:
        q = q.where(M.c.department_id == dept)
    today = now().date()
    out, left_by_due = [], {}
    for r in conn.execute(q):
        if r.due_date not in left_by_due:
            left_by_due[r.due_date] = working_days_left(cal, today, r.due_date)
        left = left_by_due[r.due_date]
        out.append({"receipt": r.receipt, "matter": r.matter_id, "department": r.department_id,
                    "theme": r.theme_id, "theme_no": r.theme_no, "status": r.status,
                    "due_date": r.due_date.isoformat() if r.due_date else None, "working_days_left": left,
                    "overdue": left is not None and left < 0})
    return sorted(out, key=lambda m: (not m["overdue"], m["due_date"] or "9999"))


def desk_list(conn: Connection, cat, p: Principal, status: str | None = None, limit: int = 100) -> list[dict]:
    """Applications at a clerk's window (all windows for a supervisor), newest first."""
    authz.require_role(p, "clerk")
    q = select(A.c.receipt, A.c.status, A.c.theme_id, A.c.theme_no, A.c.ticket, A.c.created_at, A.c.due_date) \
        .where(A.c.receipt.is_not(None)).order_by(A.c.created_at.desc()).limit(limit)
    if p.role == "clerk":
        q = q.where(A.c.location_id.in_([loc.id for loc in cat.locations.values() if loc.ticket_prefix == p.window]))
    if status:
        q = q.where(A.c.status == status)
    return [{"receipt": r.receipt, "status": r.status, "theme": r.theme_id, "theme_no": r.theme_no, "ticket": r.ticket,
             "created_at": r.created_at.isoformat(), "due_date": r.due_date.isoformat() if r.due_date else None}
            for r in conn.execute(q)]
