"""The kiosk's application core: one citizen journey over the catalogue, the devices and the outbox.

Screens call these methods and read `session`; nothing here imports Kivy. Work that may block (devices,
network, printing) runs on worker threads and reports back through `post`, which the App sets to
Clock.schedule_once so results reach widgets on the UI thread only.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import logging
import threading
from typing import Callable

from content.merge import notice as merge_notice
from content.search import ThemeIndex

from .config import Config
from .form import derive, prefill
from .heartbeat import DeviceReport
from .privacy import mask_id_number
from .session import Page, Session, wipe_leftovers
from .staff import StaffMode
from .usage import Usage
from .validation import Problem, check_form, normalize

log = logging.getLogger(__name__)


class KioskCore:
    def __init__(self, cfg: Config, catalogue, post: Callable[[Callable[[], None]], None] | None = None):
        self.cfg = cfg
        self.catalogue = catalogue
        self.post = post or (lambda fn: fn())
        self.index = ThemeIndex(catalogue)
        root = cfg.data_dir / "sessions"
        left = wipe_leftovers(root)
        if left:
            log.warning("wiped %d session folder(s) left by a crash", left)
        self.session = Session(root=root)
        self._ime = None
        self.session.on_wipe(self._reset_ime)    # nothing typed outlives the citizen
        self._outbox = self._client = self._sender = None   # made on first use: see `sender`
        self.delivery_listeners: list[Callable[[str, dict], None]] = []
        self.printer_url = cfg.get("devices", "printer")
        self.last_print_problem: str | None = None
        self.print_sink: Callable[[bytes], None] | None = None   # the tour's previews of each printout
        self._cards = None      # the devices open on first use, never before the first screen
        self._camera = None
        self.usage = Usage(cfg.data_dir / "usage.json")
        self.staff = StaffMode(self, cfg.get("staff", "pin_hash"))
        self.devices = DeviceReport()
        self._catalogue_sync = self._heartbeat = None         # made on first use, after the first frame

    # -- lifecycle ------------------------------------------------------------------------------------

    def start(self) -> None:
        self.sender.start()
        self.heartbeat.start()
        if not self.cfg.get("kiosk", "content_dir"):     # a fixed local folder is never replaced
            try:
                minutes = float(self.cfg.get("catalogue", "sync_minutes"))
            except ValueError:
                log.error("catalogue.sync_minutes is not a number: checking every 10 minutes")
                minutes = 10.0
            self.catalogue_sync.start(max(0.0, minutes) * 60)

    def _hall_has_catalogue(self, version: str) -> None:
        """The heartbeat's answer names the hall's catalogue: a new one is fetched now, not at the next poll."""
        if not self.cfg.get("kiosk", "content_dir") and version != self.catalogue_sync.version:
            self.catalogue_sync.check_now()

    def stop(self) -> None:
        for started in (self._catalogue_sync, self._sender, self._heartbeat):
            if started is not None:
                started.stop()
        if self._cards is not None:
            self._cards.close()
        if self._camera is not None:
            self._camera.stop()
        self.session.wipe()

    # The outbox (SQLite, encryption) and the hall client pull in sqlite_utils, cryptography and requests
    # (0.3 s): the App starts the sender after its first frame, and nothing else needs them before.
    @property
    def outbox(self):
        if self._outbox is None:
            from .delivery import open_outbox
            self._outbox = open_outbox(self.cfg)
        return self._outbox

    @property
    def client(self):
        if self._client is None:
            from .delivery import hall_client
            self._client = hall_client(self.cfg)
        return self._client

    @property
    def sender(self):
        if self._sender is None:
            from .sender import Sender
            self._sender = Sender(self.outbox, self.client, on_delivered=self._delivered)
        return self._sender

    @property
    def catalogue_sync(self):
        """Fetches newly published catalogues from the hall (kiosk.catalogue_sync), made on first use."""
        if self._catalogue_sync is None:
            from .catalogue_sync import CatalogueStore, CatalogueSync
            self._catalogue_sync = CatalogueSync(self.client, CatalogueStore(self.cfg.data_dir / "catalogue"),
                                                 f'"{self.catalogue.digest}"', self.catalogue.version,
                                                 post=self.post)
        return self._catalogue_sync

    @property
    def heartbeat(self):
        """Device health, outbox depth and catalogue version to the hall (kiosk.heartbeat), made on first use."""
        if self._heartbeat is None:
            from .heartbeat import Heartbeat
            self._heartbeat = Heartbeat(self.client, self.outbox, self.devices, lambda: self.catalogue.version,
                                        interval_s=float(self.cfg.get("kiosk", "heartbeat_s")),
                                        when_catalogue=self._hall_has_catalogue)
        return self._heartbeat

    def warm_up(self) -> None:
        """Load what the first screen does not need (the pinyin lexicon, about 2 s) on a worker thread, so
        start-up is not kept waiting for it and the first keyboard still opens without a pause."""
        def work():
            from . import capture, card_reader, printouts  # noqa: F401 - imported now, used on first need
            from .ime.lexicon import shared
            self.index.entries  # noqa: B018 - builds the search index (pypinyin)
            shared()
        threading.Thread(target=work, name="warm-up", daemon=True).start()

    @property
    def ime(self):
        """The pinyin keyboard's session (kiosk.ime.PinyinSession), made on first use."""
        if self._ime is None:
            from .ime import PinyinSession
            self._ime = PinyinSession(page_size=5)
        return self._ime

    def _reset_ime(self) -> None:
        if self._ime is not None:
            self._ime.reset()

    @property
    def camera(self):
        """The document camera (kiosk.capture.CaptureService, OpenCV), opened on first use."""
        if self._camera is None:
            from .capture import CaptureService
            self._camera = CaptureService(self.cfg.get("devices", "camera"), self.post, self.devices.note)
        return self._camera

    @property
    def has_card_reader_open(self) -> bool:
        return self._cards is not None

    @property
    def cards(self):
        """The ID card reader (kiosk.card_reader.CardReaderService), opened on first use (a missing reader
        fails loudly, when it is needed)."""
        if self._cards is None:
            from .card_reader import CardReaderService
            self._cards = CardReaderService(self.cfg.get("devices", "idcard"), self.post, self.devices.note)
        return self._cards

    def themes_by_use(self) -> list:
        """Enabled themes, most used at this kiosk first (counts only, nothing personal)."""
        counts = self.usage.counts()
        themes = self.catalogue.enabled_themes()
        return sorted(themes, key=lambda t: -counts.get(t.id, 0))

    # -- theme and situation ----------------------------------------------------------------------------

    @property
    def theme(self):
        return self.catalogue.themes[self.session.theme_id] if self.session.theme_id else None

    def begin(self, theme_id: str) -> None:
        """A citizen chose a theme: a fresh session for it (anything before is wiped)."""
        if self.session.has_personal_data:
            self.session.wipe()
        self.session.theme_id = self.catalogue.theme(theme_id).id
        self.usage.count(self.session.theme_id)

    def notice(self) -> dict:
        return merge_notice(self.catalogue, self.theme, self.session.answers)

    def answer(self, question_id: str, value: str) -> None:
        self.session.answers[question_id] = value
        self._drop_unused()

    def _drop_unused(self) -> None:
        """After an answer changes, forget form values and pages that no longer belong to the theme."""
        n = self.notice()
        keep_fields = {f["id"] for f in n["fields"]}
        keep_materials = {m["id"] for m in n["materials"]}
        for fid in [k for k in self.session.form if k not in keep_fields]:
            del self.session.form[fid]
        for mid in [k for k in self.session.pages if k not in keep_materials]:
            for page in self.session.pages.pop(mid):
                page.path.unlink(missing_ok=True)
        self.session.deferred &= keep_materials

    # -- identity and form ------------------------------------------------------------------------------

    def use_card(self, card: dict) -> list[str]:
        """The ID card read at `identify`: prefill the form; returns the field ids it filled."""
        self.session.card = dict(card)
        values = prefill(self.notice()["fields"], card)
        self.session.form.update(values)
        self.session.prefilled |= set(values)
        return list(values)

    def other_card_holders(self) -> list[str]:
        """People besides the applicant whose name and ID number the form asks for and whose own ID card could
        fill them (theme 5: the mother, when the father applied): typing an 18-digit number is the slowest
        and most error-prone step of the form."""
        holders = []
        for f in self.fields():
            h = f["holder"]
            if (f["source"] == "id_card" and f.get("id_card_attr") == "id_number" and h != "applicant"
                    and h not in holders and f["id"] not in self.session.prefilled):
                holders.append(h)
        return holders

    def use_card_for(self, holder: str, card: dict) -> tuple[list[str], str | None]:
        """A second person's card laid on the reader for `holder`: (field ids filled, None), or ([], why not).
        Only the fields the form asks for are kept from it, nothing else of that card."""
        if card.get("expired"):
            return [], "expired"
        if self.session.card and card.get("id_number") == self.session.card.get("id_number"):
            return [], "same_card"
        wanted_sex = {"father": "男", "mother": "女"}.get(holder)
        if wanted_sex and card.get("sex") and card["sex"] != wanted_sex:
            return [], "wrong_person"
        values = prefill(self.fields(), card, holders={holder})
        self.session.form.update(values)
        self.session.prefilled |= set(values)
        return list(values), None

    def role_label(self, holder: str, lang: str = "zh_CN") -> str:
        role = self.catalogue.roles.get(holder)
        if role is None:
            return holder
        return (role.label_en or role.label) if lang == "en" else role.label

    def card_summary(self) -> dict | None:
        c = self.session.card
        if not c:
            return None
        return {"name": c.get("name"), "id_number": mask_id_number(c.get("id_number")),
                "expired": c.get("expired", False)}

    def fields(self) -> list[dict]:
        return self.notice()["fields"]

    def form_values(self) -> dict[str, str]:
        values = dict(self.session.form)
        values.update(derive(self.fields(), values, self.catalogue.theme_location(self.theme).name))
        return values

    def set_value(self, field_id: str, value: str) -> None:
        field = next((f for f in self.fields() if f["id"] == field_id), None)
        self.session.form[field_id] = normalize(field, value) if field else value.strip()
        self.session.prefilled.discard(field_id)

    def problems(self) -> list[Problem]:
        return check_form(self.fields(), self.form_values())

    # -- materials ---------------------------------------------------------------------------------------

    def materials_to_capture(self) -> list[dict]:
        return [m for m in self.notice()["materials"] if m["provide"] and m["capture"] != "none"]

    def add_page(self, material_id: str, jpeg: bytes) -> Page:
        pages = self.session.pages.setdefault(material_id, [])
        page_id = f"p{sum(len(v) for v in self.session.pages.values()) + 1:03d}"
        path = self.session.folder / f"{page_id}.jpg"
        path.write_bytes(jpeg)
        page = Page(page_id, material_id, path, hashlib.sha256(jpeg).hexdigest(), len(jpeg))
        pages.append(page)
        self.session.deferred.discard(material_id)
        return page

    def remove_pages(self, material_id: str) -> None:
        for page in self.session.pages.pop(material_id, []):
            page.path.unlink(missing_ok=True)

    def defer(self, material_id: str) -> None:
        """容缺: a non-key document the citizen will bring later. Key documents cannot be deferred."""
        item = next(m for m in self.notice()["materials"] if m["id"] == material_id)
        if item["key"]:
            raise ValueError(f"{material_id} is a key material and cannot follow later")
        self.remove_pages(material_id)
        self.session.deferred.add(material_id)

    def missing_key_materials(self) -> list[dict]:
        return [m for m in self.materials_to_capture() if m["key"] and not self.session.pages.get(m["id"])]

    # -- submission ----------------------------------------------------------------------------------------

    def application(self) -> tuple[dict, list[dict]]:
        n = self.notice()
        pages, materials = [], []
        for m in n["materials"]:
            if not m["provide"]:
                continue
            got = self.session.pages.get(m["id"], [])
            materials.append({"id": m["id"], "provided": bool(got), "pages": [p.page_id for p in got]})
            for p in got:
                pages.append({"page_id": p.page_id, "sha256": p.sha256, "material": m["id"],
                              "data": p.path.read_bytes()})
        form = {k: v for k, v in self.form_values().items() if v}
        body = {"theme": self.theme.id, "catalogue_version": self.catalogue.version,
                "answers": dict(self.session.answers), "form": form, "materials": materials,
                "pages": [{k: p[k] for k in ("page_id", "sha256", "material")} | {"size": len(p["data"])}
                          for p in pages]}
        return body, pages

    def submit(self) -> str:
        """Commit to the outbox (durable, encrypted) and wake the sender; returns the provisional ref."""
        if not self.session.consent:
            raise ValueError("consent is required before submitting")
        body, pages = self.application()
        item = self.outbox.add(body["theme"], body, pages, idempotency_key=self.session.id)   # may raise OutboxFull
        self.session.outbox_ref = item.local_ref
        self.sender.wake()
        return item.local_ref

    def _delivered(self, item, result: dict) -> None:
        for listener in list(self.delivery_listeners):
            self.post(lambda listener=listener: listener(item.local_ref, result))

    # -- printing and lookups -----------------------------------------------------------------------------

    def status_url(self, result: dict) -> str:
        return self.cfg.get("kiosk", "status_url").format(receipt=result["receipt"], code=result.get("lookup_code", ""))

    def print_async(self, doc, done: Callable[[bool, str | None], None]) -> None:
        """Print on a worker thread; `done(ok, problem)` comes back on the UI thread."""
        from devices.printer import PrinterError, open_printer

        def work():
            problem = None
            try:
                printer = open_printer(self.printer_url)
                try:
                    data = printer.print_document(doc)
                finally:
                    printer.close()
                if self.print_sink is not None:
                    self.post(lambda: self.print_sink(data))
            except PrinterError as exc:
                problem = str(exc)
            self.devices.note("printer", "failed" if problem else "ready", problem or "printed")
            self.last_print_problem = problem
            self.post(lambda: done(problem is None, problem))
        threading.Thread(target=work, name="print", daemon=True).start()

    def notice_document(self):
        from . import printouts
        return printouts.notice_checklist(self.notice())

    def ticket_document(self, result: dict):
        from . import printouts
        theme = self.theme
        loc = self.catalogue.theme_location(theme)
        return printouts.ticket(theme.name, result["ticket"], loc.window, loc.name, dt.datetime.now(),
                                self.status_url(result) if result.get("receipt") else None)

    def receipt_document(self, result: dict):
        from . import printouts
        name = (self.session.card or {}).get("name")
        return printouts.receipt(self.theme.name, result, name, self.status_url(result))

    def provisional_document(self):
        from . import printouts
        loc = self.catalogue.theme_location(self.theme)
        return printouts.provisional_receipt(self.theme.name, self.session.outbox_ref, loc.window, loc.name,
                                             dt.datetime.now())

    def lookup_async(self, receipt: str, code: str, done: Callable[[dict | None, str | None], None]) -> None:
        from .hall_client import HallError

        def work():
            try:
                result, problem = self.client.status(receipt, code), None
            except HallError as exc:
                result, problem = None, str(exc)
            self.post(lambda: done(result, problem))
        threading.Thread(target=work, name="status-lookup", daemon=True).start()

    def switch_to_pending_catalogue(self) -> bool:
        """At a safe moment (attract, no session) use a newly verified catalogue; True if it switched."""
        if self.session.theme_id or self.session.has_personal_data or self.catalogue_sync.pending is None:
            return False
        cat = self.catalogue_sync.take_pending()
        if cat is None:
            return False
        log.info("catalogue switched from %s to %s", self.catalogue.version, cat.version)
        self.catalogue, self.index = cat, ThemeIndex(cat)
        return True

    # -- end ---------------------------------------------------------------------------------------------

    def end(self) -> None:
        """Done, cancel or timeout: wipe everything personal."""
        self.session.wipe()
