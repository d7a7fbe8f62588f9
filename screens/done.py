"""Done: receipt number, queue ticket, what happens next, where the window is, a QR to follow progress on
a phone. Ticket and receipt print by themselves; if the printer cannot, the screen says so and the QR
carries the same information."""
from __future__ import annotations

from kiosk.i18n import _

import io

from kivy.core.image import Image as CoreImage
from kivy.properties import BooleanProperty, ObjectProperty, StringProperty

from .base import BaseScreen, load_kv_for


def qr_texture(data: str):
    """A QR code as a Kivy texture (the `qrcode` package comes with python-escpos)."""
    import qrcode

    img = qrcode.make(data, box_size=8, border=2)
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    buf.seek(0)
    return CoreImage(buf, ext="png").texture


class DoneScreen(BaseScreen):
    offline = BooleanProperty(False)
    ticket = StringProperty("")
    receipt = StringProperty("")
    local_ref = StringProperty("")
    window = StringProperty("")
    wait_text = StringProperty("")      # 前面还有 N 人，预计等待约 M 分钟 / 请留意叫号 (from the hall)
    next_text = StringProperty("")
    print_status = StringProperty("")
    qr = ObjectProperty(None, allownone=True)

    def on_activate(self) -> None:
        core = self.core
        loc, _here = core.journey.where(core.journey.theme)      # a town kiosk's own window for what the towns take
        self.window = f"{loc.name} {loc.window}"
        self.local_ref = core.session.outbox_ref or ""
        result = core.session.result
        self.offline = result is None
        self.ticket = (result or {}).get("ticket") or ""
        self.receipt = (result or {}).get("receipt") or self.local_ref
        wait = (result or {}).get("wait")
        if wait and wait.get("minutes") is not None:
            self.wait_text = _("前面还有 {n} 人，预计等待约 {m} 分钟").format(n=wait["ahead"], m=wait["minutes"])
        else:
            self.wait_text = _("请留意叫号")      # no history today, or the hall was not reached
        if result:
            due = result.get("due_date") or ""
            self.next_text = _("各部门将同时审批，预计{due}前办结；结果由专窗统一通知您领取或邮寄。").format(due=due)
            url = core.journey.status_url(result)
            self.qr = qr_texture(url)
            self._print([core.printing.ticket_document(result), core.printing.receipt_document(result)] if result.get("ticket")
                        else [core.printing.receipt_document(result)])
            core.services.delivery_listeners.append(self._late)
        else:
            self.next_text = _("网络暂时中断，申请已保存，将自动发送。请凭临时回执到窗口办理。")
            self.qr = qr_texture(f"{core.journey.theme.name} {self.local_ref} {self.window}")
            self._print([core.printing.provisional_document()])
            core.services.delivery_listeners.append(self._late)

    def _late(self, local_ref: str, result: dict) -> None:
        """Delivered while the citizen is still here: show the real receipt and print the ticket."""
        if local_ref == self.local_ref and self.offline:
            self.core.session.result = result
            self.on_activate()

    def _print(self, docs) -> None:
        self.print_status = _("正在打印…")
        remaining = list(docs)

        def one(ok=True, problem=None):
            if not ok:
                self.print_status = _("打印机缺纸或故障，请用手机扫码保存回执")
                return
            if not remaining:
                self.print_status = _("请取走临时回执") if self.offline else _("请取走排队票和回执")
                return
            self.core.printing.print_async(remaining.pop(0), one)
        one()

    def on_deactivate(self) -> None:
        if self._late in self.core.services.delivery_listeners:
            self.core.services.delivery_listeners.remove(self._late)

    def clear_personal(self) -> None:
        self.ticket = self.receipt = self.local_ref = self.wait_text = ""
        self.qr = None


load_kv_for(__name__)
