"""The kiosk's application core: the roles a running kiosk is made of, put together.

- `journey` (kiosk/citizen.py): the citizen's session over the catalogue: theme, answers, form, pages,
  submission. No devices, no network.
- `services` (kiosk/services.py): devices, the outbox and its sender, the hall client, catalogue sync,
  heartbeat, status lookups.
- `printing` (kiosk/printing.py): the printouts and the one way they reach the printer.
- `staff` (kiosk/staff.py): staff mode, over the services and printing it needs.
- `voice` (kiosk/speech/choice.py): the spoken language the citizen chose (普通话, 客家话), reset with the session.

Screens talk to these roles; nothing here imports Kivy. Work that may block runs through kiosk.background
and reports back through `post`, which the App sets to Clock.schedule_once so results reach widgets on
the UI thread only. The core itself only starts and stops everything, ends a citizen's session and
switches catalogues at a safe moment (it is the one place that sees both the journey and the sync).
"""
from __future__ import annotations

import logging
from typing import Callable

from .citizen import Journey
from .config import Config, ConfigError
from .printing import Printing
from .services import Services
from .session import Session, wipe_leftovers
from .speech.choice import VoiceChoice
from .staff import StaffMode
from .usage import Usage

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
        self.post = post or (lambda fn: fn())
        check_location(cfg, catalogue)
        root = cfg.data_dir / "sessions"
        left = wipe_leftovers(root)
        if left:
            log.warning("wiped %d session folder(s) left by a crash", left)
        session = Session(root=root)
        self.services = Services(cfg, self.post, lambda: self.journey.catalogue)
        self.journey = Journey(catalogue, session, Usage(cfg.data_dir / "usage.json"),
                               cfg.get("kiosk", "status_url"), self.services.queue,
                               here=cfg.get("kiosk", "location") or None)
        session.on_wipe(self.services.reset_ime)    # nothing typed outlives the citizen
        self.voice = VoiceChoice(cfg.get("speech", "voices"))     # 普通话 / 客家话 for this citizen
        session.on_wipe(self.voice.reset)           # the next citizen starts in the hall's first voice
        self.printing = Printing(cfg.get("devices", "printer"), self.journey, self.services.devices, self.post)
        self.staff = StaffMode(self.services, self.printing, self.end, cfg.get("staff", "pin_hash"))

    # What every screen reads: the citizen's session and the catalogue in use.
    @property
    def session(self) -> Session:
        return self.journey.session

    @property
    def catalogue(self):
        return self.journey.catalogue

    def start(self) -> None:
        self.services.start()

    def stop(self) -> None:
        self.services.stop()
        self.session.wipe()

    def end(self) -> None:
        """Done, cancel or timeout: wipe everything personal."""
        self.session.wipe()

    def switch_to_pending_catalogue(self) -> bool:
        """At a safe moment (attract, no session) use a newly verified catalogue; True if it switched."""
        if self.session.theme_id or self.session.has_personal_data:
            return False
        sync = self.services.catalogue_sync
        if sync.pending is None:
            return False
        cat = sync.take_pending()
        if cat is None:
            return False
        log.info("catalogue switched from %s to %s", self.catalogue.version, cat.version)
        self.journey.use_catalogue(cat)
        return True
