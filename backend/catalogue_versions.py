"""Published catalogue releases: numbered, signed, kept for ever; history, rollback, the live one.

Every publication (from the draft, a folder, a bundle or a rollback) becomes a new release with the next
number; the highest number is what kiosks fetch. The number is signed with the bundle bytes
(content/signature.py), so a kiosk can refuse an older release replayed to it. A rollback republishes an
earlier release's content under a new, higher number: kiosks move forward to it like to any release.
"""
from __future__ import annotations

import json

from sqlalchemy import func, insert, inspect, select, text, update

from content import load_documents, read_bundle
from content.diff import changes, summary

from . import db, service


def latest(conn):
    return conn.execute(select(db.catalogue_releases).order_by(db.catalogue_releases.c.number.desc())
                        .limit(1)).first()


def legacy_active(conn) -> bytes | None:
    """The bundle a hall published before releases were numbered (the old `catalogues` table), if any: a
    hall upgraded in place keeps serving what it served, as its release 1, instead of the packaged one."""
    if not inspect(conn).has_table("catalogues"):
        return None
    return conn.execute(text("SELECT bundle FROM catalogues WHERE active = :yes"), {"yes": True}).scalar()


def get(conn, number: int):
    row = conn.execute(select(db.catalogue_releases).where(db.catalogue_releases.c.number == number)).first()
    if row is None:
        raise service.Refused(404, f"no catalogue release {number}")
    return row


def add(hall, bundle: bytes, cat, sources: dict | None, by: str, action: str = "publish",
        rollback_of: int | None = None) -> int:
    """Store a new release (signed when the hall has a key) and return its number."""
    previous = getattr(hall, "catalogue", None)
    note = summary(changes(previous, cat)) if previous is not None else ["first release on this hall"]
    with hall.tx() as conn:
        number = (conn.execute(select(func.max(db.catalogue_releases.c.number))).scalar() or 0) + 1
        key = hall.signing_key
        conn.execute(insert(db.catalogue_releases).values(
            number=number, version=cat.version, digest=cat.digest, bundle=bundle,
            sources=json.dumps(sources, ensure_ascii=False) if sources is not None else None,
            signature=key.sign(number, bundle) if key else None, signed_by=key.public_text if key else None,
            published_at=service.now(), published_by=by[:64], action=action, rollback_of=rollback_of,
            note=json.dumps(note, ensure_ascii=False)))
    return number


def signature_for(hall, row) -> tuple[str | None, str | None]:
    """(signature, public key) to serve with a release: the stored one, or, when the server holds a signing
    key the release was not signed with (published by `kiosk-hall publish --db` without --key, or before a
    key change), a signature made now and stored."""
    key = hall.signing_key
    if key is None or row.signed_by == key.public_text:
        return row.signature, row.signed_by
    signature = key.sign(row.number, row.bundle)
    with hall.tx() as conn:
        conn.execute(update(db.catalogue_releases).where(db.catalogue_releases.c.number == row.number)
                     .values(signature=signature, signed_by=key.public_text))
    return signature, key.public_text


def history(conn) -> list[dict]:
    """Every release, newest first: number, version, who, when, what (changes for citizens), signature."""
    cols = [c for c in db.catalogue_releases.c if c.name not in ("bundle", "sources", "signature")]
    rows = conn.execute(select(*cols).order_by(db.catalogue_releases.c.number.desc())).all()
    return [{"number": r.number, "version": r.version, "digest": r.digest, "published_at": r.published_at.isoformat(),
             "published_by": r.published_by, "action": r.action, "rollback_of": r.rollback_of,
             "signed_by": r.signed_by, "changes": json.loads(r.note or "[]")} for r in rows]


def rollback(hall, number: int, by: str) -> int:
    """Republish release `number`'s content as a new release; returns the new number."""
    with hall.engine.connect() as conn:
        row = get(conn, number)
    cat = load_documents(read_bundle(row.bundle))     # checked again by today's code before kiosks get it
    sources = json.loads(row.sources) if row.sources else None
    return hall.publish(row.bundle, cat, sources=sources, by=by, action="rollback", rollback_of=number)
