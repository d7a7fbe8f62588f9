"""What an application's progress looks like to each reader: the kiosk that sent it (status_view, and at
acceptance the lookup code and the wait), anyone holding the receipt and its code (lookup: progress only, no
ids, no notes), and staff listing every application."""
from __future__ import annotations

import secrets

from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from . import db, waits
from .service import FINISHED, Refused, application, now


def acceptance(conn: Connection, app_id: str) -> dict:
    app = application(conn, app_id)
    out = status_view(conn, app)
    out["lookup_code"] = app.lookup_code
    out["wait"] = waits.for_ticket(conn, (app.accepted_at or now()).date(), app.ticket)   # issue 13
    return out


def status_view(conn: Connection, app) -> dict:
    """Progress department by department; no personal data, so a phone may show it."""
    rows = conn.execute(select(db.matters).where(db.matters.c.application_id == app.id)
                        .order_by(db.matters.c.matter_id)).all()
    owed_rows = conn.execute(select(db.owed).where(db.owed.c.application_id == app.id)).all()
    history = conn.execute(select(db.events).where(db.events.c.application_id == app.id)
                           .order_by(db.events.c.id)).all()
    matters = [{"matter": r.matter_id, "department": r.department_id, "approval_level": r.approval_level,
                "status": r.status, "due_date": r.due_date.isoformat() if r.due_date else None,
                "due_provisional": bool(r.due_provisional), "updated_at": r.updated_at.isoformat(),
                "history": [{"status": e.status, "at": e.at.isoformat(), "note": e.note}
                            for e in history if e.matter_id == r.matter_id]} for r in rows]
    status = app.status
    if rows and all(r.status in FINISHED for r in rows):
        status = "completed"
    elif rows and any(r.status != "dispatched" and r.status != "forwarded" for r in rows):
        status = "in_review" if status == "accepted" else status
    return {"id": app.id, "receipt": app.receipt, "status": status, "theme": app.theme_id,
            "theme_no": app.theme_no, "ticket": app.ticket,
            "accepted_at": app.accepted_at.isoformat() if app.accepted_at else None,
            "due_date": app.due_date.isoformat() if app.due_date else None,
            "due_provisional": bool(app.due_provisional), "matters": matters,
            "owed": [{"material": o.material_id, "name": o.name, "due_date": o.due_date.isoformat(),
                      "received": o.received_at is not None} for o in owed_rows]}


LOOKUP_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"      # no 0/O, 1/I: read off paper without doubt


def new_lookup_code() -> str:
    """12 characters of 32 (60 bits): with the lookup rate limits, guessing one is hopeless."""
    return "".join(secrets.choice(LOOKUP_ALPHABET) for _ in range(12))


def lookup(conn: Connection, receipt: str, code: str) -> dict:
    """The public view of an application; one answer, in the same time, for a wrong code and a missing
    receipt, so neither tells a guesser anything."""
    app = conn.execute(select(db.applications).where(db.applications.c.receipt == receipt[:32])).first()
    stored = (app.lookup_code or "") if app is not None else "-" * 12
    given = code.strip().upper().encode("utf-8", "surrogateescape")      # non-ASCII is simply wrong
    if not secrets.compare_digest(stored.upper().encode(), given) or app is None or not app.lookup_code:
        raise Refused(404, "no application with this receipt and code")
    return public_view(status_view(conn, app))


def public_view(view: dict) -> dict:
    """Progress only: no internal ids and no staff notes (free text written for colleagues)."""
    out = {k: v for k, v in view.items() if k not in ("id", "ticket", "lookup_code")}
    out["matters"] = [{**m, "history": [{"status": h["status"], "at": h["at"]} for h in m["history"]]}
                      for m in view["matters"]]
    return out


def list_applications(conn: Connection) -> list[dict]:
    rows = conn.execute(select(db.applications).order_by(db.applications.c.created_at)).all()
    out = []
    for r in rows:
        view = status_view(conn, r)
        n_pages = conn.execute(select(func.count()).select_from(db.pages)
                               .where(db.pages.c.application_id == r.id)).scalar_one()
        out.append({"receipt": r.receipt, "idempotency_key": r.idempotency_key, "theme": r.theme_id,
                    "theme_no": r.theme_no, "status": view["status"], "kiosk": r.kiosk_id, "id": r.id,
                    "ticket": r.ticket, "pages": n_pages, "created_at": r.created_at.isoformat(),
                    "due_date": view["due_date"], "matters": [{"matter": m["matter"], "status": m["status"]}
                                                              for m in view["matters"]]})
    return out
