"""Submitting: the application is committed to the outbox at once (safe), then sent; the citizen waits a
few seconds at most and is never told "failed, start again"."""
from __future__ import annotations

import logging

from kiosk.i18n import _

from kivy.clock import Clock
from kivy.properties import StringProperty


from .base import BaseScreen, load_kv_for

WAIT_FOR_HALL_S = 8.0
log = logging.getLogger(__name__)


class SubmittingScreen(BaseScreen):
    status = StringProperty("")

    def on_activate(self) -> None:
        from kiosk.outbox import OutboxFull   # sqlite_utils and cryptography: not before the first frame

        self.status = _("正在提交…")
        core = self.core
        try:
            core.journey.submit()
        except OutboxFull:
            self.status = _("本机暂时不能保存新的申请，请到窗口办理或呼叫工作人员")
            return
        except Exception as exc:    # disk full, key lost, damaged file: said plainly, nothing wiped here
            log.error("saving the application failed: %s", type(exc).__name__)
            self.status = _("申请没有保存成功。您填写的内容还在本机上，请不要离开，"
                            "请按“呼叫工作人员”，工作人员会帮您办理。")
            return
        core.services.delivery_listeners.append(self._delivered)
        self._timer = Clock.schedule_once(self._offline, WAIT_FOR_HALL_S)
        self.status = _("申请已安全保存，正在发送到政务服务中心…")

    def _delivered(self, local_ref: str, result: dict) -> None:
        if local_ref != self.core.session.outbox_ref or self.app.step != "submitting":
            return
        self._timer.cancel()
        self.core.session.result = result
        self.app.next()

    def _offline(self, _dt) -> None:
        # Not delivered yet: the outbox keeps trying; the citizen leaves with a provisional receipt.
        self.app.next()

    def on_deactivate(self) -> None:
        if self._delivered in self.core.services.delivery_listeners:
            self.core.services.delivery_listeners.remove(self._delivered)


load_kv_for(__name__)
