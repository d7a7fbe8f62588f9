"""Catalogue updates from the hall server: fetch, verify, store atomically, hand over at a safe moment.

The hall server publishes the catalogue as one JSON bundle with an ETag (its digest). The kiosk asks with
If-None-Match at start, every `[catalogue] sync_minutes` and when staff press "check now". A bundle that
does not parse, fails the catalogue's checks or does not match its ETag is refused with the reason in the
log, and the last good catalogue stays in use. A good one is written to `<data_dir>/catalogue/` (temp
file + fsync + os.replace; the copy it replaces is kept as `previous.json`) and waits in `pending` until
the app is at rest (attract screen, no session): a citizen never sees the catalogue change mid-journey.
At start the kiosk uses the stored good bundle if there is one, else the packaged catalogue.
No Kivy here; the network runs on a worker thread and results come back through `post`.
"""
from __future__ import annotations

import json
import logging
import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from content import ContentInvalid, load_bundle, load_catalogue

from .catalogue_trust import CatalogueTrust, CatalogueUntrusted, Signed

if TYPE_CHECKING:   # initial_catalogue runs before the first frame; requests loads after it
    from .hall_client import HallClient

from .background import Loop, describe, run_task

log = logging.getLogger(__name__)

UNCHANGED, NEW, REFUSED, UNREACHABLE = "unchanged", "new", "refused", "unreachable"


class BundleRefused(Exception):
    """A fetched bundle that must not be used; the message says why (for the log and the staff page)."""


def verify_bundle(data: bytes, etag: str | None = None, checked: Path | None = None):
    """The Catalogue in a bundle, or BundleRefused naming the first problems (the full list is logged).
    `checked`: where bundles already checked by this code are recorded (content/checked.py)."""
    try:
        cat = load_bundle(data, checked)
    except ContentInvalid as exc:
        raise BundleRefused(f"{len(exc.errors)} error(s): " + "; ".join(str(e) for e in exc.errors[:3])) from None
    # The hall's ETag is "<digest>-<release>" (older halls: "<digest>"); the digest part must match.
    if etag and etag.strip('"').split("-")[0] != cat.digest:
        raise BundleRefused(f"bundle digest {cat.digest} does not match the server's ETag {etag}")
    return cat


@dataclass
class Stored:
    catalogue: object
    etag: str | None


class CatalogueStore:
    """The last good bundle on disk: `current.json` (+ `current.meta.json`), and `previous.json`."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.current = self.folder / "current.json"
        self.meta = self.folder / "current.meta.json"
        self.previous = self.folder / "previous.json"
        self.checked = self.folder / "checked"     # verdicts on bytes already checked (content/checked.py)

    def load(self) -> Stored | None:
        """The stored catalogue, re-verified; None (logged) when there is none or it is no longer good."""
        if not self.current.is_file():
            return None
        try:
            meta = json.loads(self.meta.read_text(encoding="utf-8")) if self.meta.is_file() else {}
            cat = verify_bundle(self.current.read_bytes(), meta.get("etag"), self.checked)
        except (OSError, ValueError, BundleRefused) as exc:
            log.error("stored catalogue %s is not usable (%s): using the packaged one", self.current, exc)
            return None
        return Stored(cat, meta.get("etag"))

    def held_release(self) -> int:
        """The release number of the stored copy (0: none, or fetched before releases were signed)."""
        try:
            return int(json.loads(self.meta.read_text(encoding="utf-8")).get("release") or 0)
        except (OSError, ValueError, AttributeError):
            return 0

    def save(self, data: bytes, etag: str | None, version: str, release: int = 0) -> None:
        """Write atomically: a power cut leaves either the old good copy or the new one, never half."""
        self.folder.mkdir(parents=True, exist_ok=True)
        meta = json.dumps({"etag": etag, "version": version, "release": release, "saved_at": time.time()}).encode()
        if self.current.is_file():
            _atomic_write(self.previous, self.current.read_bytes())
        _atomic_write(self.current, data)
        _atomic_write(self.meta, meta)


def _atomic_write(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    fd = os.open(path.parent, os.O_RDONLY)   # the rename itself must reach the disk too
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def initial_catalogue(cfg):
    """What the kiosk starts with: a configured folder, else the stored good bundle, else the packaged one.

    Returns (catalogue, etag or None). A configured `content_dir` that fails its checks raises
    ContentInvalid (the kiosk refuses to start); a bad stored bundle falls back to the packaged catalogue.
    """
    store = CatalogueStore(cfg.data_dir / "catalogue")
    if cfg.get("kiosk", "content_dir"):
        return load_catalogue(cfg.get("kiosk", "content_dir"), store.checked), None
    stored = store.load()
    if stored is not None:
        log.info("using the stored catalogue %s", stored.catalogue.version)
        return stored.catalogue, stored.etag
    return load_catalogue(checked=store.checked), None


@dataclass
class SyncResult:
    outcome: str            # unchanged, new, refused, unreachable
    version: str | None     # the version fetched (new) or in use
    reason: str | None = None


class CatalogueSync:
    """Fetches from the hall server on a worker thread; a verified new catalogue waits in `pending`."""

    def __init__(self, client: HallClient, store: CatalogueStore, etag: str | None, version: str,
                 post: Callable[[Callable[[], None]], None] = lambda fn: fn(), trust: CatalogueTrust | None = None,
                 digest: str | None = None, on_problem: Callable[[str], None] | None = None):
        self.client, self.store, self.post = client, store, post
        self.etag, self.version = etag, version
        # Signatures and downgrades (kiosk/catalogue_trust.py); without pinned keys every bundle is refused.
        self.trust = trust or CatalogueTrust([])
        self.release = store.held_release()          # the newest release this kiosk has accepted
        self.digest = digest                         # the content digest of the catalogue in use
        self.pending = None                       # a verified Catalogue waiting for a safe moment
        self.last: SyncResult | None = None
        self.listeners: list[Callable[[SyncResult], None]] = []   # called on the UI thread
        self._lock = threading.Lock()             # one check at a time
        self._pending_lock = threading.Lock()     # never held across the network: the UI thread takes it
        self.on_problem = on_problem
        self._loop: Loop | None = None

    def check(self) -> SyncResult:
        """One fetch and verification, on the calling thread (workers and tests)."""
        from .hall_client import HallError

        with self._lock:
            try:
                got = self.client.signed_catalogue(self.etag)
            except HallError as exc:
                result = SyncResult(UNREACHABLE, self.version, str(exc))
                log.info("catalogue check: hall server not reachable (%s)", exc)
            else:
                result = self._consider(got)
            self.last = result
            return result

    def _consider(self, got: Signed) -> SyncResult:
        data, etag = got.data, got.etag
        if data is None:
            return SyncResult(UNCHANGED, self.version)
        try:
            release = self.trust.check(got, self.release)
            cat = verify_bundle(data, etag, self.store.checked)
            if release == self.release and self.digest and cat.digest != self.digest:
                raise BundleRefused(f"release {release} again, with other content than the copy held here")
        except (BundleRefused, CatalogueUntrusted) as exc:
            log.error("catalogue from the hall server refused, keeping %s: %s", self.version, exc)
            return SyncResult(REFUSED, self.version, str(exc))
        if (etag and etag == self.etag) or cat.digest == self.digest:
            if release > self.release:          # the same content under a newer release: remember the number
                self._store(data, etag, cat.version, release)
                self.etag, self.release = etag, release
            return SyncResult(UNCHANGED, self.version)
        problem = self._store(data, etag, cat.version, release)
        if problem:
            return SyncResult(REFUSED, self.version, f"not stored: {problem}")
        log.info("catalogue %s (release %s) fetched and verified; it replaces %s when the kiosk is at rest",
                 cat.version, release, self.version)
        with self._pending_lock:
            self.etag, self.version, self.pending = etag, cat.version, cat
            self.release, self.digest = release, cat.digest
        return SyncResult(NEW, cat.version)

    def _store(self, data: bytes, etag: str | None, version: str, release: int) -> str | None:
        """Store a verified bundle; the problem if it could not be written, else None."""
        try:
            self.store.save(data, etag, version, release)
        except OSError as exc:
            log.error("catalogue %s could not be stored, keeping %s: %s", version, self.version, exc)
            return str(exc)
        return None

    def take_pending(self):
        """The verified new catalogue, once (the caller switches to it at a safe moment)."""
        with self._pending_lock:
            cat, self.pending = self.pending, None
        return cat

    # -- background ---------------------------------------------------------------------------------

    def start(self, interval_s: float) -> None:
        """Check now, then every `interval_s` seconds (0: only when asked), on a kiosk.background.Loop."""
        def step() -> float | None:
            self._check_and_report()
            return interval_s if interval_s > 0 else None
        self._loop = Loop("catalogue-sync", step, backoff=5.0, max_backoff=max(interval_s, 60.0),
                          on_error=self.on_problem).start()

    def check_now(self) -> None:
        """Staff pressed "check now": the worker checks at once (never on the caller's thread)."""
        if self._loop is not None and self._loop.running:
            self._loop.wake()
        else:
            run_task("catalogue-check", self._check_and_report, lambda _r: None,
                     lambda exc: self.on_problem and self.on_problem(describe(exc)))

    def stop(self) -> None:
        if self._loop is not None:
            self._loop.stop()

    def _check_and_report(self) -> None:
        """One check; listeners always hear of it: any unexpected error is reported as a refusal (the kiosk
        keeps its catalogue), then raised on to the Loop, which logs it and shows staff."""
        try:
            result = self.check()
        except Exception as exc:
            result = SyncResult(REFUSED, self.version, describe(exc))
            self.last = result
            self._tell(result)
            raise
        self._tell(result)

    def _tell(self, result: SyncResult) -> None:
        for listener in list(self.listeners):
            self.post(lambda listener=listener: listener(result))
