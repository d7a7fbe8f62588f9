"""The on-screen keyboard: pinyin with a candidate bar, digits, and letters; opened over any screen.

Kivy has no usable Chinese input method on Linux, and a kiosk has no keyboard: this panel edits one value
and hands it back. Candidates come from kiosk.ime (no Kivy there); nothing typed outlives the session.
"""
from __future__ import annotations

from kiosk.i18n import _

from kivy.app import App
from kivy.properties import BooleanProperty, ListProperty, NumericProperty, ObjectProperty, StringProperty
from kivy.uix.modalview import ModalView

from .base import load_kv_for

LETTER_ROWS = ["qwertyuiop", "asdfghjkl", "zxcvbnm"]
DIGIT_ROWS = ["123", "456", "789"]
#: which layout a field type opens with
MODE_FOR_TYPE = {"id_number": "digits", "phone": "digits", "integer": "digits", "money": "digits",
                 "bank_account": "digits", "date": "digits", "area": "digits", "email": "letters",
                 "credit_code": "letters", "plate_number": "pinyin"}


class InputPanel(ModalView):
    title = StringProperty("")
    hint = StringProperty("")
    value = StringProperty("")
    mode = StringProperty("pinyin")          # pinyin, letters, digits
    composition = StringProperty("")         # pinyin being typed, not yet committed
    candidates = ListProperty([])
    page = NumericProperty(0)
    error = StringProperty("")
    live = BooleanProperty(False)            # report every change (search as you type)
    when_done = ObjectProperty(None)
    when_changed = ObjectProperty(None)
    extra_keys = StringProperty("")          # digits mode: "X" for ID numbers, "-" for dates and phones

    def __init__(self, **kw):
        super().__init__(**kw)
        self.ime = App.get_running_app().core.ime

    def on_pre_open(self):
        # Before the opening animation: the keys exist from the first frame the citizen sees.
        self.ime.reset()
        self._build_keys()
        self._refresh()

    def on_mode(self, *_args):
        if self.ids:
            self._build_keys()

    def _build_keys(self) -> None:
        from kivy.metrics import dp
        from kivy.uix.boxlayout import BoxLayout

        from .widgets import KButton

        app = App.get_running_app()
        grid = self.ids.keygrid
        grid.clear_widgets()
        if self.mode == "digits":
            rows = DIGIT_ROWS + [(self.extra_keys or "") + "0"]
        else:
            rows = LETTER_ROWS + ([] if self.mode == "pinyin" else ["@.-_"])
        for row in rows:
            box = BoxLayout(size_hint_y=None, height=dp(96) * app.scale, spacing=dp(8))
            for ch in row:
                label = ch.upper() if self.mode == "letters" else ch
                b = KButton(text=label, name=f"key_{ch}", kind="secondary", min_height=dp(96) * app.scale)
                b.bind(on_release=lambda btn, c=ch: self.key(c if self.mode == "pinyin" else btn.text))
                box.add_widget(b)
            grid.add_widget(box)

    # keys -------------------------------------------------------------------------------------------

    def key(self, ch: str) -> None:
        if self.mode == "pinyin" and ch.isalpha() and ch.islower():
            self.ime.type(ch)
            self.page = 0
            self._refresh()
            return
        self.value += ch
        self._changed()

    def backspace(self) -> None:
        if self.mode == "pinyin" and self.composition:
            self.ime.backspace()
            self._refresh()
        elif self.value:
            self.value = self.value[:-1]
            self._changed()

    def space(self) -> None:
        if self.mode == "pinyin" and self.composition:
            self.choose(0)
        else:
            self.key(" ")

    def choose(self, index: int) -> None:
        text = self.ime.choose(index, page=self.page)
        if text:
            self.value += text
            self.page = 0
            self._refresh()
            self._changed()

    def commit_letters(self) -> None:
        """Put the typed pinyin letters in as they are (a search by initials, an English word)."""
        self.value += self.composition
        self.ime.reset()
        self._refresh()
        self._changed()

    def more(self, step: int) -> None:
        self.page = max(0, self.page + step)
        self._refresh()

    def switch(self, mode: str) -> None:
        if self.composition:
            self.commit_letters()
        self.mode = mode

    def clear(self) -> None:
        self.ime.reset()
        self.value = ""
        self._refresh()
        self._changed()

    def done(self) -> None:
        if self.composition:
            self.commit_letters()
        if self.when_done:
            self.when_done(self.value)
        self.dismiss()

    def _refresh(self) -> None:
        self.composition = self.ime.composition
        self.candidates = [c.text for c in self.ime.candidates(page=self.page)] if self.composition else []

    def _changed(self) -> None:
        self.error = ""
        if self.live and self.when_changed:
            self.when_changed(self.value + self.composition)


load_kv_for(__name__)
