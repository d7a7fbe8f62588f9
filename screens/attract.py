"""Attract: the idle loop; a touch anywhere starts. The big button at the bottom edge, or a long press
anywhere, starts 语音导办 (audio mode) for a citizen who cannot see the screen."""
from __future__ import annotations

from kivy.clock import Clock
from kivy.properties import StringProperty

from .base import BaseScreen, load_kv_for

#: Holding a finger still this long on the attract screen opens audio mode instead of the home screen.
LONG_PRESS_S = 1.5


class AttractScreen(BaseScreen):
    featured = StringProperty("")

    def on_activate(self) -> None:
        self._themes = [t.name for t in self.core.catalogue.enabled_themes()]
        self._i = 0
        self._rotate(0)
        self._event = Clock.schedule_interval(self._rotate, 3.0)

    def on_deactivate(self) -> None:
        if getattr(self, "_event", None):
            self._event.cancel()

    def _rotate(self, _dt) -> None:
        if self._themes:
            self.featured = self._themes[self._i % len(self._themes)]
            self._i += 1

    def on_touch_down(self, touch):
        if self.ids.audio_guide.collide_point(*touch.pos):
            return super().on_touch_down(touch)
        touch.ud["attract_hold"] = Clock.schedule_once(lambda _dt: self._held(touch), LONG_PRESS_S)
        return True

    def on_touch_up(self, touch):
        hold = touch.ud.pop("attract_hold", None)
        if hold is None:
            return super().on_touch_up(touch)
        hold.cancel()
        if not touch.ud.get("attract_audio") and self.manager and self.manager.current_screen is self:
            self.app.go("home")
        return True

    def _held(self, touch) -> None:
        touch.ud["attract_audio"] = True
        self.start_audio()

    def start_audio(self) -> None:
        self.app.go("audio")


load_kv_for(__name__)
