"""Theme notice (一次告知): everything the theme needs, merged — matters, materials, place, time, fees,
flowchart — with a printed copy."""
from __future__ import annotations

from kiosk.i18n import _

from kivy.properties import DictProperty, StringProperty

from .base import BaseScreen, load_kv_for
from .flowchart import Flowchart  # noqa: F401 - used in kv

FORMS = {"original": "原件", "copy": "复印件", "original_and_copy": "原件及复印件", "electronic": "电子版"}


class NoticeScreen(BaseScreen):
    notice = DictProperty({})
    print_status = StringProperty("")
    elsewhere = StringProperty("")      # a town kiosk for a theme the towns do not take: where to go

    def on_activate(self) -> None:
        self.print_status = ""
        self.notice = self.core.journey.notice()
        self.elsewhere = self.core.journey.elsewhere_text(self.notice)

    def ids_start_hidden(self) -> bool:
        """Whether the start button is withheld (a town kiosk for a theme it cannot take)."""
        return next(w.hidden for w in self.walk(restrict=True) if getattr(w, "name", "") == "start")

    def _en(self) -> bool:
        return self.app.lang == "en"

    def matters_text(self) -> str:
        lines = []
        depts = self.core.catalogue.departments
        for m in self.notice.get("matters", []):
            city = _("（市级审批）") if m["approval_level"] == "city" else ""
            maybe = _("（视情况）") if m["conditional"] else ""
            name = (m.get("name_en") or m["name"]) if self._en() else m["name"]
            dept = (depts[m["department"]].name_en or m["department_name"]) if self._en() else m["department_name"]
            lines.append(f"• {name} — {dept}{city}{maybe}")
        return "\n".join(lines)

    def _material_name(self, m: dict) -> str:
        if not self._en() or not m.get("name_en"):
            return m["name"]
        who = m.get("holder_label_en")
        return f"{who}: {m['name_en']}" if who else m["name_en"]

    def materials_text(self) -> str:
        lines = []
        for m in self.notice.get("materials", []):
            if m["generated"]:
                continue
            if m["from_matter"]:
                lines.append(f"○ {self._material_name(m)}：" + _("本次办结后内部共享，无需提供"))
                continue
            later = _("，可容缺后补") if not m["key"] else ""
            lines.append(f"□ {self._material_name(m)}（{_(FORMS[m['form']])}{later}）")
        return "\n".join(lines)

    def facts_text(self) -> str:
        n = self.notice
        if not n:
            return ""
        fee = n["fees"]["total"]
        return "\n".join([
            _("办理地点：{place} {window}").format(place=n["location"]["name"], window=n["location"]["window"]),
            _("办理时限：约{days}个工作日（各部门同时审批）").format(days=n["time"]["total_working_days"]),
            _("收费：不收费") if fee == 0 else _("收费：约{fee}元").format(fee=f"{fee:g}"),
            _("可网上办理") if n["online"] else _("部分事项需到窗口办理"),
        ] + ([n["delivery_note"]] if not n["delivery_together"] and n.get("delivery_note") else []))

    def print_notice(self) -> None:
        self.print_status = _("正在打印…")
        self.core.printing.print_async(self.core.printing.notice_document(), self._printed)

    def _printed(self, ok: bool, problem: str | None) -> None:
        self.print_status = _("已打印，请取走告知单") if ok else \
            _("打印机暂时不能打印，请用手机拍下本页，或到窗口领取告知单")

    def start(self) -> None:
        self.app.next()


load_kv_for(__name__)
