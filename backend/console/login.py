"""Signing in and out of the console; the start page sends each role to its own screen."""
from __future__ import annotations

from fastapi import APIRouter, Request

from .. import service
from .web import Console, ConsoleError

HOME = {"clerk": "/console/window", "reviewer": "/console/review", "supervisor": "/console/dashboard",
        "editor": "/console/catalogue"}


def routes(console: Console) -> APIRouter:
    r = APIRouter()

    @r.get("/console/")
    @r.get("/console")
    def start(request: Request):
        s = console.session(request)
        if s is None or s.user is None:
            return console.redirect("/console/login")
        s = console.staff(request)
        if s.user.role not in HOME:
            raise ConsoleError(403, "您的岗位在控制台暂无页面。目录编辑请用 kiosk-hall publish（见 README）。")
        return console.redirect(HOME[s.user.role])

    @r.get("/console/login")
    def login_page(request: Request, idle: int = 0, next: str = ""):
        s = console.session(request)
        if s is None or s.user is not None:
            s = console.sessions.new()
        error = "长时间未操作，已自动退出，请重新登录。" if idle else None
        return console.render(request, "login.html", s, error=error, next=next, username="")

    @r.post("/console/login")
    async def login(request: Request):
        s = console.session(request)
        data = await console.form(request, s)
        username = str(data.get("username", "")).strip()[:64]
        password = str(data.get("password", ""))[:256]
        errors = {}
        if not username:
            errors["username"] = "请输入用户名。"
        if not password:
            errors["password"] = "请输入密码。"
        if not errors:
            from .. import accounts
            try:
                with console.hall.tx() as conn:
                    out = accounts.login(conn, username, password)
            except service.Refused as exc:
                status = exc.status if exc.status in (401, 423, 429) else 400
                message = {401: "用户名或密码不正确。", 423: "账号已锁定（连续五次输错密码），请十五分钟后再试或联系大厅主管。",
                           429: "尝试次数过多，请稍后再试。"}.get(status, str(exc))
                errors["password"] = message
                return console.render(request, "login.html", s, status=status, errors=errors, username=username,
                                      next=data.get("next", ""))
            console.sessions.end(s)                    # a fresh session id once signed in (no fixation)
            s = console.sessions.new()
            s.token = out["token"]
            with console.hall.engine.connect() as conn:
                s.user, _stale = accounts.check_token(conn, s.token)
            nxt = str(data.get("next", ""))
            to = nxt if nxt.startswith("/console/") and not nxt.startswith("//") else HOME.get(s.user.role)
            to = to if to != "/console/login" else None
            response = console.redirect(to or "/console/")
            console.set_cookie(request, response, s)
            return response
        return console.render(request, "login.html", s, status=422, errors=errors, username=username,
                              next=data.get("next", ""))

    @r.post("/console/logout")
    async def logout(request: Request):
        s = console.session(request)
        await console.form(request, s)
        if s is not None and s.token:
            from .. import accounts
            try:
                with console.hall.tx() as conn:
                    accounts.logout(conn, s.token)
            except service.Refused:
                pass                                   # already expired: signed out either way
        if s is not None:
            console.sessions.end(s)
        response = console.redirect("/console/login")
        response.delete_cookie("hall_console", path="/console")
        return response

    return r
