"""The queue at each window (叫号): issue a ticket, call the next one, recall it, skip a no-show, and what the
lobby shows.

Tickets are the `tickets` rows issued by the kiosks; the window letter is the ticket prefix. A ticket waits
(state NULL), is called (called_at, by whom), then served (served_at, when the clerk calls the next one) or
skipped. Every call and recall is a `calls` row with an increasing id, so a lobby can tell a new call from
the one it already shows.
"""
from __future__ import annotations

from sqlalchemy import func, insert, select, update
from sqlalchemy.engine import Connection

from . import authz, db, waits
from .accounts import Principal, audit
from .service import Refused, next_counter, now

T = db.tickets


def issue_ticket(conn: Connection, cat, theme_key: str, kiosk_id: str | None, app_id: str | None = None) -> dict:
    """The next queue number of the theme's dedicated window; numbers restart every day."""
    try:
        theme = cat.theme(theme_key)
    except KeyError as exc:
        raise Refused(422, exc.args[0]) from None
    loc = cat.theme_location(theme)
    if app_id is not None:    # the application's own place (a town kiosk's window), set when it was created
        placed = conn.execute(select(db.applications.c.location_id).where(db.applications.c.id == app_id)).scalar()
        loc = cat.locations.get(placed, loc)
    t = now()
    number = next_counter(conn, f"ticket:{t.date().isoformat()}:{loc.ticket_prefix}")
    ticket = f"{loc.ticket_prefix}{number:03d}"
    conn.execute(insert(db.tickets).values(day=t.date(), prefix=loc.ticket_prefix, number=number, ticket=ticket,
                                           theme_id=theme.id, location_id=loc.id, application_id=app_id,
                                           kiosk_id=kiosk_id, issued_at=t))
    wait = waits.for_new_ticket(conn, t.date(), loc.ticket_prefix, ticket, number, t)   # recorded (issue 13)
    return {"ticket": ticket, "window": loc.window, "location": loc.name, "theme": theme.id,
            "issued_at": t.isoformat(), "ahead": wait["ahead"], "wait_minutes": wait["minutes"]}


def _letters(cat) -> dict[str, object]:
    return {loc.ticket_prefix: loc for loc in cat.locations.values()}


def _check_letter(cat, letter: str) -> None:
    if letter not in _letters(cat):
        raise Refused(404, f"no window {letter!r} (windows: {', '.join(sorted(_letters(cat)))})")


def _current(conn: Connection, letter: str, day):
    return conn.execute(select(T).where(T.c.day == day, T.c.prefix == letter, T.c.state == "called")
                        .order_by(T.c.called_at.desc(), T.c.id.desc()).limit(1)).first()


def _receipt(conn: Connection, app_id: str | None) -> str | None:
    if not app_id:
        return None
    return conn.execute(select(db.applications.c.receipt).where(db.applications.c.id == app_id)).scalar()


def _call(conn: Connection, row, kind: str, user: str) -> dict:
    t = now()
    call_id = conn.execute(insert(db.calls).values(day=row.day, prefix=row.prefix, ticket=row.ticket,
                                                   ticket_id=row.id, kind=kind, at=t, username=user)
                           .returning(db.calls.c.id)).scalar_one()
    receipt = _receipt(conn, row.application_id)
    audit(conn, user, kind, receipt=receipt, target=row.ticket)
    called_at = t if kind == "call" else row.called_at
    return {"window": row.prefix, "ticket": row.ticket, "receipt": receipt, "theme": row.theme_id,
            "called_at": called_at.isoformat(), "call_id": call_id}


def call_next(conn: Connection, cat, letter: str, p: Principal) -> dict:
    """Serve the ticket called now (if any) and call the next waiting one; ticket None when no one waits."""
    _check_letter(cat, letter)
    authz.require_window(p, letter)
    t = now()
    day = t.date()
    here = (T.c.day == day, T.c.prefix == letter)
    served = conn.execute(update(T).where(*here, T.c.state == "called").values(state="served", served_at=t)
                          .returning(T.c.ticket, T.c.application_id)).all()
    for row in served:
        audit(conn, p.username, "served", receipt=_receipt(conn, row.application_id), target=row.ticket)
    # One statement takes the first waiting ticket; on PostgreSQL a second server process calling at the
    # same window skips the row this one holds (SKIP LOCKED) instead of calling the same citizen twice.
    first = (select(T.c.id).where(*here, T.c.state.is_(None)).order_by(T.c.number).limit(1)
             .with_for_update(skip_locked=True).scalar_subquery())
    row = conn.execute(update(T).where(T.c.id == first, T.c.state.is_(None))
                       .values(state="called", called_at=t, called_by=p.username, recalls=0)
                       .returning(*T.c)).first()
    if row is None:
        return {"window": letter, "ticket": None, "receipt": None, "theme": None, "called_at": None,
                "call_id": None}
    return _call(conn, row, "call", p.username)


def _called_now(conn: Connection, cat, letter: str, p: Principal, missing: str):
    """The ticket called at the clerk's own window now, or 409 with `missing`."""
    _check_letter(cat, letter)
    authz.require_window(p, letter)
    current = _current(conn, letter, now().date())
    if current is None:
        raise Refused(409, missing)
    return current


def recall(conn: Connection, cat, letter: str, p: Principal) -> dict:
    """Call the current ticket again (重呼)."""
    current = _called_now(conn, cat, letter, p, f"no ticket is called at window {letter}: call the next one first")
    conn.execute(update(T).where(T.c.id == current.id).values(recalls=(current.recalls or 0) + 1))
    return _call(conn, current, "recall", p.username)


def skip(conn: Connection, cat, letter: str, p: Principal) -> dict:
    """The called citizen did not come (过号): the ticket is skipped; the clerk calls the next."""
    current = _called_now(conn, cat, letter, p, f"no ticket is called at window {letter}")
    conn.execute(update(T).where(T.c.id == current.id).values(state="skipped"))
    receipt = _receipt(conn, current.application_id)
    audit(conn, p.username, "skip", receipt=receipt, target=current.ticket)
    return {"window": letter, "ticket": current.ticket, "receipt": receipt, "theme": current.theme_id,
            "called_at": current.called_at.isoformat(), "call_id": None}


def _ticket(r) -> dict:
    return {"ticket": r.ticket, "theme": r.theme_id, "state": r.state or "waiting",
            "issued_at": r.issued_at.isoformat(),
            "called_at": r.called_at.isoformat() if r.called_at else None,
            "served_at": r.served_at.isoformat() if r.served_at else None,
            "receipt": r.receipt}


def window_queue(conn: Connection, cat, letter: str, p: Principal) -> dict:
    """Today's queue at a window: waiting in order, the one called now, and those served or skipped."""
    _check_letter(cat, letter)
    authz.require_window(p, letter)
    day = now().date()
    rows = conn.execute(select(T, db.applications.c.receipt)
                        .select_from(T.outerjoin(db.applications, db.applications.c.id == T.c.application_id))
                        .where(T.c.day == day, T.c.prefix == letter).order_by(T.c.number)).all()
    called = [r for r in rows if r.state == "called"]
    return {"window": letter, "name": _letters(cat)[letter].window,
            "waiting": [_ticket(r) for r in rows if r.state is None],
            "called": _ticket(max(called, key=lambda r: (r.called_at, r.id))) if called else None,
            "served": [_ticket(r) for r in rows if r.state == "served"],
            "skipped": [_ticket(r) for r in rows if r.state == "skipped"]}


def _public_call(cat, r) -> dict:
    loc = _letters(cat).get(r.prefix)
    return {"window": r.prefix, "window_name": loc.window if loc else r.prefix, "ticket": r.ticket,
            "called_at": r.at.isoformat(), "call_id": r.id, "kind": r.kind}


def now_serving(conn: Connection, cat) -> list[dict]:
    """The latest call at each window today: public, for the lobby; ticket numbers only, no personal data."""
    C = db.calls
    latest = select(func.max(C.c.id)).where(C.c.day == now().date()).group_by(C.c.prefix)
    rows = conn.execute(select(C).where(C.c.id.in_(latest)).order_by(C.c.prefix)).all()
    return [_public_call(cat, r) for r in rows]


def recent_calls(conn: Connection, cat, after: int = 0, limit: int = 10) -> list[dict]:
    """Today's calls and recalls newer than `after`, newest first (the lobby's last few calls)."""
    C = db.calls
    rows = conn.execute(select(C).where(C.c.day == now().date(), C.c.id > after)
                        .order_by(C.c.id.desc()).limit(limit)).all()
    return [_public_call(cat, r) for r in rows]
