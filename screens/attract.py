"""Attract: the idle loop; a touch anywhere starts."""
from __future__ import annotations

from kivy.clock import Clock
from kivy.properties import StringProperty

from .base import BaseScreen, load_kv_for


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
        self.app.go("home")
        return True


load_kv_for(__name__)
