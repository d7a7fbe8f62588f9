"""The kiosks the hall knows: registration and credentials (`kiosk-id:secret`, only its hash stored), their
heartbeats (device health, outbox depth, catalogue) and the list staff read."""

import hashlib
import hmac
import json
import secrets

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Connection, Engine

from . import db
from .service import Refused, now


def _token_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8", "surrogateescape")).hexdigest()


def register_kiosk(hall, kiosk_id: str, rotate: bool = False) -> str:
    """Create a kiosk, or with `rotate` re-key one; returns its bearer token `id:secret`, shown once.

    Re-adding an id without `rotate` is refused: it would silently cut off the kiosk using it."""
    secret = secrets.token_urlsafe(24)
    with hall.tx() as conn:
        if conn.execute(select(db.kiosks.c.id).where(db.kiosks.c.id == kiosk_id)).first():
            if not rotate:
                raise Refused(409, f"kiosk {kiosk_id} is already registered: rotate its credential "
                                   "explicitly (--rotate) to replace it")
            conn.execute(update(db.kiosks).where(db.kiosks.c.id == kiosk_id).values(token_hash=_token_hash(secret)))
        else:
            conn.execute(insert(db.kiosks).values(id=kiosk_id, token_hash=_token_hash(secret), registered_at=now()))
    return f"{kiosk_id}:{secret}"


def kiosk_for(engine: Engine, credential: str) -> str | None:
    """The kiosk id a `kiosk-id:secret` credential belongs to, or None (compared in constant time)."""
    kiosk_id, colon, secret = credential.partition(":")
    if not colon:
        return None
    with engine.connect() as conn:
        row = conn.execute(select(db.kiosks.c.token_hash).where(db.kiosks.c.id == kiosk_id)).first()
    ok = hmac.compare_digest((row.token_hash if row else "0" * 64).encode(), _token_hash(secret).encode())
    return kiosk_id if row is not None and ok else None


def heartbeat(conn: Connection, kiosk_id: str, health: dict, outbox_depth: int, catalogue_version: str | None):
    """A kiosk is alive: when, its devices' health, how much it has still to send, which catalogue it holds."""
    conn.execute(update(db.kiosks).where(db.kiosks.c.id == kiosk_id).values(
        last_seen=now(), health=json.dumps(health, ensure_ascii=False), outbox_depth=outbox_depth,
        catalogue_version=catalogue_version))


def list_kiosks(conn: Connection) -> list[dict]:
    """Every registered kiosk with its last heartbeat: when, device health, outbox depth, catalogue."""
    rows = conn.execute(select(db.kiosks).order_by(db.kiosks.c.id)).all()
    return [{"id": r.id, "registered_at": r.registered_at.isoformat(),
             "last_seen": r.last_seen.isoformat() if r.last_seen else None,
             "health": json.loads(r.health) if r.health else {}, "outbox_depth": r.outbox_depth,
             "catalogue_version": r.catalogue_version} for r in rows]
