"""Check your answers (GOV.UK pattern): everything in one place, each part with a change link."""
from __future__ import annotations

from kiosk.i18n import _

from kivy.properties import StringProperty

from .base import BaseScreen, load_kv_for
from .widgets import Card, KButton, KLabel


class CheckScreen(BaseScreen):
    title = StringProperty("")

    def on_activate(self) -> None:
        core = self.core
        box = self.ids.sections
        box.clear_widgets()
        en = self.app.lang == "en"
        theme = core.journey.theme
        self._section(box, _("事项"), theme.name_en if en and theme.name_en else theme.name, None)
        for q in theme.questions:
            chosen = core.session.answers.get(q.id, "")
            labels = [(o.label_en or o.label) if en else o.label for o in q.options if o.value in chosen.split(",")]
            self._section(box, (q.text_en or q.text) if en else q.text, "、".join(labels) or "—", f"question:{q.id}")
        values = core.journey.form_values()
        lines = []
        for f in core.journey.fields():
            if f["source"] == "derived":
                continue
            label = (f.get("label_en") or f["label"]) if en else f["label"]
            lines.append(f"{label}：{values.get(f['id'], '') or '—'}")
        self._section(box, _("申请表"), "\n".join(lines), "form")
        mats = []
        for m in core.journey.materials_to_capture():
            n = len(core.session.pages.get(m["id"], []))
            mats.append(f"{m['name']}：" + (_("已拍摄{n}页").format(n=n) if n else _("稍后补交")))
        if mats:
            self._section(box, _("材料"), "\n".join(mats), "materials")

    def _section(self, box, heading: str, body: str, step: str | None) -> None:
        card = Card()
        card.add_widget(KLabel(text=heading, role="heading"))
        card.add_widget(KLabel(text=body))
        if step:
            b = KButton(text=_("修改"), kind="secondary", name=f"change_{step.replace(':', '_')}")
            b.bind(on_release=lambda _b, s=step: self.app.go(s))
            card.add_widget(b)
        box.add_widget(card)

    def clear_personal(self) -> None:
        if "sections" in self.ids:
            self.ids.sections.clear_widgets()


load_kv_for(__name__)
