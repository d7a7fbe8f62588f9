"""The hall server's state: the database, the live catalogue release, the working-day calendar and the signing
key. The API (backend/api.py), the console and the command line all work on one Hall."""

import hmac
import threading
from contextlib import contextmanager

from sqlalchemy import func, select

from content import ContentInvalid, load_documents, read_bundle

from . import catalogue_versions, db
from .workdays import Calendar


class Hall:
    """Server state: the database, the live catalogue release, the working-day calendar and the signing key."""

    def __init__(self, db_url: str, staff_token: str | None = None, calendar: Calendar | None = None,
                 catalogue_dir: str | None = None, signing_key=None):
        self.engine = db.connect(db_url)
        self.staff_token = staff_token
        self.calendar = calendar or Calendar.seeded()
        self.signing_key = signing_key          # backend.signing.SigningKey; None: serve stored signatures only
        self.write_lock = threading.Lock()
        self.catalogue = self._active_catalogue(catalogue_dir)

    def _active_catalogue(self, catalogue_dir):
        with self.engine.connect() as conn:
            row = catalogue_versions.latest(conn)
            legacy = catalogue_versions.legacy_active(conn) if row is None and catalogue_dir is None else None
        if row is not None and catalogue_dir is None:
            self.release, self.bundle = row.number, row.bundle
            return load_documents(read_bundle(row.bundle))
        if legacy is not None:
            try:
                cat = load_documents(read_bundle(legacy))
            except ContentInvalid:
                pass            # not good by today's checks: start from the packaged catalogue below
            else:
                self.publish(legacy, cat, by="kiosk-hall (upgrade)", action="migrated")
                return cat
        from content import DATA_DIR, read_folder
        from content.texts import read_texts

        root = catalogue_dir or DATA_DIR
        docs = read_folder(root)
        cat = load_documents(docs)
        if row is not None and row.digest == cat.digest:     # the same content again: no new release
            self.release, self.bundle = row.number, row.bundle
            return cat
        self.publish(docs.to_bundle(), cat, sources=read_texts(root), by="kiosk-hall (first start)", action="start")
        return cat

    def publish(self, bundle: bytes, cat, sources: dict | None = None, by: str = "staff", action: str = "publish",
                rollback_of: int | None = None) -> int:
        """Make a checked catalogue the live release (backend/catalogue_versions.py); its number."""
        number = catalogue_versions.add(self, bundle, cat, sources, by, action, rollback_of)
        self.release, self.bundle, self.catalogue = number, bundle, cat
        return number

    def refresh(self) -> None:
        """Pick up a release that `kiosk-hall publish --db` (or another server process) added while this runs."""
        with self.engine.connect() as conn:
            number = conn.execute(select(func.max(db.catalogue_releases.c.number))).scalar()
            if number is None or number == self.release:
                return
            row = catalogue_versions.get(conn, number)
        try:
            cat = load_documents(read_bundle(row.bundle))
        except ContentInvalid:
            return      # publishing validates first; a damaged row never replaces a good catalogue
        self.release, self.bundle, self.catalogue = row.number, row.bundle, cat

    def is_staff_token(self, credential: str) -> bool:
        """The hall's HALL_STAFF_TOKEN (automation), compared in constant time; never true when none is set."""
        return bool(self.staff_token) and hmac.compare_digest(credential.encode("utf-8", "surrogateescape"),
                                                              self.staff_token.encode("utf-8", "surrogateescape"))

    @contextmanager
    def tx(self):
        # SQLite allows one writer: serialise writes here instead of failing with "database is locked".
        with self.write_lock, self.engine.begin() as conn:
            yield conn
