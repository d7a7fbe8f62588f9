"""The one form (一表申请): every field once, prefilled from the ID card and marked so; checks that name
the field, with an error summary at the top (GOV.UK pattern)."""
from __future__ import annotations

from kiosk.i18n import _

from kivy.properties import BooleanProperty, ListProperty, ObjectProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.modalview import ModalView

from .base import BaseScreen, load_kv_for
from .keyboard import MODE_FOR_TYPE, InputPanel
from . import style
from .qr_scan import licence_hint, licence_scanned, licence_tag
from .widgets import KButton, KLabel


class FieldRow(BoxLayout):
    field_id = StringProperty("")
    label = StringProperty("")
    value = StringProperty("")
    tag = StringProperty("")
    error = StringProperty("")


class CardForHolder(ModalView):
    """Lay another person's ID card on the reader (theme 5: the mother's) instead of typing it."""

    who = StringProperty("")
    message = StringProperty("")
    simulate = BooleanProperty(False)
    when_read = ObjectProperty(None)        # (card) -> problem text or "" when the form took it
    core = ObjectProperty(None)
    sample = StringProperty("resident")

    def on_open(self) -> None:
        self.core.services.cards.listen(self._read, self._problem)

    def on_dismiss(self) -> None:
        if self.core.services.has_card_reader_open:
            self.core.services.cards.stop_listening()

    def _read(self, card: dict) -> None:
        problem = self.when_read(card)
        if problem:
            self.message = problem
        else:
            self.dismiss()

    def _problem(self, reason: str) -> None:
        self.message = reason

    def place_sample(self) -> None:
        self.core.services.cards.place_sample(self.sample)


#: simulator only: a fixture card of the right sex for each holder
SAMPLE_FOR = {"mother": "long_term", "father": "resident"}


class FormScreen(BaseScreen):
    summary = ListProperty([])
    licence_problem = StringProperty("")

    def on_activate(self) -> None:
        self.summary = []
        self.licence_problem = ""
        self.build_rows()

    def on_qr_scan(self, scan) -> None:
        licence_scanned(self, scan)

    def _label(self, f: dict) -> str:
        return (f.get("label_en") or f["label"]) if self.app.lang == "en" else f["label"]

    def build_rows(self, problems: dict | None = None) -> None:
        problems = problems or {}
        values = self.core.journey.form_values()
        box = self.ids.rows
        box.clear_widgets()
        hint = licence_hint(self)
        if hint is not None:
            box.add_widget(hint)
        for holder in self.core.journey.other_card_holders():
            who = self.core.journey.role_label(holder, self.app.lang)
            b = KButton(text=_("读取{who}的身份证（免输入）").format(who=who), kind="secondary",
                        name=f"read_card_{holder}")
            b.bind(on_release=lambda _b, h=holder: self.read_card_for(h))
            box.add_widget(b)
        shown = [f for f in self.core.journey.fields() if f["source"] != "derived"]
        order = self._party_order(list(dict.fromkeys(f["holder"] for f in shown)))
        shown.sort(key=lambda f: order.index(f["holder"]))   # one block per party
        several = len(order) > 1
        for i, f in enumerate(shown):
            if several and (i == 0 or shown[i - 1]["holder"] != f["holder"]):
                box.add_widget(KLabel(text=self._party_heading(f), role="title", color=style.PRIMARY))
            row = FieldRow(field_id=f["id"], label=self._label(f) + ("" if f["required"] else _("（选填）")),
                           value=values.get(f["id"], ""), error=problems.get(f["id"], ""),
                           tag=_("来自身份证") if f["id"] in self.core.session.prefilled
                           else licence_tag(self.core, f["id"]))
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

    def _party_order(self, holders: list[str]) -> list[str]:
        """Parties in the order first asked, each organisation's agent right after it, what describes
        the matter itself (the project, the vehicle) last."""
        roles = self.core.catalogue.roles
        principal = {roles[h].agent: h for h in holders if h and roles[h].agent in holders}
        out = []
        for h in holders:
            if h and h not in principal:
                out += [h] + ([roles[h].agent] if roles[h].agent in principal else [])
        return out + [h for h in holders if h not in out]

    def _party_heading(self, f: dict) -> str:
        """The heading over one party's fields: whose data follows (施工单位, 使用单位经办人, 员工)."""
        if f["holder"] == "":
            return _("办理事项的信息")
        if f["holder"] == "applicant":
            return _("申请人（本人）的信息")
        who = f["holder_label_en"] if self.app.lang == "en" else f["holder_label"]
        return _("{who}的信息").format(who=who)

    def read_card_for(self, holder: str) -> None:
        who = self.core.journey.role_label(holder, self.app.lang)
        CardForHolder(who=who, core=self.core, simulate=self.app.simulate, sample=SAMPLE_FOR.get(holder, "resident"),
                      message=_("请将{who}的身份证放在读卡区").format(who=who),
                      when_read=lambda card, h=holder: self._card_for(h, card)).open()

    def _card_for(self, holder: str, card: dict) -> str:
        filled, why = self.core.journey.use_card_for(holder, card)
        who = self.core.journey.role_label(holder, self.app.lang)
        if why == "expired":
            return _("这张身份证已过期，请使用有效证件，或手动填写。")
        if why == "same_card":
            return _("这是刚才读过的身份证。请放上{who}的身份证。").format(who=who)
        if why == "wrong_person":
            return _("这张身份证不是{who}的。请放上{who}的身份证。").format(who=who)
        self.build_rows(self._problems_shown())
        return ""

    def edit(self, field: dict) -> None:
        if field["type"] == "date":     # a calendar first: one tap on the day; the keyboard is one tap away
            from .date_picker import DatePicker
            DatePicker(title=self._label(field), value=self.core.journey.form_values().get(field["id"], ""),
                       when_done=lambda text, fid=field["id"]: self._set(fid, text),
                       when_typing=lambda f=field: self.type_in(f)).open()
            return
        self.type_in(field)

    def type_in(self, field: dict) -> None:
        mode = MODE_FOR_TYPE.get(field["type"], "pinyin")
        extra = "X" if field["type"] == "id_number" else ("-" if field["type"] in ("date", "phone") else "")
        if field["type"] == "money" or field["type"] == "area":
            extra = "."
        InputPanel(title=self._label(field), hint=field.get("hint") or "", mode=mode, extra_keys=extra,
                   suggest_places=field["type"] == "address", value=self.core.journey.form_values().get(field["id"], ""),
                   when_done=lambda text, fid=field["id"]: self._set(fid, text)).open()

    def _set(self, field_id: str, text: str) -> None:
        self.core.journey.set_value(field_id, text.strip())
        self.build_rows(self._problems_shown())

    def set_choice(self, field_id: str, option: str) -> None:
        self.core.journey.set_value(field_id, option)
        self.build_rows(self._problems_shown())

    def _problems_shown(self) -> dict:
        if not self.summary:
            return {}
        return self._problems()

    def _problems(self) -> dict:
        labels = {f["id"]: self._label(f) for f in self.core.journey.fields()}
        return {p.field: p.text(self.t, labels.get(p.field)) for p in self.core.journey.problems()}

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
        self.licence_problem = ""
        from kivy.core.window import Window
        for dialog in [w for w in Window.children if isinstance(w, CardForHolder)]:
            dialog.dismiss()          # a timeout with the reader waiting for the mother's card
        if "rows" in self.ids:
            self.ids.rows.clear_widgets()


load_kv_for(__name__)
