"""The base of every screen: loads its own .kv and is told when it becomes active."""
from __future__ import annotations

import sys
from pathlib import Path

from kivy.lang import Builder
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

    def on_pre_enter(self, *args):
        self.on_activate()

    def on_leave(self, *args):
        self.on_deactivate()

    def on_activate(self) -> None:
        """Called each time the screen is about to show: refresh from kiosk state."""

    def on_deactivate(self) -> None:
        """Called when the screen is left: clear anything personal it shows."""
