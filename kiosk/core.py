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
from functools import cached_property
from typing import Callable

from content.merge import notice as merge_notice
from content.search import ThemeIndex

from .config import Config, ConfigError
from .form import derive, other_holders, prefill
from .heartbeat import DeviceReport
from .i18n import _
from .privacy import mask_id_number
from .session import Page, Session, wipe_leftovers
from .staff import StaffMode
from .usage import Usage
from .validation import Problem, check_form, normalize

log = logging.getLogger(__name__)


def check_location(cfg: Config, catalogue) -> None:
    """`[kiosk] location` names a place of the catalogue, or ConfigError naming the setting (at start)."""
    here = cfg.get("kiosk", "location")
    if here and here not in catalogue.locations:
        raise ConfigError(f"kiosk.location {here!r} is not a location of the catalogue "
                          f"(one of: {', '.join(catalogue.locations)})")


class KioskCore:
    def __init__(self, cfg: Config, catalogue, post: Callable[[Callable[[], None]], None] | None = None):
        self.cfg = cfg
        self.catalogue = catalogue
        self.post = post or (lambda fn: fn())
        self.index = ThemeIndex(catalogue)
        check_location(cfg, catalogue)
        root = cfg.data_dir / "sessions"
        left = wipe_leftovers(root)
        if left:
            log.warning("wiped %d session folder(s) left by a crash", left)
        self.session = Session(root=root)
        self.session.on_wipe(self._reset_ime)    # nothing typed outlives the citizen
        self.delivery_listeners: list[Callable[[str, dict], None]] = []
        # Told of every catalogue check on the UI thread; kept here so the UI can subscribe before the first
        # frame without making the sync (and the hall client's requests/sqlite imports) that early.
        self.catalogue_listeners: list[Callable] = []
        self.printer_url = cfg.get("devices", "printer")
        self.last_print_problem: str | None = None
        self.print_sink: Callable[[bytes], None] | None = None   # the tour's previews of each printout
        self.usage = Usage(cfg.data_dir / "usage.json")
        self.staff = StaffMode(self, cfg.get("staff", "pin_hash"))
        self.devices = DeviceReport()
        # outbox, client, sender, catalogue_sync, heartbeat, ime, camera and cards are cached properties:
        # made on first use, after the first frame (devices open when the journey needs them).

    # -- lifecycle ------------------------------------------------------------------------------------

    def start(self) -> None:
        self.sender.start()
        self.heartbeat.start()
        self.qr.start()
        if not self.cfg.get("kiosk", "content_dir"):     # a fixed local folder is never replaced
            try:
                minutes = float(self.cfg.get("catalogue", "sync_minutes"))
            except ValueError:
                log.error("catalogue.sync_minutes is not a number: checking every 10 minutes")
                minutes = 10.0
            self.catalogue_sync.start(max(0.0, minutes) * 60)

    def _note_catalogue(self, result) -> None:
        """A refused catalogue shows in the heartbeat (as the `catalogue` entry beside the devices), so the
        hall's `kiosk-hall kiosks` lists the kiosk and the reason; the next good check clears it."""
        if result.outcome == "refused":
            self.devices.note("catalogue", "degraded", f"refused, keeping {result.version}: {result.reason}")
        elif result.outcome in ("new", "unchanged"):
            self.devices.note("catalogue", "ok", f"release {self.catalogue_sync.release}")

    def _hall_has_catalogue(self, version: str) -> None:
        """The heartbeat's answer names the hall's catalogue: a new one is fetched now, not at the next poll."""
        if not self.cfg.get("kiosk", "content_dir") and version != self.catalogue_sync.version:
            self.catalogue_sync.check_now()

    def stop(self) -> None:
        for name in ("catalogue_sync", "sender", "heartbeat", "camera", "qr"):
            if self._made(name):
                getattr(self, name).stop()
        if self._made("cards"):
            self.cards.close()
        self.session.wipe()

    def _made(self, name: str) -> bool:
        """Whether the cached property `name` has been made (stop() must not make what never started)."""
        return name in self.__dict__

    # The outbox (SQLite, encryption) and the hall client pull in sqlite_utils, cryptography and requests
    # (0.3 s): the App starts the sender after its first frame, and nothing else needs them before.
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
        return Sender(self.outbox, self.client, on_delivered=self._delivered)

    @cached_property
    def catalogue_sync(self):
        """Fetches newly published catalogues from the hall (kiosk.catalogue_sync)."""
        from .catalogue_sync import CatalogueStore, CatalogueSync
        from .catalogue_trust import CatalogueTrust
        sync = CatalogueSync(self.client, CatalogueStore(self.cfg.data_dir / "catalogue"),
                             f'"{self.catalogue.digest}"', self.catalogue.version, post=self.post,
                             trust=CatalogueTrust.from_config(self.cfg), digest=self.catalogue.digest)
        sync.listeners = self.catalogue_listeners
        self.catalogue_listeners.append(self._note_catalogue)
        return sync

    @cached_property
    def heartbeat(self):
        """Device health, outbox depth and catalogue version to the hall (kiosk.heartbeat)."""
        from .heartbeat import Heartbeat
        return Heartbeat(self.client, self.outbox, self.devices, lambda: self.catalogue.version,
                         interval_s=float(self.cfg.get("kiosk", "heartbeat_s")),
                         when_catalogue=self._hall_has_catalogue)

    def warm_up(self) -> None:
        """Load what the first screen does not need (the pinyin lexicon, about 2 s) on a worker thread, so
        start-up is not kept waiting for it and the first keyboard still opens without a pause."""
        def work():
            from . import capture, card_reader, printouts  # noqa: F401 - imported now, used on first need
            from .ime.lexicon import shared
            self.index.entries  # noqa: B018 - builds the search index (pypinyin)
            shared()
        threading.Thread(target=work, name="warm-up", daemon=True).start()

    @cached_property
    def ime(self):
        """The pinyin keyboard's session (kiosk.ime.PinyinSession)."""
        from .ime import PinyinSession
        return PinyinSession(page_size=5)

    def _reset_ime(self) -> None:
        if self._made("ime"):
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
        return self._made("qr")

    @property
    def has_card_reader_open(self) -> bool:
        return self._made("cards")

    @cached_property
    def cards(self):
        """The ID card reader (kiosk.card_reader.CardReaderService); a missing reader fails loudly, when needed."""
        from .card_reader import CardReaderService
        return CardReaderService(self.cfg.get("devices", "idcard"), self.post, self.devices.note)

    def themes_by_use(self) -> list:
        """Enabled themes, most used at this kiosk first (counts only, nothing personal)."""
        counts = self.usage.counts()
        themes = self.catalogue.enabled_themes()
        return sorted(themes, key=lambda t: -counts.get(t.id, 0))

    def intake_problem(self) -> str | None:
        """Why this kiosk could not save an application now (key, outbox or disk full), or None: checked
        before a citizen starts, so nobody spends ten minutes on a journey that cannot be saved."""
        try:
            return self.outbox.intake_problem()
        except Exception as exc:        # a broken outbox is exactly a reason not to start
            log.error("outbox check failed: %s", type(exc).__name__)
            return f"outbox not usable: {type(exc).__name__}"

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

    @property
    def here(self) -> str | None:
        """Where this kiosk stands (`[kiosk] location`); checked against the catalogue in __init__."""
        return self.cfg.get("kiosk", "location") or None

    def where(self, theme) -> tuple:
        """(the location a citizen at this kiosk goes to for `theme`, whether it is taken here)."""
        return self.catalogue.where(theme, self.here)

    @staticmethod
    def elsewhere_text(notice: dict) -> str:
        """Where to go — place, address, window, hours — when this kiosk's place cannot take the theme
        (a town's 党群服务中心 and a theme needing the traffic police branch); "" when it can."""
        loc = notice["location"]
        if loc.get("taken_here", True):
            return ""
        return "\n".join(filter(None, [
            _("本点不能办理这件事。"), loc.get("why_not_here") or "",
            _("请到：{place}").format(place=loc["name"]),
            _("地址：{address}").format(address=loc.get("address") or loc["name"]),
            _("窗口：{window}").format(window=loc["window"]),
            _("办公时间：{hours}").format(hours=loc.get("hours") or _("以现场公布的时间为准")),
            _("可以先打印告知单，带齐材料再去。")]))

    def notice(self) -> dict:
        return merge_notice(self.catalogue, self.theme, self.session.answers, here=self.here)

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
        agents = {r.agent for r in self.catalogue.roles.values() if r.agent}
        values = prefill(self.notice()["fields"], card, agents=agents)
        self.session.form.update(values)
        self.session.prefilled |= set(values)
        return list(values)

    def other_card_holders(self) -> list[str]:
        """People besides the applicant whose own card could fill their name and ID number: typing an
        18-digit number is the slowest and most error-prone step of the form."""
        return other_holders(self.fields(), self.session.prefilled)

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
        values.update(derive(self.fields(), values, self.where(self.theme)[0].name))
        return values

    def set_value(self, field_id: str, value: str) -> None:
        field = next((f for f in self.fields() if f["id"] == field_id), None)
        self.session.form[field_id] = normalize(field, value) if field else value.strip()
        self.session.prefilled.discard(field_id)
        self.session.from_licence.discard(field_id)

    def problems(self) -> list[Problem]:
        return check_form(self.fields(), self.form_values())

    # -- materials ---------------------------------------------------------------------------------------

    def path_claim(self) -> tuple[int, int]:
        """(documents, how many fewer than applying for each matter on its own) on the citizen's own path."""
        c = self.notice()["counts"]
        return c["materials_merged"], c["materials_separate"] - c["materials_merged"]

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
        if self.here:
            body["location"] = self.here       # a town kiosk's application is queued at its own window
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
        loc, _here = self.where(theme)
        return printouts.ticket(theme.name, result["ticket"], loc.window, loc.name, dt.datetime.now(),
                                self.status_url(result) if result.get("receipt") else None, result.get("wait"))

    def receipt_document(self, result: dict):
        from . import printouts
        name = (self.session.card or {}).get("name")
        return printouts.receipt(self.theme.name, result, name, self.status_url(result))

    def provisional_document(self):
        from . import printouts
        loc, _here = self.where(self.theme)
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
