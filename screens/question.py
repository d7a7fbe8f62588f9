"""One situation question per screen (情形): the answer decides which matters and documents apply."""
from __future__ import annotations

from kiosk.i18n import _

from kivy.properties import BooleanProperty, ListProperty, StringProperty

from .base import BaseScreen, load_kv_for
from .widgets import KButton


class QuestionScreen(BaseScreen):
    text = StringProperty("")
    help = StringProperty("")
    multi = BooleanProperty(False)
    chosen = ListProperty([])
    error = StringProperty("")

    @property
    def question(self):
        qid = self.step.split(":", 1)[1]
        return next(q for q in self.core.journey.theme.questions if q.id == qid)

    def on_activate(self) -> None:
        q = self.question
        en = self.app.lang == "en"
        self.text = (q.text_en or q.text) if en else q.text
        self.help = q.help or ""
        self.multi = q.type == "multi"
        self.error = ""
        current = self.core.session.answers.get(q.id, "")
        self.chosen = [v for v in current.split(",") if v]
        box = self.ids.options
        box.clear_widgets()
        for opt in q.options:
            b = KButton(text=(opt.label_en or opt.label) if en else opt.label, kind="option",
                        name=f"option_{opt.value}", selected=opt.value in self.chosen)
            b.bind(on_release=lambda btn, v=opt.value: self.pick(v))
            box.add_widget(b)

    def pick(self, value: str) -> None:
        if self.multi:
            self.chosen = [v for v in self.chosen if v != value] if value in self.chosen else self.chosen + [value]
            for b in self.ids.options.children:
                b.selected = b.name[len("option_"):] in self.chosen
            self.error = ""
            return
        self.core.journey.answer(self.question.id, value)
        self.app.next()

    def confirm(self) -> None:
        if not self.chosen:
            self.error = _("请至少选择一项")
            return
        order = [o.value for o in self.question.options]
        self.core.journey.answer(self.question.id, ",".join(sorted(self.chosen, key=order.index)))
        self.app.next()


load_kv_for(__name__)
