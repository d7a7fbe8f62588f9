"""A record of catalogues that have passed every check, so a kiosk does not re-check the same bytes at each start.

Parsing the TOML folder and running every schema and cross-reference check costs about 0.2 s — most of what
the kiosk may spend before its first frame. The verdict depends only on the catalogue's bytes and on the
checking code (this package's modules and JSON schemas), so both go into the key: SHA-256 over every file of
the folder (or the bundle's bytes) and over the checker. A catalogue that passed is stored under its key as
the parsed documents (JSON); the next start with the same key builds from them without re-checking. Any
change to a catalogue file, a schema or the checker gives a new key, and the full check runs again. A
catalogue that fails is never recorded. `kiosk content check` and CI always run the full check.

The record lives in the kiosk's own data folder (written atomically); one entry per source is kept.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
from pathlib import Path

from .source import Documents

log = logging.getLogger(__name__)

_PACKAGE = Path(__file__).resolve().parent
_checker_digest: str | None = None


def checker_digest() -> str:
    """SHA-256 over the code and schemas that decide whether a catalogue is good."""
    global _checker_digest
    if _checker_digest is None:
        h = hashlib.sha256()
        for path in sorted([*_PACKAGE.glob("*.py"), *(_PACKAGE / "schema").glob("*.json")]):
            h.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
        _checker_digest = h.hexdigest()
    return _checker_digest


def folder_key(root: Path) -> str:
    """The key of a catalogue folder: every file under it (name and bytes, stray files too) plus the checker."""
    files = []
    for folder, dirs, names in os.walk(root):
        dirs.sort()
        files += [os.path.join(folder, n) for n in names]
    h = hashlib.sha256(b"folder\0" + checker_digest().encode())
    for path in sorted(files):
        with open(path, "rb") as f:
            h.update(os.path.relpath(path, root).encode() + b"\0" + f.read() + b"\0")
    return h.hexdigest()


def bundle_key(data: bytes) -> str:
    return hashlib.sha256(b"bundle\0" + checker_digest().encode() + data).hexdigest()


class CheckedRecord:
    """Documents that passed the checks, by key; `slot` names the source so each keeps one entry."""

    def __init__(self, folder: Path | str):
        self.folder = Path(folder)

    def _path(self, slot: str) -> Path:
        return self.folder / f"{slot}.json"

    def get(self, slot: str, key: str) -> Documents | None:
        """The documents recorded for this exact key, else None (missing, other key, unreadable)."""
        try:
            record = json.loads(self._path(slot).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(record, dict) or record.get("key") != key or not isinstance(record.get("docs"), dict):
            return None
        return Documents(docs=record["docs"])

    def put(self, slot: str, key: str, docs: Documents) -> None:
        """Record documents that passed; a failure to write only means the next start checks again."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=f".{slot}.", suffix=".tmp")
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as f:
                    json.dump({"key": key, "docs": docs.docs}, f, ensure_ascii=False)
                os.replace(tmp, self._path(slot))
            finally:
                if os.path.exists(tmp):
                    os.unlink(tmp)
        except OSError as exc:
            log.warning("could not record the checked catalogue in %s (%s): the next start checks it again",
                        self.folder, exc)
