"""Staff mode: the hidden entry (five taps on the hall name within 3 s), the PIN pad, and the staff page
(device health, outbox, hall server, catalogue; check for a catalogue, test print, retry, leave, exit).

The rules (PIN hash, lockout, gesture timing) live in kiosk.staff; this module only draws and forwards.
`install(app)` hooks staff mode and the catalogue switch into the App without the App knowing them.
"""
from __future__ import annotations

from kiosk.i18n import N_, _

import logging
import time

from kivy.clock import Clock
from kivy.core.window import Window
from kivy.metrics import dp
from kivy.properties import BooleanProperty, StringProperty
from kivy.uix.modalview import ModalView

from kiosk import staff as rules

from . import style
from .base import BaseScreen, load_kv_for

log = logging.getLogger(__name__)

STATE_NAMES = {"present": N_("已连接"), "ready": N_("正常"), "degraded": N_("需注意"), "failed": N_("故障")}


def install(app) -> None:
    """Called once by the App's build: the gesture, leaving staff mode, and switching catalogues at rest."""
    core = app.core

    def touched(_window, touch):
        # The fixed top-left corner of the chrome (the hall name): nothing there reacts to a citizen's tap.
        corner = dp(style.BAR_DP)
        if touch.x > 1.5 * corner or touch.y < Window.height - corner:
            return False
        if any(isinstance(w, PinPad) for w in Window.children) or core.staff.active:
            return False
        if core.staff.gesture.tap(time.monotonic()):
            if core.staff.gate.enabled:
                Clock.schedule_once(lambda _dt: PinPad().open(), 0)
            else:
                log.warning("staff gesture seen but staff mode is off: set staff.pin_hash (kiosk staff set-pin)")
        return False

    def step_changed(_app, step: str) -> None:
        if step != "staff":
            core.staff.leave()
        if step == "attract":
            core.switch_to_pending_catalogue()     # the attract screen then shows the new one

    def catalogue_checked(result) -> None:
        if app.step == "attract" and core.switch_to_pending_catalogue():
            screen = app.sm.get_screen("attract")
            screen.on_deactivate()
            screen.on_activate()

    Window.bind(on_touch_down=touched)
    app.bind(step=step_changed)
    core.services.catalogue_listeners.append(catalogue_checked)


class PinPad(ModalView):
    """Digits only, shown as dots; the PIN is forgotten as soon as it is checked or the pad closes."""

    value = StringProperty("")
    message = StringProperty("")
    locked = BooleanProperty(False)

    def on_pre_open(self):
        self._build_keys()
        self._show_lock()
        self._app().bind(step=self._step_changed)

    def on_dismiss(self):
        self.value = ""
        self._app().unbind(step=self._step_changed)

    def _app(self):
        from kivy.app import App
        return App.get_running_app()

    def _step_changed(self, *_args):
        self.dismiss()       # a timeout or a wipe closes the pad too

    def _build_keys(self) -> None:
        from .widgets import KButton

        grid = self.ids.pinkeys
        grid.clear_widgets()
        for ch in "123456789C0<":
            if ch == "C":
                b = KButton(text=_("清空"), name="pin_clear", kind="secondary")
                b.bind(on_release=lambda _b: self.clear())
            elif ch == "<":
                b = KButton(text=_("删除"), name="pin_backspace", kind="secondary")
                b.bind(on_release=lambda _b: self.backspace())
            else:
                b = KButton(text=ch, name=f"key_{ch}", kind="secondary", base_sp=40)
                b.bind(on_release=lambda _b, c=ch: self.key(c))
            grid.add_widget(b)

    def key(self, ch: str) -> None:
        if not self.locked and len(self.value) < rules.PIN_MAX:
            self.value += ch

    def backspace(self) -> None:
        self.value = self.value[:-1]

    def clear(self) -> None:
        self.value = ""

    def _show_lock(self) -> None:
        gate = self._app().core.staff.gate
        left = gate.seconds_locked(time.time())
        self.locked = left > 0
        for key in self.ids.pinkeys.children:     # a locked pad takes no digits at all
            key.disabled = self.locked
        if self.locked:
            self.message = _("尝试次数过多，请{m}分钟后再试。").format(m=max(1, (left + 59) // 60))

    def submit(self) -> None:
        app = self._app()
        pin, self.value = self.value, ""
        outcome = app.core.staff.gate.check(pin, time.time())   # wall clock: the lock outlives a restart
        del pin
        if outcome == rules.OK:
            self.dismiss()
            app.core.staff.enter()         # wipes any citizen session first
            app.go("staff")
        elif outcome == rules.WRONG:
            self.message = _("密码不正确，还可再试{n}次。").format(n=app.core.staff.gate.tries_left())
        elif outcome == rules.LOCKED:
            self._show_lock()
        else:
            self.dismiss()


class StaffScreen(BaseScreen):
    devices = StringProperty("")
    outbox = StringProperty("")
    hall = StringProperty("")
    catalogue = StringProperty("")
    message = StringProperty("")

    def on_activate(self) -> None:
        if not self.core.staff.active:      # only the PIN pad leads here
            Clock.schedule_once(lambda _dt: self.app.go("attract"), 0)
            return
        self.message = ""
        if self._checked not in self.core.services.catalogue_listeners:
            self.core.services.catalogue_listeners.append(self._checked)
        self.refresh()

    def refresh(self) -> None:
        wait = _("正在检查…")
        self.devices = self.outbox = self.hall = wait
        self._show_catalogue()
        self.core.staff.status_async(self._show)

    def _show(self, status: dict) -> None:
        self.devices = "\n".join(f"{d['device']}: {_(STATE_NAMES.get(d['state'], d['state']))} — {d['reason']}"
                                 for d in status["devices"])
        c = status["outbox"]
        self.outbox = _("待发送 {p} · 发送中 {f} · 已送达 {d} · 被退回 {x}").format(
            p=c["pending"], f=c["in_flight"], d=c["delivered"], x=c["dead"]) if c else ""
        if status.get("outbox_problem"):
            self.outbox += "\n" + _("已停止发送：{e}").format(e=status["outbox_problem"])
        for aside in status.get("set_aside", []):
            n = aside["waiting"]
            self.outbox += "\n" + _("已隔离损坏的待发送库 {f}：其中 {n} 件申请待处理").format(
                f=aside["file"].rsplit("/", 1)[-1], n="?" if n is None else n)
        for worker, problem in sorted(status.get("problems", {}).items()):
            self.outbox += "\n" + _("后台错误（{w}）：{e}").format(w=worker, e=problem)
        h = status["hall"]
        self.hall = (_("可以连接，服务器目录版本 {v}").format(v=h["version"]) if h["reachable"]
                     else _("无法连接：{e}").format(e=h["error"]))

    def _show_catalogue(self) -> None:
        sync = self.core.services.catalogue_sync
        text = _("正在使用 {v}").format(v=self.core.catalogue.version)
        if sync.pending is not None:
            text += "\n" + _("新目录 {v} 已下载，退出工作人员模式后启用").format(v=sync.pending.version)
        last = sync.last
        if last is not None and last.outcome in ("refused", "unreachable"):
            text += "\n" + (_("上次检查：目录被拒绝（{r}）") if last.outcome == "refused"
                             else _("上次检查：无法连接（{r}）")).format(r=last.reason)
        self.catalogue = text

    def check_catalogue(self) -> None:
        self.message = _("正在检查新目录…")
        self.core.services.catalogue_sync.check_now()

    def _checked(self, result) -> None:
        if self.app.step != "staff":
            return
        self._show_catalogue()
        self.message = {
            "new": _("已下载新目录 {v}").format(v=result.version),
            "unchanged": _("目录已是最新"),
            "refused": _("新目录未通过检查，继续使用原目录"),
            "unreachable": _("无法连接大厅服务器"),
        }[result.outcome]

    def print_test(self) -> None:
        self.message = _("正在打印测试页…")
        self.core.staff.print_test_page(self._printed)

    def _printed(self, ok: bool, problem: str | None) -> None:
        self.message = _("测试页已打印") if ok else _("打印失败：{p}").format(p=problem)

    def retry_dead(self) -> None:
        n = self.core.staff.retry_dead()
        self.message = _("已重新排队 {n} 份申请").format(n=n)
        self.refresh()

    def leave(self) -> None:
        self.app.finish()

    def exit_to_desktop(self) -> None:
        if not self.core.staff.may_exit_to_desktop():
            return
        log.info("staff exit to the desktop")
        self.app.exit_code = 0
        self.app.stop()


load_kv_for(__name__)
