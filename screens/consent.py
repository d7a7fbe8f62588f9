"""Consent: what is collected, who receives it, how long it is kept — before anything is sent."""
from __future__ import annotations

from kivy.properties import StringProperty

from .base import BaseScreen, load_kv_for


class ConsentScreen(BaseScreen):
    departments = StringProperty("")

    def on_activate(self) -> None:
        n = self.core.journey.notice()
        self.departments = "、".join(d["name"] for d in n["departments"])

    def agree(self) -> None:
        self.core.session.consent = True
        self.app.next()

    def decline(self) -> None:
        self.app.home(confirmed=False)


load_kv_for(__name__)
