"""KioskApp: the Kivy App. Chrome, navigation, elder mode, language, speech and the inactivity timer;
everything the citizen's journey knows lives in kiosk.core.KioskCore."""
from __future__ import annotations

from kiosk.i18n import _

import logging
import time

from kivy.app import App
from kivy.clock import Clock
from kivy.core.window import Window
from kivy.properties import BooleanProperty, ListProperty, NumericProperty, ObjectProperty, StringProperty

from kiosk import i18n, journey
from kiosk.core import KioskCore
from kiosk.inactivity import EXPIRED, WARNING, Inactivity

from . import style
from .registry import SCREENS, screen_class, screen_for_step
from .shell import Shell, TimeoutWarning, ConfirmLeave

log = logging.getLogger(__name__)


class KioskApp(App):
    title = "梅县区一件事自助服务"
    lang = StringProperty("zh_CN")
    scale = NumericProperty(1.0)
    elder = BooleanProperty(False)
    chrome = BooleanProperty(False)
    can_back = BooleanProperty(False)
    step = StringProperty("attract")
    speaking = BooleanProperty(False)
    voice = StringProperty("cmn")         # the spoken language chosen (kiosk.speech.choice keeps it)
    voices = ListProperty([])             # [speech] voices: the toggle shows when there are two
    core = ObjectProperty(None)

    def __init__(self, cfg, catalogue, simulate=False, smoke=False, screenshot=None, script=None,
                 after_first_frame=(), **kw):
        super().__init__(**kw)
        self.cfg, self.catalogue = cfg, catalogue
        self.simulate, self.smoke, self.screenshot_path, self.script = simulate, smoke, screenshot, script
        self.exit_code = 0
        self.inactivity = Inactivity()
        self._warning: TimeoutWarning | None = None
        self.speech = None
        self.lang = cfg.get("display", "language")
        self.crashes: list[str] = []
        self.after_first_frame = list(after_first_frame)   # e.g. the simulation's local hall server

    # -- building ---------------------------------------------------------------------------------------

    def build(self):
        from kivy.base import ExceptionManager
        ExceptionManager.add_handler(_Recover(self))
        Window.clearcolor = style.BACKGROUND
        self.core = KioskCore(self.cfg, self.catalogue, post=lambda fn: Clock.schedule_once(lambda _dt: fn(), 0))
        self.core.session.on_wipe(self._on_wipe)
        self.voices, self.voice = list(self.core.voice.offered), self.core.voice.current
        shell = Shell()
        self.sm = shell.ids.sm
        self._screen("attract")    # the rest after the first frame (_first_frame), or when first shown
        Window.bind(on_touch_down=self._touched)
        from . import staff
        staff.install(self)     # the hidden staff entry, and catalogue updates switched in at rest
        Clock.schedule_interval(self._tick, 0.5)
        i18n.set_language(self.lang)
        return shell

    def on_start(self):
        self.go("attract")
        Window.bind(on_flip=self._first_frame)
        if self.script is not None:
            Clock.schedule_once(lambda _dt: self.script.start(self), 0.2)

    def _first_frame(self, *_args):
        """The attract screen is drawn and takes touches: only now build the other screens (home first, one
        per frame; a touch before then builds home at once) and load what they need (Services.warm_up).
        With --smoke, say so on stdout, then go home as a first touch would, say when home is drawn, and exit:
        the start-up benchmark times both lines."""
        Window.unbind(on_flip=self._first_frame)
        if self.smoke:   # it only draws attract and home, then exits: nothing later screens need
            print("kiosk: first interactive frame", flush=True)
            Window.bind(on_flip=self._home_drawn)
            Clock.schedule_once(lambda _dt: self.go("home"), 0)
            return
        for fn in self.after_first_frame:
            fn()
        self.core.start()      # the sender: opens the outbox (sqlite_utils, cryptography)
        self.core.services.warm_up(self.core.journey.index)
        for i, name in enumerate(n for n in SCREENS if not self.sm.has_screen(n)):   # one per frame
            Clock.schedule_once(lambda _dt, name=name: self._screen(name), 0.05 * (i + 1))

    def _home_drawn(self, *_args):
        if self.step != "home":
            return
        Window.unbind(on_flip=self._home_drawn)
        print("kiosk: home drawn", flush=True)
        Clock.schedule_once(self._finish_smoke, 1.0)     # the screenshot after the transition has settled

    def _screen(self, name: str):
        """The screen of this name, built on first need."""
        if not self.sm.has_screen(name):
            self.sm.add_widget(screen_class(name)(name=name))
        return self.sm.get_screen(name)

    def _finish_smoke(self, _dt, waited: float = 0.0, last: list | None = None):
        """The screenshot once home has settled: every label drawn, and the same layout twice 0.25 s apart
        (on a loaded machine the first layout passes come frames late; 60 s at most, then as it is)."""
        if self.screenshot_path:
            from .app import labels_drawn, save_screenshot, visible_labels
            now = visible_labels(self.root)
            if waited < 60 and (now != last or not labels_drawn(Window)):
                Clock.schedule_once(lambda dt: self._finish_smoke(dt, waited + 0.25, now), 0.25)
                return
            save_screenshot(Window, self.root, self.screenshot_path)
        self.stop()

    def shutdown(self) -> None:
        if self.core is not None:
            self.core.stop()

    # -- language, elder mode, speech -----------------------------------------------------------------

    def t(self, text: str, lang: str | None = None) -> str:
        """Translate a source (Simplified Chinese) string; kv passes `app.lang` so text follows switches."""
        return i18n._(text)

    def toggle_language(self) -> None:
        # The catalogue switches first: setting `lang` re-evaluates every kv text at once.
        self.lang = i18n.toggle_language()

    def toggle_elder(self) -> None:
        self.elder = not self.elder
        self.scale = style.ELDER_SCALE if self.elder else 1.0
        self.inactivity.elder = self.elder

    def choose_voice(self, voice: str) -> None:
        """普通话 / 客家话 for the rest of the session; a reading under way starts again in the new voice."""
        self.core.voice.choose(voice)
        self.voice = self.core.voice.current
        if self.speaking and self.speech:
            self.speech.stop()
            self.speaking = False
            self.read_aloud()

    def read_aloud(self) -> None:
        """Read the current screen aloud (title, body, then the buttons) in the chosen voice; a second tap stops."""
        from kiosk import speech

        if self.speaking and self.speech:
            self.speech.stop()
            self.speaking = False
            return
        from .app import visible_labels

        items = [("button" if lb["button"] else "title" if lb["role"] == "title" else "body", lb["text"])
                 for lb in visible_labels(self.sm.current_screen)]
        try:
            utterance = self.core.voice.prepare(speech.read_screen(items, self.lang))
        except ValueError:
            log.info("nothing on screen %s to read aloud", self.sm.current)
            return
        try:
            if self.speech is None:
                self.speech = speech.open_narrator(speech.SpeechSettings.from_config(self.cfg))
            self.speech.speak(utterance)
            self.speaking = True
        except speech.SpeechUnavailable as exc:
            log.warning("speech unavailable: %s", exc)

    def _speech_tick(self) -> None:
        if self.speaking and self.speech is not None and not self.speech.speaking:
            self.speaking = False

    # -- navigation -----------------------------------------------------------------------------------

    def go(self, step: str) -> None:
        """Show the screen for a journey step ('home', 'notice', 'question:kind', …)."""
        self.step = step
        name = screen_for_step(step)
        self.chrome = name != "attract"
        self.inactivity.enabled = name not in ("attract", "home")
        self.inactivity.touch(time.monotonic())
        theme = self.core.journey.theme
        self.can_back = name not in ("attract", "home", "done", "submitting") and (
            theme is None or name == "lookup" or journey.previous_step(theme, step) is not None or name == "notice")
        screen = self._screen(name)
        screen.step = step
        if self.core.services.has_qr_open:      # made after the first frame (core.start); scans go to the screen showing
            self.core.services.qr.set_handler(getattr(screen, "on_qr_scan", None))
        if name == "attract" and self.sm.current != "attract":   # a citizen has gone: free what they used
            Clock.schedule_once(self._release_memory, 0.5)
        if self.sm.current == name:
            screen.on_activate()
        else:
            self.sm.current = name

    def next(self) -> None:
        self.go(journey.next_step(self.core.journey.theme, self.step))

    def back(self) -> None:
        theme = self.core.journey.theme
        prev = journey.previous_step(theme, self.step) if theme and self.step != "lookup" else None
        self.go(prev or "home")

    def home(self, confirmed: bool = False) -> None:
        if self.core.session.has_personal_data and not confirmed and self.step not in ("done",):
            ConfirmLeave(when_leave=lambda: self.home(confirmed=True)).open()
            return
        self.core.end()
        self.go("home")

    def finish(self) -> None:
        """The citizen is done: wipe and return to the attract loop."""
        self.core.end()
        self.go("attract")

    def call_staff(self) -> None:
        from .shell import StaffCalled
        log.info("staff called at step %s", screen_for_step(self.step))
        StaffCalled().open()

    def recover(self) -> None:
        """After an unexpected error: nothing personal is kept, and the next citizen starts cleanly."""
        try:
            self.core.end()
        finally:
            self.go("attract")

    # -- inactivity ------------------------------------------------------------------------------------

    def _touched(self, *_args):
        self.inactivity.touch(time.monotonic())
        return False

    def _tick(self, _dt):
        self._speech_tick()
        state = self.inactivity.state(time.monotonic())
        if state == WARNING and self._warning is None:
            self._warning = TimeoutWarning(when_more=self._more_time)
            self._warning.open()
        if self._warning is not None:
            self._warning.seconds = self.inactivity.seconds_left(time.monotonic())
        if state == EXPIRED:
            self._close_warning()
            log.info("session timed out: wiped")
            self.finish()

    def _more_time(self) -> None:
        self.inactivity.touch(time.monotonic())
        self._close_warning()

    def _close_warning(self) -> None:
        if self._warning is not None:
            self._warning.dismiss()
            self._warning = None

    @staticmethod
    def _release_memory(_dt) -> None:
        from kiosk.memory import release_free_memory
        release_free_memory()

    def _on_wipe(self) -> None:
        """Clear every widget that may show personal text, on every screen."""
        for screen in self.sm.screens:
            screen.clear_personal()
        if self.elder:
            self.toggle_elder()
        if self.lang != self.cfg.get("display", "language"):
            self.toggle_language()
        self.voice = self.core.voice.current      # reset by the core with the session (kiosk/speech/choice.py)


class _Recover:
    """Kivy exception handler: a bug in one screen must not crash the kiosk or strand a citizen.

    The error is logged with its traceback (no screen text, no form values), the session is wiped and
    the kiosk returns to the attract screen. The tour and the tests fail on any such recovery.
    """

    def __init__(self, app: KioskApp):
        self.app = app

    def handle_exception(self, exc):
        import traceback

        from kivy.base import ExceptionManager

        text = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
        log.error("recovering from an unexpected error:\n%s", text)
        self.app.crashes.append(text)
        Clock.schedule_once(lambda _dt: self.app.recover(), 0)
        return ExceptionManager.PASS
