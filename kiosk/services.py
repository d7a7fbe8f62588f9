"""The kiosk's services: devices, the outbox and its sender, the hall client, catalogue sync, heartbeat.

One role of the kiosk core (kiosk/core.py): everything that talks to hardware or the network, made on
first use (after the first frame: the outbox and hall client pull in sqlite_utils, cryptography and
requests, 0.3 s) and stopped together. Staff mode and the screens reach devices and the hall through
here; every background task runs through kiosk.background and reports back through `post`.
"""
from __future__ import annotations

import logging
import threading
from functools import cached_property
from typing import Callable

from .background import Post, describe, run_task
from .config import Config
from .heartbeat import DeviceReport

log = logging.getLogger(__name__)


class Services:
    def __init__(self, cfg: Config, post: Post, catalogue: Callable[[], object]):
        self.cfg = cfg
        self.post = post
        self._catalogue = catalogue        # the catalogue in use (the journey's), read when needed
        self.devices = DeviceReport()
        self.delivery_listeners: list[Callable[[str, dict], None]] = []
        # Told of every catalogue check on the UI thread; kept here so the UI can subscribe before the first
        # frame without making the sync (and the hall client's requests/sqlite imports) that early.
        self.catalogue_listeners: list[Callable] = []
        self.problems: dict[str, str] = {}      # worker -> its last unexpected error (the staff page)

    @property
    def syncs_catalogue(self) -> bool:
        return not self.cfg.get("kiosk", "content_dir")     # a fixed local folder is never replaced

    def start(self) -> None:
        self.sender.start()
        self.heartbeat.start()
        self.qr.start()
        if self.syncs_catalogue:
            self.catalogue_sync.start(self.cfg.get("catalogue", "sync_minutes") * 60)

    def stop(self) -> None:
        for name in ("catalogue_sync", "sender", "heartbeat", "camera", "qr"):
            if self.made(name):
                getattr(self, name).stop()
        if self.made("cards"):
            self.cards.close()

    def made(self, name: str) -> bool:
        """Whether the cached property `name` has been made (stop() must not make what never started)."""
        return name in self.__dict__

    def _problem(self, worker: str) -> Callable[[str], None]:
        def note(message: str) -> None:
            self.problems[worker] = message
        return note

    @cached_property
    def outbox(self):
        from .delivery import open_outbox
        return open_outbox(self.cfg)

    @cached_property
    def client(self):
        from .delivery import hall_client
        return hall_client(self.cfg)

    @cached_property
    def sender(self):
        from .sender import Sender
        return Sender(self.outbox, self.client, on_delivered=self._delivered,
                      on_problem=lambda item, message: self._problem("sender")(message))

    @cached_property
    def catalogue_sync(self):
        """Fetches newly published catalogues from the hall (kiosk.catalogue_sync)."""
        from .catalogue_sync import CatalogueStore, CatalogueSync
        from .catalogue_trust import CatalogueTrust
        cat = self._catalogue()
        sync = CatalogueSync(self.client, CatalogueStore(self.cfg.data_dir / "catalogue"),
                             f'"{cat.digest}"', cat.version, post=self.post,
                             trust=CatalogueTrust.from_config(self.cfg), digest=cat.digest,
                             on_problem=self._problem("catalogue"))
        sync.listeners = self.catalogue_listeners
        self.catalogue_listeners.append(self._note_catalogue)
        return sync

    def _note_catalogue(self, result) -> None:
        """A refused catalogue shows in the heartbeat (as the `catalogue` entry beside the devices), so the
        hall's `kiosk-hall kiosks` lists the kiosk and the reason; the next good check clears it."""
        if result.outcome == "refused":
            self.devices.note("catalogue", "degraded", f"refused, keeping {result.version}: {result.reason}")
        elif result.outcome in ("new", "unchanged"):
            self.devices.note("catalogue", "ok", f"release {self.catalogue_sync.release}")

    @cached_property
    def heartbeat(self):
        """Device health, outbox depth and catalogue version to the hall (kiosk.heartbeat)."""
        from .heartbeat import Heartbeat
        return Heartbeat(self.client, self.outbox, self.devices, lambda: self._catalogue().version,
                         interval_s=self.cfg.get("kiosk", "heartbeat_s"),
                         when_catalogue=self._hall_has_catalogue, on_problem=self._problem("heartbeat"))

    def _hall_has_catalogue(self, version: str) -> None:
        """The heartbeat's answer names the hall's catalogue: a new one is fetched now, not at the next poll."""
        if self.syncs_catalogue and version != self.catalogue_sync.version:
            self.catalogue_sync.check_now()

    def queue(self, theme: str, body: dict, pages: list, idempotency_key: str) -> str:
        """Commit an application to the outbox (may raise OutboxFull) and wake the sender."""
        item = self.outbox.add(theme, body, pages, idempotency_key=idempotency_key)
        self.sender.wake()
        return item.local_ref

    def _delivered(self, item, result: dict) -> None:
        for listener in list(self.delivery_listeners):
            self.post(lambda listener=listener: listener(item.local_ref, result))

    def lookup_async(self, receipt: str, code: str, done: Callable[[dict | None, str | None], None]) -> None:
        """A receipt's progress from the hall; `done(result, None)` or `done(None, problem)`, exactly once."""
        from .hall_client import HallError

        def failed(exc: BaseException) -> None:
            done(None, describe(exc) if isinstance(exc, HallError) else f"lookup error: {describe(exc)}")

        run_task("status-lookup", lambda: self.client.status(receipt, code), lambda r: done(r, None), failed,
                 self.post, expected=(HallError,))

    def warm_up(self, index) -> None:
        """Load what the first screen does not need (the pinyin lexicon, about 2 s) on a worker thread, so
        start-up is not kept waiting for it and the first keyboard still opens without a pause."""
        def work():
            from . import capture, card_reader, printouts  # noqa: F401 - imported now, used on first need
            from .ime.lexicon import shared
            index.entries  # noqa: B018 - builds the search index (pypinyin)
            shared()
        threading.Thread(target=work, name="warm-up", daemon=True).start()

    @cached_property
    def ime(self):
        """The pinyin keyboard's session (kiosk.ime.PinyinSession)."""
        from .ime import PinyinSession
        return PinyinSession(page_size=5)

    def reset_ime(self) -> None:
        if self.made("ime"):
            self.ime.reset()

    @cached_property
    def camera(self):
        """The document camera (kiosk.capture.CaptureService, OpenCV)."""
        from .capture import CaptureService
        return CaptureService(self.cfg.get("devices", "camera"), self.post, self.devices.note)

    @cached_property
    def qr(self):
        """The QR scanner (kiosk.qr_service.QrScanService): scans go to the screen showing."""
        from .qr_service import QrScanService
        return QrScanService(self.cfg.get("devices", "qr"), self.cfg.get("devices", "camera"), self.post,
                             self.devices.note)

    @property
    def has_qr_open(self) -> bool:
        return self.made("qr")

    def intake_problem(self) -> str | None:
        """Why this kiosk could not save an application now (key, outbox or disk full), or None: checked
        before a citizen starts, so nobody spends ten minutes on a journey that cannot be saved."""
        try:
            return self.outbox.intake_problem()
        except Exception as exc:        # a broken outbox is exactly a reason not to start
            log.error("outbox check failed: %s", type(exc).__name__)
            return f"outbox not usable: {type(exc).__name__}"

    @property
    def has_card_reader_open(self) -> bool:
        return self.made("cards")

    @cached_property
    def cards(self):
        """The ID card reader (kiosk.card_reader.CardReaderService); a missing reader fails loudly, when needed."""
        from .card_reader import CardReaderService
        return CardReaderService(self.cfg.get("devices", "idcard"), self.post, self.devices.note)
