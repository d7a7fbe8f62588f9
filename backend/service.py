"""What the hall does with an application: accept it (一窗受理), dispatch it to every department at once
(并联审批), track each matter's status and due date, issue queue tickets, and record every change.

Functions take an open SQLAlchemy connection inside a transaction; the HTTP layer only maps them to routes.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import secrets
import unicodedata
import uuid

from sqlalchemy import func, insert, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from content import ContentInvalid, load_documents, read_bundle
from content.merge import AnswerError, notice

from . import db, waits
from .receipts import make_receipt
from .workdays import Calendar


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


def request_hash(body: dict) -> str:
    return hashlib.sha256(json.dumps(body, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def _next_counter(conn: Connection, name: str) -> int:
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


def _event(conn, app_id: str, status: str, actor: str, matter: str | None = None, note: str | None = None):
    conn.execute(insert(db.events).values(application_id=app_id, matter_id=matter, status=status, at=now(),
                                          actor=actor, note=note))


def _public(row) -> dict:
    payload = json.loads(row.payload)
    return {"id": row.id, "receipt": row.receipt, "status": row.status, "theme": row.theme_id,
            "theme_no": row.theme_no, "ticket": row.ticket, "created_at": row.created_at.isoformat(),
            "pages_expected": [p["page_id"] for p in payload.get("pages", [])]}


# -- the catalogue an application was made with ---------------------------------------------------------

_OLDER: dict[tuple[str, str], object] = {}    # (version, digest) -> Catalogue: a few published before


def catalogue_for(conn: Connection, version: str | None, current):
    """The catalogue `version` as the hall published it: the current one, a kept older one, or None when
    the hall no longer holds that version. An application is evaluated against the catalogue it was made
    with, so a later change (an option renamed) cannot turn its acceptance into an error."""
    if not version or version == current.version:
        return current
    releases = db.catalogue_releases
    row = conn.execute(select(releases.c.digest, releases.c.bundle).where(releases.c.version == version)
                       .order_by(releases.c.number.desc()).limit(1)).first()
    if row is None:
        return None
    key = (version, row.digest)
    if key not in _OLDER:
        try:
            cat = load_documents(read_bundle(row.bundle))
        except (ContentInvalid, ValueError):
            return None
        if len(_OLDER) >= 4:
            _OLDER.pop(next(iter(_OLDER)))
        _OLDER[key] = cat
    return _OLDER[key]


def _merged(cat, theme_id: str, answers: dict) -> tuple[object, dict]:
    """(theme, merged notice), or Refused naming why the application does not fit this catalogue."""
    try:
        theme = cat.theme(theme_id)
    except KeyError as exc:
        raise Refused(422, f"catalogue {cat.version}: {exc.args[0]}") from None
    try:
        return theme, notice(cat, theme, answers or {})
    except AnswerError as exc:
        raise Refused(422, f"catalogue {cat.version}: {exc}") from None


# -- applications -------------------------------------------------------------------------------------

def create_application(conn: Connection, cat, kiosk_id: str, key: str, body: dict) -> tuple[dict, bool]:
    """Create (or, for a repeated idempotency key, return) a draft application. Returns (app, created)."""
    digest = request_hash(body)
    existing = conn.execute(select(db.applications).where(db.applications.c.kiosk_id == kiosk_id,
                                                          db.applications.c.idempotency_key == key)).first()
    if existing:
        if existing.request_hash != digest:
            raise Refused(409, "this idempotency key was used with a different application")
        return _public(existing), False
    # The kiosk's own catalogue version when the hall still holds it (a kiosk switches catalogues only
    # between citizens), else the current one; the version used is kept with the application.
    cat = catalogue_for(conn, body.get("catalogue_version"), cat) or cat
    theme, merged = _merged(cat, body["theme"], body.get("answers"))
    try:
        place, taken = cat.where(theme, body.get("location"))
    except KeyError:
        raise Refused(422, f"unknown location {body.get('location')!r}") from None
    if not taken:
        raise Refused(422, f"theme {theme.no} is not handled at {cat.locations[body['location']].name}: "
                           f"go to {place.name}, {place.window}")
    problems = _check_against_notice(merged, body)
    if problems:
        raise Refused(422, "the application does not meet the theme's requirements", problems)
    app_id = str(uuid.uuid4())
    try:
        with conn.begin_nested():
            conn.execute(insert(db.applications).values(
                id=app_id, kiosk_id=kiosk_id, idempotency_key=key, request_hash=digest, theme_id=theme.id,
                theme_no=theme.no, catalogue_version=cat.version, status="draft",
                payload=json.dumps(body, ensure_ascii=False), created_at=now(),
                location_id=place.id))
    except IntegrityError:  # the same key raced in from a retry: answer as for a repeat
        return create_application(conn, cat, kiosk_id, key, body)
    _event(conn, app_id, "draft", f"kiosk:{kiosk_id}")
    return _public(conn.execute(select(db.applications).where(db.applications.c.id == app_id)).one()), True


def blank(text: str) -> bool:
    """Nothing a person could read: whitespace and invisible format characters (U+200B and kin) only."""
    return not "".join(c for c in text if unicodedata.category(c) not in ("Cf", "Cc", "Zs", "Zl", "Zp")).strip()


def _check_against_notice(merged: dict, body: dict) -> list[dict]:
    """一窗受理 rules: every required field filled, every key material provided (non-key may be owed);
    nothing the theme does not ask for (form keys, materials, pages of other materials)."""
    problems = []
    form = body.get("form") or {}
    fields = {f["id"] for f in merged["fields"]}
    materials = {m["id"] for m in merged["materials"]}
    for f in merged["fields"]:
        if f["required"] and f["source"] != "derived" and blank(str(form.get(f["id"], ""))):
            problems.append({"field": f["id"], "problem": f"{f['label']} is required"})
    problems += [{"field": k[:96], "problem": "not a field of this theme"} for k in sorted(form) if k not in fields]
    problems += [{"material": m["id"][:96], "problem": "not a material of this theme"}
                 for m in body.get("materials", []) if m["id"] not in materials]
    problems += [{"page": p["page_id"], "problem": "page of a material this theme does not ask for"}
                 for p in body.get("pages", []) if p.get("material") not in materials]
    provided = {m["id"] for m in body.get("materials", []) if m.get("provided")}
    for m in merged["materials"]:
        if m["key"] and not m["generated"] and m["id"] not in provided:
            problems.append({"material": m["id"], "problem": f"{m['name']} is a key material"})
    page_ids = [p["page_id"] for p in body.get("pages", [])]
    if len(page_ids) != len(set(page_ids)):
        problems.append({"pages": "page ids repeat"})
    return problems


def get_own(conn: Connection, kiosk_id: str, app_id: str):
    row = conn.execute(select(db.applications).where(db.applications.c.id == app_id)).first()
    if row is None or row.kiosk_id != kiosk_id:  # another kiosk's application does not exist for you
        raise Refused(404, "no such application")
    return row


def put_page(conn: Connection, kiosk_id: str, app_id: str, page_id: str, sha256: str, data: bytes) -> bool:
    """Store one page image; repeating the same upload is a no-op. Returns True when newly stored."""
    app = get_own(conn, kiosk_id, app_id)
    expected = {p["page_id"]: p for p in json.loads(app.payload).get("pages", [])}
    if page_id not in expected:
        raise Refused(404, f"page {page_id!r} is not part of this application")
    if len(data) > MAX_PAGE_BYTES:
        raise Refused(413, f"page larger than {MAX_PAGE_BYTES} bytes")
    actual = hashlib.sha256(data).hexdigest()
    if actual != sha256.lower() or actual != expected[page_id].get("sha256", actual):
        raise Refused(422, "page content does not match its SHA-256")
    row = conn.execute(select(db.pages.c.sha256).where(db.pages.c.application_id == app_id,
                                                       db.pages.c.page_id == page_id)).first()
    if row is not None:
        if row.sha256 != actual:
            raise Refused(409, "a different page was already stored under this id")
        return False
    if app.status != "draft":
        raise Refused(409, "application already finalised")
    conn.execute(insert(db.pages).values(application_id=app_id, page_id=page_id, sha256=actual,
                                         size=len(data), content=data, created_at=now()))
    return True


def finalize(conn: Connection, cat, cal: Calendar, kiosk_id: str, app_id: str, want_ticket: bool) -> dict:
    """Take the application in: receipt, due dates, 容缺 items, ticket. Where the theme's window has a clerk
    (a hall with desk accounts) it is pre-accepted (预受理) until the clerk accepts it and only then dispatched;
    a hall without a clerk at that window accepts and dispatches here, as before."""
    app = get_own(conn, kiosk_id, app_id)
    if app.status != "draft":
        return acceptance(conn, app_id)
    payload = json.loads(app.payload)
    stored = {r.page_id for r in conn.execute(select(db.pages.c.page_id).where(db.pages.c.application_id == app_id))}
    missing = [p["page_id"] for p in payload.get("pages", []) if p["page_id"] not in stored]
    if missing:
        raise Refused(409, "pages not yet uploaded", [{"page": p} for p in missing])
    made_with = catalogue_for(conn, app.catalogue_version, cat)
    if made_with is None:
        raise Refused(409, f"this application was made with catalogue {app.catalogue_version}, which the hall "
                           "no longer holds: staff must check it at the window")
    cat = made_with
    theme, merged = _merged(cat, app.theme_id, payload.get("answers"))
    t = now()
    day = t.date()
    seq = _next_counter(conn, f"receipt:{day.isoformat()}")
    receipt = make_receipt(day, seq)
    at_desk = has_desk(conn, cat.theme_location(theme).ticket_prefix)
    overall, overall_prov = _record_matters(conn, cat, cal, app_id, merged, day, dispatch=not at_desk, actor="hall")
    provided = {x["id"] for x in payload.get("materials", []) if x.get("provided")}
    for m in merged["materials"]:
        if not m["key"] and not m["generated"] and m["id"] not in provided:
            # 容缺受理: accepted without it; to be supplied before the results are collected.
            conn.execute(insert(db.owed).values(application_id=app_id, material_id=m["id"], name=m["name"],
                                                due_date=overall))
    ticket = issue_ticket(conn, cat, theme.id, kiosk_id, app_id)["ticket"] if want_ticket else None
    status = "pre_accepted" if at_desk else "accepted"
    conn.execute(update(db.applications).where(db.applications.c.id == app_id).values(
        status=status, receipt=receipt, accepted_at=t, due_date=overall, due_provisional=overall_prov,
        lookup_code=new_lookup_code(), ticket=ticket))
    _event(conn, app_id, status, f"kiosk:{kiosk_id}", note=receipt)
    return acceptance(conn, app_id)


def has_desk(conn: Connection, letter: str) -> bool:
    """Does an active clerk serve this window? Then the window accepts, not the kiosk."""
    return conn.execute(select(db.users.c.username).where(
        db.users.c.role == "clerk", db.users.c.window == letter, db.users.c.disabled.is_(False)).limit(1)).first() \
        is not None


def _record_matters(conn: Connection, cat, cal: Calendar, app_id: str, merged: dict, day: dt.date, dispatch: bool,
                    actor: str) -> tuple[dt.date, bool]:
    """Every matter with its due date counted from `day`; dispatched at once (并联) when `dispatch`.
    Returns the overall due date (the latest) and whether it rests on a provisional calendar."""
    dispatch_due, prov = cal.add_workdays(day, cat.dispatch_working_days)
    overall, overall_prov = dispatch_due, prov
    t = now()
    for m in merged["matters"]:
        decided, p1 = cal.add_workdays(dispatch_due, m["time_limit_days"])
        back, p2 = cal.add_workdays(decided, cat.return_working_days)
        conn.execute(insert(db.matters).values(
            application_id=app_id, matter_id=m["id"], department_id=m["department"],
            approval_level=m["approval_level"], status="received", due_date=back,
            due_provisional=prov or p1 or p2, updated_at=t))
        _event(conn, app_id, "received", "hall", m["id"])
        if dispatch:
            dispatch_matter(conn, app_id, m, actor)
        if back > overall:
            overall = back
        overall_prov |= prov or p1 or p2
    return overall, overall_prov


def dispatch_matter(conn: Connection, app_id: str, m: dict, actor: str) -> None:
    """Dispatch to the department (并联); city-level matters are forwarded (转报市级)."""
    _set_matter(conn, app_id, m["id"], "dispatched", actor, "分派至" + m["department_name"])
    if m["approval_level"] == "city":
        _set_matter(conn, app_id, m["id"], "forwarded", actor, "区级受理，转报市级审批")


def redate_matters(conn: Connection, cat, cal: Calendar, app_id: str, day: dt.date) -> tuple[dt.date, bool]:
    """Due dates counted again from the day the window accepted (the clock starts at 受理)."""
    app = conn.execute(select(db.applications).where(db.applications.c.id == app_id)).one()
    merged = notice(cat, cat.theme(app.theme_id), json.loads(app.payload).get("answers") or {})
    dispatch_due, prov = cal.add_workdays(day, cat.dispatch_working_days)
    overall, overall_prov = dispatch_due, prov
    for m in merged["matters"]:
        decided, p1 = cal.add_workdays(dispatch_due, m["time_limit_days"])
        back, p2 = cal.add_workdays(decided, cat.return_working_days)
        conn.execute(update(db.matters).where(db.matters.c.application_id == app_id,
                                              db.matters.c.matter_id == m["id"])
                     .values(due_date=back, due_provisional=prov or p1 or p2))
        overall, overall_prov = max(overall, back), overall_prov or prov or p1 or p2
    conn.execute(update(db.owed).where(db.owed.c.application_id == app_id).values(due_date=overall))
    return overall, overall_prov


def _set_matter(conn, app_id: str, matter_id: str, status: str, actor: str, note: str | None = None) -> None:
    conn.execute(update(db.matters).where(db.matters.c.application_id == app_id,
                                          db.matters.c.matter_id == matter_id).values(status=status, updated_at=now()))
    _event(conn, app_id, status, actor, matter_id, note)


def acceptance(conn: Connection, app_id: str) -> dict:
    app = conn.execute(select(db.applications).where(db.applications.c.id == app_id)).one()
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


def move_status(conn: Connection, receipt: str, matter_id: str, status: str, actor: str,
                note: str | None = None, principal=None) -> dict:
    """Move one matter on. With a `principal` (a staff user or automation) the role and department are checked:
    a reviewer moves only their own department's matters. Results are never handed over while anything is owed."""
    app = conn.execute(select(db.applications).where(db.applications.c.receipt == receipt)).first()
    if app is None:
        raise Refused(404, f"no application {receipt}")
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
    _set_matter(conn, app.id, matter_id, status, actor, note)
    if principal is not None:
        from .accounts import audit

        audit(conn, actor, "matter-" + status, receipt=receipt, target=matter_id, detail=note)
    return status_view(conn, conn.execute(select(db.applications).where(db.applications.c.id == app.id)).one())


def refuse_while_owed(conn: Connection, app_id: str, receipt: str) -> None:
    """Results go back only when every 容缺 item has come in (409 naming what is still owed)."""
    owed = conn.execute(select(db.owed.c.material_id, db.owed.c.name).where(
        db.owed.c.application_id == app_id, db.owed.c.received_at.is_(None))).all()
    if owed:
        raise Refused(409, f"{receipt}: results cannot be handed over while owed material is not received: "
                           + "、".join(o.name for o in owed), [{"material": o.material_id} for o in owed])


# -- tickets ------------------------------------------------------------------------------------------

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
    number = _next_counter(conn, f"ticket:{t.date().isoformat()}:{loc.ticket_prefix}")
    ticket = f"{loc.ticket_prefix}{number:03d}"
    conn.execute(insert(db.tickets).values(day=t.date(), prefix=loc.ticket_prefix, number=number, ticket=ticket,
                                           theme_id=theme.id, location_id=loc.id, application_id=app_id,
                                           kiosk_id=kiosk_id, issued_at=t))
    wait = waits.for_new_ticket(conn, t.date(), loc.ticket_prefix, ticket, number, t)   # recorded (issue 13)
    return {"ticket": ticket, "window": loc.window, "location": loc.name, "theme": theme.id,
            "issued_at": t.isoformat(), "ahead": wait["ahead"], "wait_minutes": wait["minutes"]}


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

