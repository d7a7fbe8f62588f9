"""Shared widgets: big buttons with a test name, wrapping labels, cards. Sizes come from style.py."""
from __future__ import annotations

from kivy.properties import BooleanProperty, ListProperty, NumericProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.label import Label
from kivy.uix.scrollview import ScrollView

from . import style
from .base import load_kv_for


class KLabel(Label):
    """A label that wraps to its width and grows to its text (multi-line hanzi paragraphs)."""

    role = StringProperty("body")   # title, heading, body, small, muted


class KButton(ButtonBehavior, Label):
    """A big touch target. `name` identifies it for the tour and tests (what a citizen presses)."""

    name = StringProperty("")
    kind = StringProperty("primary")   # primary, secondary, option, link, danger
    selected = BooleanProperty(False)
    min_height = NumericProperty(0)
    hidden = BooleanProperty(False)     # takes no room and cannot be pressed
    base_sp = NumericProperty(style.BUTTON_SP)   # text size in standard mode
    scalable = BooleanProperty(True)    # grows in elder mode; the bars do not (they never move)

    def on_hidden(self, *_args):
        self.disabled = self.hidden


class KScrollView(ScrollView):
    """Kivy 2.3's ScrollView adds one `bar_color` binding on every scroll update (fbind keeps duplicates) and
    removes one when the bar fades: on screens that live as long as the app, bindings piled up with every
    citizen who scrolled (~190 per theme-5 journey). Remove the previous one before Kivy adds its own."""

    def update_from_scroll(self, *largs):
        self.funbind("bar_color", self._change_bar_color)
        super().update_from_scroll(*largs)


class Card(BoxLayout):
    """A white panel with a border, for grouping."""

    background = ListProperty([1, 1, 1, 1])


class Notice(BoxLayout):
    """A coloured box for a warning or a reassurance (printer out, offline, 容缺)."""

    text = StringProperty("")


load_kv_for(__name__)
