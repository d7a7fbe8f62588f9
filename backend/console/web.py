"""What every console page shares: the Jinja2 templates, the session cookie, CSRF and one-time form
tokens, idle logout, and turning the service layer's refusals into a message beside the field.

A session is a random id in an HttpOnly, SameSite=Strict cookie (Secure under TLS); the server keeps the
staff token it stands for, the CSRF token and the forms it handed out, in memory: a restarted server asks
everyone to sign in again, which is the safe way round. Idle logout is checked on every request."""
from __future__ import annotations

import datetime as dt
import os
import secrets
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

from .. import service

HERE = Path(__file__).resolve().parent
COOKIE = "hall_console"
ROLE_ZH = {"clerk": "综合受理窗口", "reviewer": "部门审批", "editor": "目录编辑", "supervisor": "大厅主管"}
APP_ZH = {"pre_accepted": "待窗口受理", "accepted": "已受理", "in_review": "审批中", "completed": "已办结",
          "returned": "已退回补正", "draft": "未提交"}
STATUS_ZH = {"received": "已接收", "dispatched": "已分派", "forwarded": "已转报市级", "under_review": "审批中",
             "approved": "已批准", "rejected": "未通过", "result_ready": "结果已出，待领取", "collected": "已领取",
             "posted": "已邮寄"}
MAX_FORMS = 64          # forms remembered per session (the rest are stale tabs: reload to get a fresh one)


class ConsoleError(Exception):
    """A page-level refusal: status code and a message for the person, optionally naming a form field."""

    def __init__(self, status: int, message: str, field: str | None = None):
        super().__init__(message)
        self.status, self.field = status, field


def idle_seconds() -> int:
    """HALL_CONSOLE_IDLE (seconds without a request before a console session ends), read once at start."""
    raw = os.environ.get("HALL_CONSOLE_IDLE", "1800")
    try:
        value = int(raw)
    except ValueError:
        raise SystemExit(f"HALL_CONSOLE_IDLE={raw!r}: expected whole seconds, e.g. 1800") from None
    if not 2 <= value <= 24 * 3600:
        raise SystemExit(f"HALL_CONSOLE_IDLE={raw!r}: expected 2 to 86400 seconds")
    return value


@dataclass
class Session:
    sid: str
    csrf: str
    seen: float
    token: str | None = None          # the staff token from the service layer's login
    user: object | None = None        # the service layer's Principal (username, role, department, window)
    forms: list[str] = field(default_factory=list)
    flash: str | None = None


class Sessions:
    def __init__(self, idle: int):
        self.idle = idle
        self._by_id: dict[str, Session] = {}
        self._lock = threading.Lock()

    def new(self) -> Session:
        s = Session(secrets.token_urlsafe(32), secrets.token_urlsafe(32), time.monotonic())
        with self._lock:
            self._expire()
            self._by_id[s.sid] = s
        return s

    def get(self, sid: str | None) -> tuple[Session | None, bool]:
        """(session, timed_out): an idle session is ended here, whatever the request was."""
        if not sid:
            return None, False
        with self._lock:
            s = self._by_id.get(sid)
            if s is None:
                return None, False
            if time.monotonic() - s.seen > self.idle:
                del self._by_id[sid]
                return None, s.user is not None
            s.seen = time.monotonic()
            return s, False

    def end(self, s: Session) -> None:
        with self._lock:
            self._by_id.pop(s.sid, None)

    def _expire(self) -> None:
        cut = time.monotonic() - self.idle
        for sid in [k for k, v in self._by_id.items() if v.seen < cut]:
            del self._by_id[sid]


def _zh_date(value) -> str:
    if not value:
        return ""
    d = dt.date.fromisoformat(str(value)[:10])
    return f"{d.year}年{d.month}月{d.day}日"


def _mask_id(value: str | None) -> str:
    v = str(value or "")
    return v[:3] + "*" * max(0, len(v) - 7) + v[-4:] if len(v) > 7 else v


def templates() -> Environment:
    env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(["html"]),
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["zh_date"] = _zh_date
    env.filters["mask_id"] = _mask_id
    from .forms import zh
    env.globals["zh"] = zh          # the catalogue checks' messages in Chinese (forms.py)
    env.globals["ROLE_ZH"] = ROLE_ZH
    env.globals["APP_ZH"] = APP_ZH
    env.globals["STATUS_ZH"] = STATUS_ZH
    env.globals["DEVICE_ZH"] = {"printer": "打印机", "idcard": "身份证阅读器", "camera": "高拍仪", "qr": "扫码器"}
    return env


class Console:
    """The console's state on one hall server: templates, sessions and the hall (database, catalogue)."""

    def __init__(self, hall):
        self.hall = hall
        self.env = templates()
        self.sessions = Sessions(idle_seconds())

    # -- sessions -------------------------------------------------------------------------------------

    def session(self, request: Request) -> Session | None:
        s, timed_out = self.sessions.get(request.cookies.get(COOKIE))
        if timed_out:
            raise ConsoleError(401, "长时间未操作，已自动退出，请重新登录。")
        return s

    def staff(self, request: Request, *roles: str) -> Session:
        """The signed-in session of one of `roles` (any role when none is named)."""
        s = self.session(request)
        if s is None or s.user is None:
            raise ConsoleError(401, "请先登录。")
        try:
            from .. import accounts
            with self.hall.engine.connect() as conn:
                s.user, stale = accounts.check_token(conn, s.token)
            if stale:               # the token's last use, once a minute: an active clerk stays signed in
                with self.hall.tx() as conn:
                    accounts.touch(conn, s.token)
        except service.Refused:
            self.sessions.end(s)
            raise ConsoleError(401, "登录已失效，请重新登录。") from None
        if roles and s.user.role not in roles and s.user.role != "supervisor":
            raise ConsoleError(403, "您的岗位无权打开此页面。")
        return s

    def set_cookie(self, request: Request, response, s: Session) -> None:
        response.set_cookie(COOKIE, s.sid, httponly=True, samesite="strict", path="/console",
                            secure=request.url.scheme == "https")

    # -- the service layer -----------------------------------------------------------------------------

    def read(self, fn, *args):
        with self.hall.engine.connect() as conn:
            return fn(conn, *args)

    def write(self, fn, *args):
        with self.hall.tx() as conn:
            return fn(conn, *args)

    # -- forms ----------------------------------------------------------------------------------------

    def form_token(self, s: Session) -> str:
        once = secrets.token_urlsafe(12)
        s.forms.append(once)
        del s.forms[:-MAX_FORMS]
        return once

    async def form(self, request: Request, s: Session | None) -> dict:
        """The posted form after its checks: CSRF token (403, nothing done) and one-time token (409)."""
        data = dict(await request.form())
        if s is None or not secrets.compare_digest(str(data.get("csrf", "")), s.csrf):
            raise ConsoleError(403, "表单校验失败（缺少或错误的安全令牌），未做任何更改。请刷新页面后重试。")
        once = str(data.get("once", ""))
        if once not in s.forms:
            raise ConsoleError(409, "这张表单已经提交过或已过期，未重复执行。请刷新页面后重试。")
        s.forms.remove(once)
        return {k: v for k, v in data.items() if k not in ("csrf", "once")}

    # -- rendering ------------------------------------------------------------------------------------

    def render(self, request: Request, name: str, s: Session | None, status: int = 200, **ctx) -> HTMLResponse:
        form = (lambda: {"csrf": s.csrf, "once": self.form_token(s)}) if s else (lambda: {})
        flash, s_flash = (s.flash, None) if s else (None, None)
        if s:
            s.flash = s_flash
        html = self.env.get_template(name).render(
            request=request, user=s.user if s else None, form=form, flash=flash, idle=self.sessions.idle,
            cat=self.hall.catalogue, **ctx)
        response = HTMLResponse(html, status_code=status)
        if s:
            self.set_cookie(request, response, s)
            response.headers["Cache-Control"] = "no-store"
        return response

    def redirect(self, to: str, s: Session | None = None, flash: str | None = None) -> RedirectResponse:
        if s is not None and flash:
            s.flash = flash
        return RedirectResponse(to, status_code=303)

    def error_page(self, request: Request, exc: ConsoleError) -> HTMLResponse:
        if exc.status == 401:
            s = self.sessions.new()
            nxt = request.url.path if request.method == "GET" else ""
            return self.render(request, "login.html", s, status=401, error=str(exc), next=nxt, username="")
        try:
            s = self.session(request)           # a signed-in person keeps the menu on the error page
        except ConsoleError:
            s = None
        return self.render(request, "error.html", s if s and s.user else None, status=exc.status, message=str(exc))


def refusal(exc: service.Refused, what: str) -> str:
    """A service refusal as the sentence a clerk reads: what failed, in Chinese, then the service's reason."""
    lead = {401: "请重新登录", 403: "无权操作", 404: "未找到", 409: "当前状态不允许", 413: "文件过大（不超过 2 MB）",
            415: "文件格式不对（请上传 JPEG 或 PNG 图片）", 422: "填写有误", 423: "账号已锁定", 429: "操作过于频繁"}
    return f"{what}未完成：{lead.get(exc.status, '被拒绝')}。（{exc}）"
