"""The one form (一表申请): every field once, prefilled from the ID card and marked so; checks that name
the field, with an error summary at the top (GOV.UK pattern)."""
from __future__ import annotations

from kiosk.i18n import _

from kivy.properties import ListProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout

from .base import BaseScreen, load_kv_for
from .keyboard import MODE_FOR_TYPE, InputPanel
from .widgets import KButton, KLabel


class FieldRow(BoxLayout):
    field_id = StringProperty("")
    label = StringProperty("")
    value = StringProperty("")
    tag = StringProperty("")
    error = StringProperty("")


class FormScreen(BaseScreen):
    summary = ListProperty([])

    def on_activate(self) -> None:
        self.summary = []
        self.build_rows()

    def _label(self, f: dict) -> str:
        return (f.get("label_en") or f["label"]) if self.app.lang == "en" else f["label"]

    def build_rows(self, problems: dict | None = None) -> None:
        problems = problems or {}
        values = self.core.form_values()
        box = self.ids.rows
        box.clear_widgets()
        for f in self.core.fields():
            if f["source"] == "derived":
                continue
            row = FieldRow(field_id=f["id"], label=self._label(f) + ("" if f["required"] else _("（选填）")),
                           value=values.get(f["id"], ""), error=problems.get(f["id"], ""),
                           tag=_("来自身份证") if f["id"] in self.core.session.prefilled else "")
            if f["type"] == "choice" and f["options"]:
                chooser = BoxLayout(size_hint_y=None, spacing=10)
                chooser.height = 96 * self.app.scale
                for opt in f["options"]:
                    b = KButton(text=opt, kind="option", name=f"choice_{f['id']}_{opt}",
                                selected=values.get(f["id"]) == opt)
                    b.bind(on_release=lambda btn, fid=f["id"], o=opt: self.set_choice(fid, o))
                    chooser.add_widget(b)
                row.ids.value_box.add_widget(chooser)
            else:
                b = KButton(text=values.get(f["id"], "") or _("点此填写"), kind="option",
                            name=f"field_{f['id']}")
                b.bind(on_release=lambda btn, field=f: self.edit(field))
                row.ids.value_box.add_widget(b)
            if f.get("hint"):
                row.ids.value_box.add_widget(KLabel(text=f["hint"], role="small"))
            box.add_widget(row)

    def edit(self, field: dict) -> None:
        mode = MODE_FOR_TYPE.get(field["type"], "pinyin")
        extra = "X" if field["type"] == "id_number" else ("-" if field["type"] in ("date", "phone") else "")
        if field["type"] == "money" or field["type"] == "area":
            extra = "."
        InputPanel(title=self._label(field), hint=field.get("hint") or "", mode=mode, extra_keys=extra,
                   suggest_places=field["type"] == "address", value=self.core.form_values().get(field["id"], ""),
                   when_done=lambda text, fid=field["id"]: self._set(fid, text)).open()

    def _set(self, field_id: str, text: str) -> None:
        self.core.set_value(field_id, text.strip())
        self.build_rows(self._problems_shown())

    def set_choice(self, field_id: str, option: str) -> None:
        self.core.set_value(field_id, option)
        self.build_rows(self._problems_shown())

    def _problems_shown(self) -> dict:
        if not self.summary:
            return {}
        return self._problems()

    def _problems(self) -> dict:
        labels = {f["id"]: self._label(f) for f in self.core.fields()}
        return {p.field: p.text(self.t, labels.get(p.field)) for p in self.core.problems()}

    def next(self) -> None:
        problems = self._problems()
        self.summary = list(problems.values())
        if problems:   # marks the fields; when all is well the rows are rebuilt on the next visit anyway
            self.build_rows(problems)
            self.ids.scroll.scroll_y = 1
            return
        self.app.next()

    def clear_personal(self) -> None:
        self.summary = []
        if "rows" in self.ids:
            self.ids.rows.clear_widgets()


load_kv_for(__name__)
