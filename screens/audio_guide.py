"""语音导办 (audio mode): big screen-wide zones for a citizen who cannot see — upper part previous, lower part
next, middle choose, bottom strip back and repeat — and every move spoken. The lists and the words live
in kiosk.audio_guide; this screen maps touches to moves, speaks, prints, and shows what is said in large
type for a companion or a low-vision user."""
from __future__ import annotations

import logging
import time

from kivy.clock import Clock
from kivy.properties import StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout

from kiosk import speech
from kiosk.audio_guide import AudioGuide, Say
from kiosk.inactivity import EXPIRED, WARNING, Inactivity

from .base import BaseScreen, load_kv_for

log = logging.getLogger(__name__)
#: Quiet time before "are you still there?", then before leaving audio mode: the timeout dialog cannot
#: be seen, so this screen asks out loud instead, and allows more time than the sighted journey.
IDLE_S, COUNTDOWN_S = 120.0, 30.0


class AudioZone(ButtonBehavior, BoxLayout):
    """One big touch zone: a word or two in very large type, and a line saying what it does."""

    name = StringProperty("")
    title = StringProperty("")
    detail = StringProperty("")


class AudioGuideScreen(BaseScreen):
    current = StringProperty("")     # the item the citizen is on, shown large
    said = StringProperty("")        # what was said last, shown for a companion (public text only)

    def on_activate(self) -> None:
        app = self.app
        app.chrome = False                      # no small buttons at the edges to hit by mistake
        app.inactivity.enabled = False          # its dialog cannot be seen: _idle asks out loud
        self._idle = Inactivity(idle_s=IDLE_S, countdown_s=COUNTDOWN_S, enabled=True)
        self._warned = False
        self._leaving = False
        self.guide = AudioGuide(self.core.catalogue, self._notice_of, app.lang, self.core.voice)
        self._tick = Clock.schedule_interval(self._idle_check, 1.0)
        self._say(self.guide.start())

    def on_deactivate(self) -> None:
        if getattr(self, "_tick", None):
            self._tick.cancel()
        if not self._leaving and self.app.speech is not None:
            self.app.speech.stop()

    def _notice_of(self, theme_id: str) -> dict:
        """Choosing a theme here begins it as the home screen does (counted in usage, printable)."""
        self.core.journey.begin(theme_id)
        return self.core.journey.notice()

    # -- the zones ------------------------------------------------------------------------------------

    def move(self, what: str) -> None:
        """previous, next, choose, back or repeat."""
        self._warned = False
        self._say(getattr(self.guide, what)())

    def _say(self, say: Say) -> None:
        self.current = self.guide.current.label if self.guide.items else ""
        self.said = say.text.replace(" / ", "\n")
        try:
            if self.app.speech is None:
                self.app.speech = speech.open_narrator(speech.SpeechSettings.from_config(self.app.cfg))
            self.app.speech.speak(say.utterance)
        except speech.SpeechUnavailable as exc:
            log.warning("audio guide without speech: %s", exc)
        if say.action == "print":
            self.core.printing.print_async(self.core.printing.notice_document(), self._printed)
        elif say.action == "exit":
            self._leaving = True
            self.app.finish()

    def _printed(self, ok: bool, problem: str | None) -> None:
        if self.manager is not None and self.manager.current_screen is self:
            self._say(self.guide.printed(ok))

    def _idle_check(self, _dt) -> None:
        self._idle.last_touch = self.app.inactivity.last_touch
        state = self._idle.state(time.monotonic())
        if state == WARNING and not self._warned:
            self._warned = True
            self._say(self.guide.still_there())
        elif state == EXPIRED:
            self._leaving = True
            self.app.finish()

    def clear_personal(self) -> None:
        # Themes and notices are public; only the place in the lists goes.
        self.current = self.said = ""


load_kv_for(__name__)
