"""The on-screen keyboard: pinyin with a candidate bar, handwriting, digits, and letters; opened over any
screen. Address fields also offer whole place names as the citizen types (type-ahead).

Kivy has no usable Chinese input method on Linux, and a kiosk has no keyboard: this panel edits one value
and hands it back. Candidates come from kiosk.ime and kiosk.handwriting (no Kivy there); nothing typed or
written outlives the panel or the session.
"""
from __future__ import annotations

from kiosk.i18n import _

import logging
import time

from kivy.app import App
from kivy.properties import BooleanProperty, ListProperty, NumericProperty, ObjectProperty, StringProperty
from kivy.uix.modalview import ModalView

from .base import load_kv_for
from .handwriting_pad import HandwritingPad

log = logging.getLogger(__name__)

LETTER_ROWS = ["qwertyuiop", "asdfghjkl", "zxcvbnm"]
DIGIT_ROWS = ["123", "456", "789"]
#: which layout a field type opens with
MODE_FOR_TYPE = {"id_number": "digits", "phone": "digits", "integer": "digits", "money": "digits",
                 "bank_account": "digits", "date": "digits", "area": "digits", "email": "letters",
                 "credit_code": "letters", "plate_number": "pinyin"}
#: Candidates per page in the bar (pinyin and handwriting alike).
PAGE = 5
#: Place names offered at once above the keys: full names are long, three fit in one glance.
PLACES_SHOWN = 3


class InputPanel(ModalView):
    title = StringProperty("")
    hint = StringProperty("")
    value = StringProperty("")
    mode = StringProperty("pinyin")          # pinyin, handwriting, letters, digits
    composition = StringProperty("")         # pinyin being typed, not yet committed
    candidates = ListProperty([])
    has_more = BooleanProperty(False)        # another page of candidates
    page = NumericProperty(0)
    suggest_places = BooleanProperty(False)  # an address: offer whole place names as the citizen types
    places = ListProperty([])                # full names offered now (广东省梅州市梅县区程江镇)
    recognition_ms = NumericProperty(0)      # how long the last handwriting recognition took
    recognizing = BooleanProperty(False)     # a recognition is running on its worker thread
    error = StringProperty("")
    live = BooleanProperty(False)            # report every change (search as you type)
    when_done = ObjectProperty(None)
    when_changed = ObjectProperty(None)
    extra_keys = StringProperty("")          # digits mode: "X" for ID numbers, "-" for dates and phones

    def __init__(self, **kw):
        super().__init__(**kw)
        self.core = App.get_running_app().core
        self.ime = self.core.services.ime
        self.pad: HandwritingPad | None = None
        self._strokes = None                 # kiosk.handwriting.StrokeSession while writing
        self._written: list[str] = []        # every handwriting candidate, all pages
        self._place_start: int | None = 0    # where the place name starts in value; None once chosen

    def on_pre_open(self):
        # Before the opening animation: the keys exist from the first frame the citizen sees.
        self.ime.reset()
        self.core.session.on_wipe(self._wiped)
        self._build_keys()
        self._refresh()

    def on_dismiss(self):
        # Strokes are personal: the next field, or the next citizen, starts with an empty pad.
        self._clear_strokes()
        self.core.session.off_wipe(self._wiped)

    def _wiped(self) -> None:
        self.value = ""
        self.ime.reset()
        self._clear_strokes()
        self.places = []
        self.dismiss(animation=False)

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
        self.pad = None
        if self.mode == "handwriting":
            self._build_pad(grid)
            return
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

    def _build_pad(self, grid) -> None:
        from kivy.metrics import dp
        from kivy.uix.boxlayout import BoxLayout

        from .widgets import KButton, KLabel

        grid.add_widget(KLabel(role="muted", text=_("在框内写一个字，每写一笔就会出现候选字")))
        self.pad = HandwritingPad(size_hint_y=None, height=dp(460), when_stroke=self._stroke)
        grid.add_widget(self.pad)
        tools = BoxLayout(size_hint_y=None, height=dp(96) * App.get_running_app().scale, spacing=dp(8))
        for name, text, action in (("hw_undo", _("撤销"), self.undo_stroke),
                                   ("hw_clear", _("重写"), self.rewrite)):
            b = KButton(text=text, name=name, kind="secondary")
            b.bind(on_release=lambda _b, fn=action: fn())
            tools.add_widget(b)
        grid.add_widget(tools)

    # handwriting -------------------------------------------------------------------------------------

    def _stroke(self, points) -> None:
        """A finger lifted: recognise everything written so far, off the UI thread (a complex character
        takes up to ~120 ms with its swapped readings; the next stroke must not wait for it)."""
        if self._strokes is None:
            from kiosk.handwriting import default_recognizer
            self._strokes = default_recognizer().session()
        self._strokes.box = self.pad.box if self.pad is not None else None
        try:
            self._strokes.push(points)
        except ValueError:
            if self.pad is not None:
                self.pad.undo()     # a malformed touch is not kept, on screen either
            return
        self._recognise()

    def _recognise(self) -> None:
        if not self._strokes.strokes:
            self._strokes.candidates = []
            self._show_written()
            return
        self.recognizing = True
        self._strokes.recognize_async(self.core.post, self._recognised)

    def _recognised(self, _found, ms: float) -> None:
        self.recognition_ms = ms
        self.recognizing = False
        self._show_written()

    def undo_stroke(self) -> None:
        if self.pad is not None:
            self.pad.undo()
        if self._strokes is not None:
            self._strokes.pop()
            self._recognise()

    def rewrite(self) -> None:
        self._clear_strokes()
        self._show_written()

    def _clear_strokes(self) -> None:
        if self.pad is not None:
            self.pad.clear()
        if self._strokes is not None:
            self._strokes.clear()       # a result still on its way is dropped
        self.recognizing = False

    def _show_written(self) -> None:
        self._written = [c.char for c in self._strokes.candidates] if self._strokes else []
        self.page = 0
        self._refresh()

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
            if self._place_start is not None and self._place_start > len(self.value):
                self._place_start = len(self.value)
            self._changed()

    def space(self) -> None:
        if self.mode == "pinyin" and self.composition:
            self.choose(0)
        else:
            self.key(" ")

    def choose(self, index: int) -> None:
        if self.mode == "handwriting":
            i = self.page * PAGE + index
            if i < len(self._written):
                self.value += self._written[i]
                self.rewrite()      # the pad clears for the next character
                self._changed()
            return
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
        if mode == "handwriting" and not self._can_write():
            return
        self._clear_strokes()
        self._written = []
        self.page = 0
        self.mode = mode
        self._refresh()

    def _can_write(self) -> bool:
        from kiosk.handwriting import HandwritingUnavailable, default_recognizer
        try:
            default_recognizer()    # opens the model once per process (~26 MB, mapped)
            return True
        except HandwritingUnavailable as exc:
            log.warning("handwriting unavailable: %s", exc)
            self.error = _("手写输入暂不可用，请用拼音输入")
            return False

    def choose_place(self, index: int) -> None:
        """One tap puts the whole place name in; the citizen types the rest (road, number)."""
        if not 0 <= index < len(self.places) or self._place_start is None:
            return
        self.value = self.value[:self._place_start] + self.places[index]
        self._place_start = None
        self.ime.reset()
        self._clear_strokes()
        self._written = []
        self._refresh()
        self._changed()

    def clear(self) -> None:
        self.ime.reset()
        self._clear_strokes()
        self._written = []
        self.value = ""
        self._place_start = 0
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
        if self.mode == "handwriting":
            self.candidates = self._written[self.page * PAGE:(self.page + 1) * PAGE]
            self.has_more = len(self._written) > (self.page + 1) * PAGE
        else:
            self.candidates = [c.text for c in self.ime.candidates(page=self.page)] if self.composition else []
            self.has_more = len(self.candidates) >= PAGE
        self._refresh_places()

    def _refresh_places(self) -> None:
        if not self.suggest_places or self._place_start is None:
            self.places = []
            return
        query = self.value[self._place_start:] + self.ime.raw
        from kiosk.ime import search_places   # pypinyin (0.3 s): loaded after the first frame, not before it

        self.places = [p.full for p in search_places(query, PLACES_SHOWN)] if query.strip() else []

    def _changed(self) -> None:
        self.error = ""
        self._refresh_places()
        if self.live and self.when_changed:
            self.when_changed(self.value + self.composition)


load_kv_for(__name__)
