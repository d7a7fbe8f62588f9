"""The durable outbox: an application is committed here, encrypted, before any network call.

Modelled on persist-queue's SQLite ack queue (status constants, SQL in one place, in-flight items resumed
at start so a crash never strands one, a unique key that turns a duplicate insert into a no-op) plus what
it lacks: attempt counts, `next_attempt_at` for backoff, a dead-letter state staff can see, a size guard,
and deleting the personal data once the hall server has acknowledged the application.
"""
from __future__ import annotations

import json
import os
import random
import sqlite3
import threading
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils
from cryptography.fernet import Fernet, InvalidToken

PENDING, IN_FLIGHT, DELIVERED, DEAD = "pending", "in_flight", "delivered", "dead"
STATES = (PENDING, IN_FLIGHT, DELIVERED, DEAD)

CLAIM = ("UPDATE outbox SET status = 'in_flight', updated_at = :now "
         "WHERE id = (SELECT id FROM outbox WHERE status = 'pending' AND next_attempt_at <= :now "
         "ORDER BY next_attempt_at, created_at LIMIT 1) AND status = 'pending' RETURNING id")
RESUME = "UPDATE outbox SET status = 'pending', updated_at = :now WHERE status = 'in_flight'"
COUNTS = "SELECT status, COUNT(*) FROM outbox GROUP BY status"
BYTES_HELD = ("SELECT COALESCE(SUM(LENGTH(payload)), 0) + (SELECT COALESCE(SUM(LENGTH(data)), 0) FROM pages) "
              "FROM outbox")

INSERT_ITEM = ("INSERT INTO outbox (local_ref, idempotency_key, status, attempts, next_attempt_at, created_at, "
               "updated_at, theme, payload) VALUES (?, ?, ?, 0, ?, ?, ?, ?, ?)")
INSERT_PAGE = "INSERT INTO pages (outbox_id, page_id, sha256, material, data) VALUES (?, ?, ?, ?, ?)"
# Upload progress lives in its own small table: an UPDATE of the pages row would rewrite the whole image
# (SQLite re-serialises a record with its overflow pages), which cost more than the upload bookkeeping should.
PENDING_PAGES = ("SELECT page_id, sha256 FROM pages WHERE outbox_id = ? AND page_id NOT IN "
                 "(SELECT page_id FROM uploads WHERE outbox_id = ?)")
SELECT_ITEM = ("SELECT id, local_ref, idempotency_key, status, attempts, app_id, theme, receipt, ticket, last_error "
               "FROM outbox WHERE id = ?")

BACKOFF_BASE_S = 2.0
BACKOFF_CAP_S = 300.0


class OutboxFull(Exception):
    """The outbox holds as much as it may; the citizen is sent to the window instead of losing data."""


class OutboxCorrupt(Exception):
    """Stored data cannot be decrypted (wrong or lost kiosk key)."""


@dataclass
class Item:
    id: int
    local_ref: str
    idempotency_key: str
    status: str
    attempts: int
    app_id: str | None
    theme: str
    receipt: str | None
    ticket: str | None
    last_error: str | None


def load_or_create_key(path: Path) -> bytes:
    """The per-kiosk key, created on first use, readable by this user only."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        key = Fernet.generate_key()
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as f:
            f.write(key)
            f.flush()
            os.fsync(f.fileno())
    return path.read_bytes().strip()


class Outbox:
    def __init__(self, path: Path | str, key: bytes, max_bytes: int = 2 * 1024 ** 3):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(self.path, check_same_thread=False, timeout=30, isolation_level=None)
        self.db = sqlite_utils.Database(conn)
        self.db.execute("PRAGMA journal_mode=WAL")
        # Progress marks (uploaded pages, delivered) may be lost to a power cut: every step they record
        # is idempotent on the server and is simply repeated. The commit of a new application is not:
        # `add` syncs to disk before it returns.
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.fernet = Fernet(key)
        self.max_bytes = max_bytes
        self.lock = threading.Lock()
        self._create()

    def _create(self) -> None:
        self.db["outbox"].create({
            "id": int, "local_ref": str, "idempotency_key": str, "status": str, "attempts": int,
            "next_attempt_at": float, "created_at": float, "updated_at": float, "theme": str,
            "payload": bytes, "app_id": str, "receipt": str, "ticket": str, "result": str, "last_error": str,
        }, pk="id", not_null={"idempotency_key", "status", "local_ref"}, if_not_exists=True)
        self.db["outbox"].create_index(["idempotency_key"], unique=True, if_not_exists=True)
        self.db["outbox"].create_index(["status", "next_attempt_at"], if_not_exists=True)
        self.db["pages"].create({"outbox_id": int, "page_id": str, "sha256": str, "material": str,
                                 "data": bytes},
                                pk=("outbox_id", "page_id"), if_not_exists=True)
        self.db["uploads"].create({"outbox_id": int, "page_id": str}, pk=("outbox_id", "page_id"),
                                  if_not_exists=True)

    # -- writing ---------------------------------------------------------------------------------------

    def add(self, theme: str, application: dict, pages: list[dict], local_ref: str | None = None,
            idempotency_key: str | None = None) -> Item:
        """Commit an application and its page images (each {"page_id", "sha256", "material", "data"}).

        Returns once it is on disk; the same idempotency key twice is a no-op returning the first item.
        """
        key = idempotency_key or str(uuid.uuid4())
        blob = self.fernet.encrypt(json.dumps(application, ensure_ascii=False).encode("utf-8"))
        enc_pages = [(p, self.fernet.encrypt(p["data"])) for p in pages]
        size = len(blob) + sum(len(b) for _p, b in enc_pages)
        now = time.time()
        with self.lock:
            existing = self._find(key)
            if existing:
                return existing
            held = self.db.execute(BYTES_HELD).fetchone()[0]
            if held + size > self.max_bytes:
                raise OutboxFull(f"outbox holds {held} bytes; limit {self.max_bytes}")
            with self.db.conn:
                self.db.execute("PRAGMA synchronous=FULL")
                self.db.execute("BEGIN IMMEDIATE")
                row_id = self.db.execute(INSERT_ITEM, [local_ref or self._next_ref(), key, PENDING, now, now, now,
                                                       theme, blob]).lastrowid
                self.db.conn.executemany(INSERT_PAGE, [(row_id, p["page_id"], p["sha256"], p.get("material", ""), b)
                                                       for p, b in enc_pages])
                self.db.execute("COMMIT")
                self.db.execute("PRAGMA synchronous=NORMAL")
        return self.get(row_id)

    def _next_ref(self) -> str:
        """A provisional reference the citizen can quote before the hall's receipt number exists."""
        n = self.db.execute("SELECT COUNT(*) FROM outbox").fetchone()[0] + 1
        return f"K{time.strftime('%y%m%d')}-{n:04d}"

    def claim(self) -> Item | None:
        """Take the next due pending item, atomically (two senders never take the same one)."""
        with self.lock:
            row = self.db.execute(CLAIM, {"now": time.time()}).fetchone()
        return self.get(row[0]) if row else None

    def resume_in_flight(self) -> int:
        """At start: anything a killed sender had in flight goes back to pending."""
        with self.lock:
            return self.db.execute(RESUME, {"now": time.time()}).rowcount

    def set_app_id(self, item_id: int, app_id: str) -> None:
        self._update(item_id, app_id=app_id)

    def mark_page_uploaded(self, item_id: int, page_id: str) -> None:
        with self.lock:
            self.db.execute("INSERT OR IGNORE INTO uploads (outbox_id, page_id) VALUES (?, ?)", [item_id, page_id])

    def mark_delivered(self, item_id: int, receipt: str, ticket: str | None, result: dict) -> None:
        """The hall has the application: forget the personal data, keep what the kiosk may still show."""
        with self.lock:
            with self.db.conn:
                self.db.execute("BEGIN IMMEDIATE")
                self.db.execute("DELETE FROM pages WHERE outbox_id = ?", [item_id])
                self.db.execute("DELETE FROM uploads WHERE outbox_id = ?", [item_id])
                self.db.execute(
                    "UPDATE outbox SET status = ?, payload = NULL, receipt = ?, ticket = ?, result = ?, "
                    "last_error = NULL, updated_at = ? WHERE id = ?",
                    [DELIVERED, receipt, ticket, json.dumps(result, ensure_ascii=False), time.time(), item_id])
                self.db.execute("COMMIT")

    def mark_retry(self, item_id: int, error: str) -> float:
        """Back to pending with exponential backoff and jitter; returns the delay in seconds."""
        item = self.get(item_id)
        delay = min(BACKOFF_CAP_S, BACKOFF_BASE_S * 2 ** item.attempts) * random.uniform(0.5, 1.5)
        self._update(item_id, status=PENDING, attempts=item.attempts + 1, next_attempt_at=time.time() + delay,
                     last_error=error[:500])
        return delay

    def mark_dead(self, item_id: int, error: str) -> None:
        """Refused as invalid: kept (encrypted) for staff, never retried on its own."""
        item = self.get(item_id)
        self._update(item_id, status=DEAD, attempts=item.attempts + 1, last_error=error[:500])

    def requeue_dead(self) -> int:
        """Staff fixed the cause (a catalogue or credential problem): try the dead items again."""
        with self.lock:
            return self.db.execute("UPDATE outbox SET status = 'pending', next_attempt_at = ? WHERE status = 'dead'",
                                   [time.time()]).rowcount

    def retry_now(self) -> None:
        """Forget backoff: the network is back, or a command asked to deliver now."""
        with self.lock:
            self.db.execute("UPDATE outbox SET next_attempt_at = ? WHERE status = 'pending'", [time.time()])

    def _update(self, item_id: int, **values) -> None:
        values["updated_at"] = time.time()
        columns = ", ".join(f"{k} = ?" for k in values)   # keys are this module's own column names
        with self.lock:
            self.db.execute(f"UPDATE outbox SET {columns} WHERE id = ?", [*values.values(), item_id])

    # -- reading ---------------------------------------------------------------------------------------

    def _find(self, key: str) -> Item | None:
        row = self.db.execute("SELECT id FROM outbox WHERE idempotency_key = ?", [key]).fetchone()
        return self.get(row[0]) if row else None

    def get(self, item_id: int) -> Item:
        row = self.db.execute(SELECT_ITEM, [item_id]).fetchone()
        if row is None:
            raise KeyError(f"no outbox item {item_id}")
        return Item(*row)

    def application(self, item_id: int) -> dict:
        blob = self.db.execute("SELECT payload FROM outbox WHERE id = ?", [item_id]).fetchone()[0]
        if blob is None:
            raise OutboxCorrupt("personal data already deleted (delivered)")
        try:
            return json.loads(self.fernet.decrypt(blob))
        except InvalidToken:
            raise OutboxCorrupt("cannot decrypt: the kiosk key does not match this outbox") from None

    def pages(self, item_id: int, only_pending: bool = True):
        """(page_id, sha256, data) of pages still to upload, decrypted one at a time."""
        rows = (self.db.execute(PENDING_PAGES, [item_id, item_id]) if only_pending else
                self.db.execute("SELECT page_id, sha256 FROM pages WHERE outbox_id = ?", [item_id]))
        for page_id, sha in rows.fetchall():
            blob = self.db.execute("SELECT data FROM pages WHERE outbox_id = ? AND page_id = ?",
                                   [item_id, page_id]).fetchone()[0]
            try:
                yield page_id, sha, self.fernet.decrypt(blob)
            except InvalidToken:
                raise OutboxCorrupt("cannot decrypt a page") from None

    def result(self, item_id: int) -> dict | None:
        raw = self.db.execute("SELECT result FROM outbox WHERE id = ?", [item_id]).fetchone()[0]
        return json.loads(raw) if raw else None

    def counts(self) -> dict[str, int]:
        out = dict.fromkeys(STATES, 0)
        out.update({s: n for s, n in self.db.execute(COUNTS).fetchall()})
        return out

    def items(self, status: str | None = None) -> list[Item]:
        where, args = ("WHERE status = ?", [status]) if status else ("", [])
        return [self.get(r[0]) for r in self.db.execute(f"SELECT id FROM outbox {where} ORDER BY id", args)]

    def close(self) -> None:
        self.db.conn.close()
