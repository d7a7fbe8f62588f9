"""Page images and application payloads encrypted at rest in the hall's database.

The key comes from the hall's configuration: `HALL_DATA_KEY_FILE` (a file holding a Fernet key, 0600) or
`HALL_DATA_KEY`; `kiosk-hall data-key` makes one. The columns holding personal data use the column types
below, so every read and write through SQLAlchemy seals and opens them, whichever route or command does
it. Values written before a key was configured (no "enc1:" prefix) are still read as they are; without a
key nothing is encrypted and the server says so at start.
"""
from __future__ import annotations

import os
import stat
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken
from sqlalchemy.types import LargeBinary, Text, TypeDecorator

PREFIX = b"enc1:"


class DataKeyProblem(Exception):
    """The configured data key is missing, unreadable, readable by others or not a key."""


class _State:
    fernet: Fernet | None = None


def configure(key: bytes | None) -> None:
    """Use `key` (a Fernet key) for every sealed column in this process; None: store as it comes."""
    _State.fernet = Fernet(key) if key else None


def key_from_environment(env=os.environ) -> bytes | None:
    path = env.get("HALL_DATA_KEY_FILE")
    if path:
        p = Path(path).expanduser()
        try:
            mode = stat.S_IMODE(p.stat().st_mode)
            raw = p.read_bytes().strip()
        except OSError as exc:
            raise DataKeyProblem(f"HALL_DATA_KEY_FILE {path}: {exc.strerror}") from None
        if mode & 0o077:
            raise DataKeyProblem(f"HALL_DATA_KEY_FILE {path} is readable by others (mode {mode:o}): chmod 600 {path}")
    else:
        raw = env.get("HALL_DATA_KEY", "").strip().encode()
        if not raw:
            return None
    try:
        Fernet(raw)
    except ValueError:
        raise DataKeyProblem("the hall data key is not a key (make one with `kiosk-hall data-key`)") from None
    return raw


def seal(data: bytes) -> bytes:
    return PREFIX + _State.fernet.encrypt(data) if _State.fernet is not None else data


def unseal(data: bytes) -> bytes:
    if not data.startswith(PREFIX):
        return data                     # written before a key was configured
    if _State.fernet is None:
        raise DataKeyProblem("encrypted data in the database but no hall data key configured")
    try:
        return _State.fernet.decrypt(data[len(PREFIX):])
    except InvalidToken:
        raise DataKeyProblem("the hall data key does not open the stored data (a different key?)") from None


class SealedBinary(TypeDecorator):
    impl = LargeBinary
    cache_ok = True

    def process_bind_param(self, value, dialect):
        return None if value is None else seal(bytes(value))

    def process_result_value(self, value, dialect):
        return None if value is None else unseal(bytes(value))


class SealedText(TypeDecorator):
    impl = Text
    cache_ok = True

    def process_bind_param(self, value, dialect):
        return None if value is None else seal(value.encode("utf-8")).decode("ascii", "surrogateescape") \
            if _State.fernet is not None else value

    def process_result_value(self, value, dialect):
        if value is None or not value.startswith(PREFIX.decode()):
            return value
        return unseal(value.encode("ascii")).decode("utf-8")
