"""The hall server's tables (SQLAlchemy Core): SQLite by default, any database URL SQLAlchemy knows later."""
from __future__ import annotations

from sqlalchemy import (Boolean, Column, Date, DateTime, ForeignKey, Integer, LargeBinary, MetaData, String,
                        Table, Text, UniqueConstraint, create_engine, event)
from sqlalchemy.engine import Engine

from .at_rest import SealedBinary, SealedText

metadata = MetaData()

kiosks = Table(
    "kiosks", metadata,
    Column("id", String(64), primary_key=True),
    Column("token_hash", String(64), nullable=False),
    Column("registered_at", DateTime, nullable=False),
    Column("last_seen", DateTime),
    Column("health", Text),                 # JSON: device -> {state, reason}
    Column("outbox_depth", Integer),
    Column("catalogue_version", String(64)),
)

applications = Table(
    "applications", metadata,
    Column("id", String(36), primary_key=True),
    Column("kiosk_id", String(64), ForeignKey("kiosks.id"), nullable=False),
    Column("idempotency_key", String(128), nullable=False),
    Column("request_hash", String(64), nullable=False),
    Column("theme_id", String(64), nullable=False),
    Column("theme_no", Integer, nullable=False),
    Column("catalogue_version", String(64), nullable=False),
    Column("status", String(24), nullable=False),
    Column("payload", SealedText, nullable=False),  # JSON: answers, form, materials owed, pages expected
    Column("receipt", String(32), unique=True),
    Column("lookup_code", String(16)),
    Column("ticket", String(16)),
    Column("location_id", String(64)),
    Column("created_at", DateTime, nullable=False),
    Column("accepted_at", DateTime),
    Column("due_date", Date),
    Column("due_provisional", Boolean),
    UniqueConstraint("kiosk_id", "idempotency_key", name="uq_app_idempotency"),
)

pages = Table(
    "pages", metadata,
    Column("application_id", String(36), ForeignKey("applications.id"), primary_key=True),
    Column("page_id", String(64), primary_key=True),
    Column("sha256", String(64), nullable=False),
    Column("size", Integer, nullable=False),
    Column("content", SealedBinary, nullable=False),   # the page image, encrypted at rest (at_rest.py)
    Column("created_at", DateTime, nullable=False),
)

matters = Table(
    "matters", metadata,
    Column("application_id", String(36), ForeignKey("applications.id"), primary_key=True),
    Column("matter_id", String(64), primary_key=True),
    Column("department_id", String(64), nullable=False),
    Column("approval_level", String(16), nullable=False),
    Column("status", String(24), nullable=False),
    Column("due_date", Date),
    Column("due_provisional", Boolean),
    Column("updated_at", DateTime, nullable=False),
)

owed = Table(
    "owed", metadata,
    Column("application_id", String(36), ForeignKey("applications.id"), primary_key=True),
    Column("material_id", String(96), primary_key=True),
    Column("name", String(128), nullable=False),
    Column("due_date", Date),
    Column("received_at", DateTime),
)

events = Table(
    "events", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("application_id", String(36), ForeignKey("applications.id"), nullable=False),
    Column("matter_id", String(64)),
    Column("status", String(24), nullable=False),
    Column("at", DateTime, nullable=False),
    Column("actor", String(64), nullable=False),
    Column("note", Text),
)

tickets = Table(
    "tickets", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("day", Date, nullable=False),
    Column("prefix", String(2), nullable=False),
    Column("number", Integer, nullable=False),
    Column("ticket", String(16), nullable=False),
    Column("theme_id", String(64), nullable=False),
    Column("location_id", String(64), nullable=False),
    Column("application_id", String(36)),
    Column("kiosk_id", String(64)),
    Column("issued_at", DateTime, nullable=False),
    UniqueConstraint("day", "prefix", "number", name="uq_ticket_day_number"),
)

counters = Table(
    "counters", metadata,
    Column("name", String(64), primary_key=True),
    Column("value", Integer, nullable=False),
)

catalogue_releases = Table(    # every published catalogue, never changed afterwards; the highest number is live
    "catalogue_releases", metadata,
    Column("number", Integer, primary_key=True, autoincrement=False),   # the release number kiosks compare
    Column("version", String(64), nullable=False),         # catalogue.toml's version label
    Column("digest", String(32), nullable=False),
    Column("bundle", LargeBinary, nullable=False),         # the exact bytes kiosks fetch and store
    Column("sources", Text),                               # JSON path -> TOML text (None: published as a bundle)
    Column("signature", Text),                             # base64 Ed25519 over (number, bundle); None: unsigned
    Column("signed_by", Text),                             # the public key (base64) that made the signature
    Column("published_at", DateTime, nullable=False),
    Column("published_by", String(64), nullable=False),
    Column("action", String(16), nullable=False),          # publish, rollback, start
    Column("rollback_of", Integer),
    Column("note", Text),                                  # what changed for citizens, as lines (JSON list)
)

catalogue_draft = Table(       # the one draft editors work on, kept apart from what kiosks see
    "catalogue_draft", metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),       # always 1
    Column("base", Integer),                               # the release it was started from
    Column("sources", Text, nullable=False),               # JSON path -> TOML text
    Column("updated_at", DateTime, nullable=False),
    Column("updated_by", String(64), nullable=False),
)

catalogue_reviews = Table(     # departments' confirmations and comments on matters
    "catalogue_reviews", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("matter_id", String(96), nullable=False),
    Column("department_id", String(64), nullable=False),
    Column("kind", String(16), nullable=False),            # confirmed, comment
    Column("text", Text),
    Column("actor", String(64), nullable=False),
    Column("at", DateTime, nullable=False),
)


def connect(url: str) -> Engine:
    """An engine with the schema created; SQLite gets WAL and a busy timeout for concurrent requests."""
    if "://" not in url:
        url = f"sqlite:///{url}"
    engine = create_engine(url, future=True)
    if engine.dialect.name == "sqlite":
        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn, _record):
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA busy_timeout=10000")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.close()
    metadata.create_all(engine)
    return engine
