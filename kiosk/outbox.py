"""The durable outbox: an application is committed here, encrypted, before any network call.

Modelled on persist-queue's SQLite ack queue (status constants, SQL in one place, in-flight items resumed
at start so a crash never strands one, a unique key that turns a duplicate insert into a no-op) plus what
it lacks: attempt counts, `next_attempt_at` for backoff, a dead-letter state staff can see, a size guard,
and deleting the personal data once the hall server has acknowledged the application.

Crypto-shredding: each application is encrypted with a data key of its own, kept wrapped by the kiosk key
in `datakeys`; delivery deletes that key (with secure_delete on and the WAL checkpointed and truncated), so
copies of the ciphertext left in free pages, an old WAL or a backup decrypt to nothing.
Before it is trusted the file is checked and the key verified (kiosk/outbox_guard.py).
"""
from __future__ import annotations

import json
import logging
import os
import shutil
import random
import sqlite3
import threading
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils
from cryptography.fernet import Fernet, InvalidToken

from . import outbox_guard
from .outbox_guard import KeyProblem

log = logging.getLogger(__name__)

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


class OutboxUnavailable(Exception):
    """The outbox cannot take an application now (key problem, full, disk full): say so before a journey."""


class OutboxFull(OutboxUnavailable):
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


def load_or_create_key(path: Path, outbox_path: Path | None = None) -> bytes:
    """The per-kiosk key, created on first use, readable by this user only. With `outbox_path`, a missing
    key is made new only when that outbox holds nothing (KeyProblem otherwise); a damaged key is a
    KeyProblem either way."""
    return outbox_guard.load_key(path, outbox_path or path.with_name("no-outbox"))


KEY_CHECK = b"meixian-outbox-key-check"
#: Room kept free for one more application before a journey starts (bytes in the outbox and on disk).
INTAKE_RESERVE = 64 * 1024 ** 2


class Outbox:
    def __init__(self, path: Path | str, key: bytes | None, max_bytes: int = 2 * 1024 ** 3,
                 key_problem: str | None = None):
        self.path = Path(path)
        outbox_guard.private_dir(self.path.parent)
        #: A damaged file found at start, moved aside intact: {"file", "problem", "waiting"} or None.
        self.set_aside: dict | None = None
        problem = outbox_guard.integrity_problem(self.path)
        if problem:
            waiting = outbox_guard.waiting_in(self.path)
            moved = outbox_guard.set_aside(self.path)
            self.set_aside = {"file": str(moved), "problem": problem, "waiting": waiting}
            log.error("outbox %s: %s; set aside as %s (%s application(s) waiting in it); a fresh outbox is used",
                      self.path, problem, moved, "unknown" if waiting is None else waiting)
        if not self.path.exists():
            os.close(os.open(self.path, os.O_WRONLY | os.O_CREAT, 0o600))
        conn = sqlite3.connect(self.path, check_same_thread=False, timeout=30, isolation_level=None)
        self.db = sqlite_utils.Database(conn)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA secure_delete=ON")      # freed pages are zeroed, not left readable
        # Progress marks (uploaded pages, delivered) may be lost to a power cut: every step they record
        # is idempotent on the server and is simply repeated. The commit of a new application is not:
        # `add` syncs to disk before it returns.
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.max_bytes = max_bytes
        self.lock = threading.Lock()
        self._create()
        for suffix in ("", "-wal", "-shm"):         # files made by an older version were 0644
            outbox_guard.private_file(Path(str(self.path) + suffix))
        self.fernet = Fernet(key) if key else None
        #: Why nothing can be encrypted or decrypted (missing, damaged or different key), or None.
        self.key_problem = key_problem if key_problem or key else "no outbox key"
        if self.fernet is not None and not key_problem:
            self.key_problem = self._check_key()

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
        self.db["datakeys"].create({"outbox_id": int, "wrapped": bytes}, pk="outbox_id", if_not_exists=True)
        self.db["meta"].create({"name": str, "value": bytes}, pk="name", if_not_exists=True)

    def _check_key(self) -> str | None:
        """None when the key is the one this outbox was written with (recorded on first use)."""
        row = self.db.execute("SELECT value FROM meta WHERE name = 'key_check'").fetchone()
        if row is not None:
            try:
                self.fernet.decrypt(row[0])
                return None
            except InvalidToken:
                return "the outbox key is not the one this outbox was written with (a different key)"
        # An outbox from before the check: the key must open what waits in it before it is recorded.
        sample = self.db.execute("SELECT id FROM outbox WHERE payload IS NOT NULL LIMIT 1").fetchone()
        if sample is not None:
            try:
                self.application(sample[0])
            except OutboxCorrupt:
                return "the outbox key does not open the applications waiting in this outbox (a different key)"
        with self.lock:
            self.db.execute("INSERT OR REPLACE INTO meta (name, value) VALUES ('key_check', ?)",
                            [self.fernet.encrypt(KEY_CHECK)])
        return None

    def intake_problem(self, reserve: int = INTAKE_RESERVE) -> str | None:
        """Why a new application could not be saved now (checked before a citizen starts), or None."""
        if self.key_problem:
            return self.key_problem
        held = self.db.execute(BYTES_HELD).fetchone()[0]
        if held + reserve > self.max_bytes:
            return f"outbox full: holds {held} bytes of {self.max_bytes}"
        free = shutil.disk_usage(self.path.parent).free
        if free < reserve:
            return f"disk full: {free} bytes free in {self.path.parent}"
        return None

    # -- writing ---------------------------------------------------------------------------------------

    def add(self, theme: str, application: dict, pages: list[dict], local_ref: str | None = None,
            idempotency_key: str | None = None) -> Item:
        """Commit an application and its page images (each {"page_id", "sha256", "material", "data"}).

        Returns once it is on disk; the same idempotency key twice is a no-op returning the first item.
        """
        if self.key_problem:
            raise OutboxUnavailable(self.key_problem)
        key = idempotency_key or str(uuid.uuid4())
        data_key = Fernet.generate_key()                # this application's own key: shredded on delivery
        sealed = Fernet(data_key)
        blob = sealed.encrypt(json.dumps(application, ensure_ascii=False).encode("utf-8"))
        enc_pages = [(p, sealed.encrypt(p["data"])) for p in pages]
        wrapped = self.fernet.encrypt(data_key)
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
                self.db.execute("INSERT INTO datakeys (outbox_id, wrapped) VALUES (?, ?)", [row_id, wrapped])
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
                self.db.execute("DELETE FROM datakeys WHERE outbox_id = ?", [item_id])
                self.db.execute("DELETE FROM pages WHERE outbox_id = ?", [item_id])
                self.db.execute("DELETE FROM uploads WHERE outbox_id = ?", [item_id])
                self.db.execute(
                    "UPDATE outbox SET status = ?, payload = NULL, receipt = ?, ticket = ?, result = ?, "
                    "last_error = NULL, updated_at = ? WHERE id = ?",
                    [DELIVERED, receipt, ticket, json.dumps(result, ensure_ascii=False), time.time(), item_id])
                self.db.execute("COMMIT")
            # Old frames of the deleted key and data live on in the WAL until it is checkpointed and reset.
            self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")

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

    def _sealed(self, item_id: int) -> Fernet:
        """The application's own key, unwrapped (items from before per-item keys use the kiosk key)."""
        if self.fernet is None:
            raise OutboxCorrupt(self.key_problem or "no outbox key")
        row = self.db.execute("SELECT wrapped FROM datakeys WHERE outbox_id = ?", [item_id]).fetchone()
        if row is None:
            return self.fernet
        try:
            return Fernet(self.fernet.decrypt(row[0]))
        except InvalidToken:
            raise OutboxCorrupt("cannot decrypt: the kiosk key does not match this outbox") from None

    def application(self, item_id: int) -> dict:
        blob = self.db.execute("SELECT payload FROM outbox WHERE id = ?", [item_id]).fetchone()[0]
        if blob is None:
            raise OutboxCorrupt("personal data already deleted (delivered)")
        try:
            return json.loads(self._sealed(item_id).decrypt(blob))
        except InvalidToken:
            raise OutboxCorrupt("cannot decrypt: the kiosk key does not match this outbox") from None

    def pages(self, item_id: int, only_pending: bool = True):
        """(page_id, sha256, data) of pages still to upload, decrypted one at a time."""
        rows = (self.db.execute(PENDING_PAGES, [item_id, item_id]) if only_pending else
                self.db.execute("SELECT page_id, sha256 FROM pages WHERE outbox_id = ?", [item_id]))
        sealed = self._sealed(item_id)
        for page_id, sha in rows.fetchall():
            blob = self.db.execute("SELECT data FROM pages WHERE outbox_id = ? AND page_id = ?",
                                   [item_id, page_id]).fetchone()[0]
            try:
                yield page_id, sha, sealed.decrypt(blob)
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
