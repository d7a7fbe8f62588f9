"""A kiosk's application taken in (一窗受理 at the kiosk): the draft with its idempotency key, checked against the
theme's notice in the catalogue it was made with; its page images; then finalised with a receipt, every
department's matter (backend/matters.py), the 容缺 items still owed and a queue ticket."""
from __future__ import annotations

import hashlib
import json
import unicodedata
import uuid

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from content import ContentInvalid, load_documents, read_bundle
from content.merge import AnswerError, notice

from . import db
from .matters import record_matters
from .progress import acceptance, new_lookup_code
from .queue import issue_ticket
from .receipts import make_receipt
from .service import MAX_PAGE_BYTES, Refused, application, next_counter, now, record_event
from .workdays import Calendar


def request_hash(body: dict) -> str:
    return hashlib.sha256(json.dumps(body, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


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
    record_event(conn, app_id, "draft", f"kiosk:{kiosk_id}")
    return _public(application(conn, app_id)), True


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
    seq = next_counter(conn, f"receipt:{day.isoformat()}")
    receipt = make_receipt(day, seq)
    at_desk = has_desk(conn, cat.theme_location(theme).ticket_prefix)
    overall, overall_prov = record_matters(conn, cat, cal, app_id, merged, day, dispatch=not at_desk, actor="hall")
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
    record_event(conn, app_id, status, f"kiosk:{kiosk_id}", note=receipt)
    return acceptance(conn, app_id)


def has_desk(conn: Connection, letter: str) -> bool:
    """Does an active clerk serve this window? Then the window accepts, not the kiosk."""
    return conn.execute(select(db.users.c.username).where(
        db.users.c.role == "clerk", db.users.c.window == letter, db.users.c.disabled.is_(False)).limit(1)).first() \
        is not None
