"""What is checked before the outbox is trusted: its key, its file, its permissions.

A lost or changed key used to be replaced by a new one without a word, and every waiting application then
failed to decrypt and was reported as "refused by the hall"; a damaged outbox file ended in tracebacks, a
zero-byte one quietly dropped what was queued. Now:
- the key is created only for an outbox that holds nothing; a missing, damaged or different key is a
  `KeyProblem` that stops the sender and is shown to staff, and nothing is marked dead;
- a damaged outbox file is set aside intact (with its -wal and -shm) for staff, and a fresh one is used;
  staff see how many applications wait in each set-aside file;
- the data folder is 0700 and the files in it 0600.
"""
from __future__ import annotations

import binascii
import logging
import os
import sqlite3
import stat
import time
from pathlib import Path

from cryptography.fernet import Fernet

log = logging.getLogger(__name__)

WAITING = "SELECT COUNT(*) FROM outbox WHERE status IN ('pending', 'in_flight', 'dead')"
SET_ASIDE_GLOB = "outbox.set-aside-*.sqlite3"


class KeyProblem(Exception):
    """The kiosk key is missing, damaged or not the one the outbox was written with."""


def private_dir(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    if stat.S_IMODE(path.stat().st_mode) & 0o077:
        os.chmod(path, 0o700)
    return path


def private_file(path: Path) -> None:
    """Make `path` (if it exists) readable by this user only."""
    try:
        if stat.S_IMODE(path.stat().st_mode) & 0o077:
            os.chmod(path, 0o600)
    except FileNotFoundError:
        pass


def waiting_in(path: Path) -> int | None:
    """Applications not yet delivered in an outbox file; None when the file cannot be read."""
    if not path.exists() or path.stat().st_size == 0:
        return None if path.exists() else 0
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)
        try:
            return con.execute(WAITING).fetchone()[0]
        finally:
            con.close()
    except sqlite3.Error:
        return None


def load_key(path: Path, outbox_path: Path) -> bytes:
    """The kiosk key; made new only when the outbox holds no application (else that would lose them)."""
    private_dir(path.parent)
    if not path.exists():
        waiting = waiting_in(outbox_path)
        if waiting:
            raise KeyProblem(f"outbox key {path} is missing; {waiting} application(s) wait encrypted with it: "
                             "put the key back (see README, Operations)")
        key = Fernet.generate_key()
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as f:
            f.write(key)
            f.flush()
            os.fsync(f.fileno())
        return key
    private_file(path)
    raw = path.read_bytes().strip()
    try:
        Fernet(raw)
    except (ValueError, binascii.Error):
        raise KeyProblem(f"outbox key {path} is damaged ({len(raw)} bytes, truncated?): put the right key back "
                         "(see README, Operations)") from None
    return raw


def integrity_problem(path: Path) -> str | None:
    """Why the outbox file cannot be trusted, or None (also None when there is no file yet)."""
    if not path.exists():
        return None
    if path.stat().st_size == 0:
        return "the outbox file is empty (0 bytes)"
    try:
        con = sqlite3.connect(path, timeout=30)
        try:
            rows = con.execute("PRAGMA quick_check").fetchall()
            if rows != [("ok",)]:
                return "integrity check failed: " + "; ".join(str(r[0]) for r in rows[:3])[:300]
            tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if "outbox" in tables:
                con.execute(WAITING).fetchone()
        finally:
            con.close()
    except sqlite3.Error as exc:
        return f"not a readable database: {exc}"
    return None


def set_aside(path: Path) -> Path:
    """Move the outbox file and its -wal/-shm aside, byte for byte, under a name staff can find."""
    target = path.with_name(f"outbox.set-aside-{time.strftime('%Y%m%d-%H%M%S')}.sqlite3")
    n = 1
    while target.exists():
        target = path.with_name(f"outbox.set-aside-{time.strftime('%Y%m%d-%H%M%S')}-{n}.sqlite3")
        n += 1
    for suffix in ("-wal", "-shm"):
        side = Path(str(path) + suffix)
        if side.exists():
            os.replace(side, str(target) + suffix)
    os.replace(path, target)
    return target


def set_aside_files(folder: Path) -> list[dict]:
    """Every set-aside outbox in `folder`: {"file", "waiting"} (waiting None: the file cannot be read)."""
    return [{"file": str(p), "waiting": waiting_in(p)} for p in sorted(folder.glob(SET_ASIDE_GLOB))]
