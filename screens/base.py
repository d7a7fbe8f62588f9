"""The base of every screen: loads its own .kv, is told when it becomes active, clears personal text."""
from __future__ import annotations

import sys
from pathlib import Path

from kivy.app import App
from kivy.lang import Builder
from kivy.properties import StringProperty
from kivy.uix.screenmanager import Screen

_loaded: set[str] = set()


def load_kv_for(module_name: str) -> None:
    """Load `<module>.kv` beside the screen's module, once."""
    path = Path(sys.modules[module_name].__file__).with_suffix(".kv")
    if str(path) not in _loaded:
        Builder.load_file(str(path))
        _loaded.add(str(path))


class BaseScreen(Screen):
    """One screen = one module + one .kv. State lives in kiosk/; screens only draw it."""

    step = StringProperty("")

    @property
    def app(self):
        return App.get_running_app()

    @property
    def core(self):
        return self.app.core

    def t(self, text: str) -> str:
        return self.app.t(text)

    def on_pre_enter(self, *args):
        from kivy.uix.scrollview import ScrollView

        for w in self.walk(restrict=True):       # every screen opens at its top
            if isinstance(w, ScrollView):
                w.scroll_y = 1
        self.on_activate()

    def on_leave(self, *args):
        self.on_deactivate()

    def on_activate(self) -> None:
        """Called each time the screen is about to show: rebuild from kiosk state."""

    def on_deactivate(self) -> None:
        """Called when the screen is left."""

    def clear_personal(self) -> None:
        """The session was wiped: drop any widget that shows the citizen's data."""
