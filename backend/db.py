"""The hall server's tables (SQLAlchemy Core): SQLite by default, any database URL SQLAlchemy knows later."""
from __future__ import annotations

from sqlalchemy import (Boolean, Column, Date, DateTime, ForeignKey, Index, Integer, LargeBinary, MetaData, String,
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
    # The window's desk: originals sighted (核验原件), accepted (受理) or returned for correction (退回补正).
    Column("sighted_at", DateTime),
    Column("sighted_by", String(64)),
    Column("decided_by", String(64)),
    Column("return_reasons", Text),            # JSON list of reasons given to the citizen
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
    Column("received_by", String(64)),
    Column("page_id", String(64)),             # the page scanned at the window when it came in
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
    # The queue at the window (the letter is `prefix`): NULL state = waiting; then called, served or skipped.
    Column("state", String(8)),
    Column("called_at", DateTime),
    Column("served_at", DateTime),
    Column("called_by", String(64)),
    Column("recalls", Integer),
    UniqueConstraint("day", "prefix", "number", name="uq_ticket_day_number"),
)

calls = Table(
    "calls", metadata,                      # one row per announcement (a call or a recall): what the lobby shows
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("day", Date, nullable=False, index=True),
    Column("prefix", String(2), nullable=False),
    Column("ticket", String(16), nullable=False),
    Column("ticket_id", Integer, ForeignKey("tickets.id"), nullable=False),
    Column("kind", String(8), nullable=False),     # call | recall
    Column("at", DateTime, nullable=False),
    Column("username", String(64), nullable=False),
)

users = Table(
    "users", metadata,
    Column("username", String(64), primary_key=True),
    Column("role", String(16), nullable=False),           # clerk | reviewer | editor | supervisor
    Column("department", String(64)),                     # reviewers: the department whose matters they move
    Column("window", String(2)),                          # clerks: the window letter (ticket prefix)
    Column("password_hash", String(255), nullable=False),  # argon2id, with its parameters
    Column("disabled", Boolean, nullable=False),
    Column("failed", Integer, nullable=False),
    Column("locked_until", DateTime),
    Column("created_at", DateTime, nullable=False),
    Column("password_changed_at", DateTime),
)

tokens = Table(
    "tokens", metadata,                     # bearer tokens, stored as SHA-256 of the secret only
    Column("token_hash", String(64), primary_key=True),
    Column("username", String(64), ForeignKey("users.username"), nullable=False, index=True),
    Column("kind", String(8), nullable=False),            # session (login) | api (automation)
    Column("label", String(64)),
    Column("created_at", DateTime, nullable=False),
    Column("expires_at", DateTime, nullable=False),
    Column("last_used_at", DateTime, nullable=False),
    Column("revoked_at", DateTime),
)

audit = Table(
    "audit", metadata,                      # every staff action, with its user
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime, nullable=False),
    Column("username", String(64), nullable=False),
    Column("action", String(32), nullable=False),
    Column("receipt", String(32), index=True),
    Column("target", String(96)),
    Column("detail", Text),
)

counters = Table(
    "counters", metadata,
    Column("name", String(64), primary_key=True),
    Column("value", Integer, nullable=False),
)

catalogues = Table(
    "catalogues", metadata,
    Column("version", String(64), primary_key=True),
    Column("digest", String(32), nullable=False),
    Column("bundle", LargeBinary, nullable=False),
    Column("published_at", DateTime, nullable=False),
    Column("active", Boolean, nullable=False),
)

# Reads the desk and the reviewers make often, kept fast with 10,000s of applications (bench/hall_desk.py).
Index("ix_events_application", events.c.application_id)
Index("ix_matters_department_due", matters.c.department_id, matters.c.due_date, matters.c.status)
Index("ix_applications_status", applications.c.status, applications.c.location_id)
Index("ix_tickets_application", tickets.c.application_id)
# The supervisor's dashboard: applications per theme today and open, overdue matters (backend/reports.py).
Index("ix_applications_created_theme", applications.c.created_at, applications.c.theme_id)
Index("ix_applications_status_theme", applications.c.status, applications.c.theme_id)
Index("ix_matters_due", matters.c.due_date, matters.c.status)


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
    _add_missing_columns(engine)
    return engine


def _add_missing_columns(engine: Engine) -> None:
    """A hall database made by an older version gains the newer nullable columns (additive only, never drops)."""
    from sqlalchemy import inspect, text

    insp = inspect(engine)
    with engine.begin() as conn:
        for table in metadata.sorted_tables:
            have = {c["name"] for c in insp.get_columns(table.name)}
            for col in table.columns:
                if col.name not in have and col.nullable:
                    kind = col.type.compile(dialect=engine.dialect)
                    conn.execute(text(f'ALTER TABLE {table.name} ADD COLUMN "{col.name}" {kind}'))
            for index in table.indexes:
                index.create(conn, checkfirst=True)
