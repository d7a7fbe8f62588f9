"""Status lookup: the receipt number and code (printed, and in the receipt's QR) → each department's
progress and due date."""
from __future__ import annotations

from kiosk.i18n import _

from kivy.properties import StringProperty

from .base import BaseScreen, load_kv_for
from .keyboard import InputPanel
from .qr_scan import receipt_scanned
from .widgets import Card, KLabel

STATUS = {"received": "已接收", "dispatched": "已分派", "forwarded": "已转报市级", "under_review": "审批中",
          "approved": "已批准", "rejected": "未通过", "result_ready": "结果已出，待领取", "collected": "已领取",
          "posted": "已邮寄"}


class LookupScreen(BaseScreen):
    receipt = StringProperty("")
    code = StringProperty("")
    message = StringProperty("")

    def on_activate(self) -> None:
        self.message = ""
        self.ids.results.clear_widgets()

    def on_qr_scan(self, scan) -> None:
        """The receipt's QR on the scanner (or held to the camera) opens that application's progress."""
        receipt_scanned(self, scan)

    def edit_receipt(self) -> None:
        InputPanel(title=_("受理编号"), hint=_("回执上的编号，如 MX-261129-0001-8"), mode="letters",
                   extra_keys="-", value=self.receipt, when_done=lambda v: setattr(self, "receipt", v.upper())).open()

    def edit_code(self) -> None:
        InputPanel(title=_("查询码"), hint=_("回执上的12位查询码"), mode="letters", value=self.code,
                   when_done=lambda v: setattr(self, "code", v.upper())).open()

    def search(self) -> None:
        if not self.receipt or not self.code:
            self.message = _("请填写受理编号和查询码")
            return
        self.message = _("正在查询…")
        self.core.services.lookup_async(self.receipt.strip(), self.code.strip(), self._show)

    def _show(self, result: dict | None, problem: str | None) -> None:
        box = self.ids.results
        box.clear_widgets()
        if result is None:
            self.message = _("没有找到，请核对编号和查询码") if problem and "404" in problem else \
                _("暂时无法连接政务服务中心，请稍后再试或到窗口查询")
            return
        self.message = _("预计办结：{due}").format(due=result.get("due_date") or "—")
        names = {m.id: m.title for m in self.core.catalogue.matters.values()}
        depts = self.core.catalogue.departments
        for m in result["matters"]:
            card = Card()
            card.add_widget(KLabel(text=names.get(m["matter"], m["matter"]), role="heading"))
            dept = depts[m["department"]].name if m["department"] in depts else m["department"]
            card.add_widget(KLabel(text=f"{dept}：{_(STATUS.get(m['status'], m['status']))}"))
            card.add_widget(KLabel(text=_("预计办结：{due}").format(due=m.get("due_date") or "—"), role="small"))
            box.add_widget(card)
        for o in result.get("owed", []):
            if not o.get("received"):
                box.add_widget(KLabel(text=_("待补交：") + o["name"]))

    def clear_personal(self) -> None:
        self.receipt = self.code = self.message = ""
        if "results" in self.ids:
            self.ids.results.clear_widgets()


load_kv_for(__name__)
