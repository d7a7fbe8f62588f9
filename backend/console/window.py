"""The clerk's window screen: the waiting list, 叫号 / 重呼 / 过号, and the called ticket's application
opened at once (the ticket-to-application link)."""
from __future__ import annotations

from fastapi import APIRouter, Request

from .. import desk, queue, service
from .web import Console, ConsoleError, refusal


def letter_for(console: Console, user, asked: str | None) -> str:
    letters = sorted({loc.ticket_prefix for loc in console.hall.catalogue.locations.values()})
    if user.role == "clerk":
        return user.window
    letter = (asked or letters[0]).upper()
    if letter not in letters:
        raise ConsoleError(404, f"没有 {letter} 窗口（现有：{'、'.join(letters)}）。")
    return letter


def routes(console: Console) -> APIRouter:
    r = APIRouter()
    cat = lambda: console.hall.catalogue  # noqa: E731  (the active catalogue can change while serving)

    def page(request: Request, s, letter: str, error: str | None = None, status: int = 200):
        p = s.user
        q = console.read(queue.window_queue, cat(), letter, p)
        recent = console.read(desk.desk_list, cat(), p, None, 12)
        if p.role == "supervisor":
            recent = [a for a in recent if a.get("ticket", "") and a["ticket"].startswith(letter)] or recent
        letters = sorted({loc.ticket_prefix for loc in cat().locations.values()})
        return console.render(request, "window.html", s, status=status, q=q, letter=letter, letters=letters,
                              recent=recent, error=error)

    @r.get("/console/window")
    def window(request: Request, w: str | None = None):
        s = console.staff(request, "clerk")
        return page(request, s, letter_for(console, s.user, w))

    @r.get("/console/window/list")
    def waiting_list(request: Request, w: str | None = None):
        """Only the waiting list, for the page's 10-second refresh."""
        s = console.staff(request, "clerk")
        q = console.read(queue.window_queue, cat(), letter_for(console, s.user, w), s.user)
        return console.render(request, "window_list.html", s, q=q)

    @r.post("/console/window/{action}")
    async def act(request: Request, action: str):
        s = console.staff(request, "clerk")
        data = await console.form(request, s)
        letter = letter_for(console, s.user, data.get("w"))
        fn = {"call": queue.call_next, "recall": queue.recall, "skip": queue.skip}.get(action)
        if fn is None:
            raise ConsoleError(404, "没有这个操作。")
        what = {"call": "叫号", "recall": "重呼", "skip": "过号"}[action]
        try:
            out = console.write(fn, cat(), letter, s.user)
        except service.Refused as exc:
            return page(request, s, letter, error=refusal(exc, what), status=exc.status)
        back = f"/console/window?w={letter}" if s.user.role == "supervisor" else "/console/window"
        if action == "call":
            if out["ticket"] is None:
                return console.redirect(back, s, "目前没有等候的号。")
            if out["receipt"]:
                # The called ticket opens its application at once: the clerk has the form before the citizen sits.
                return console.redirect(f"/console/desk/{out['receipt']}", s,
                                        f"已叫号 {out['ticket']}，请 {out['ticket']} 号到 {letter} 窗口。")
            return console.redirect(back, s, f"已叫号 {out['ticket']}（现场取号，没有预填的申请）。")
        if action == "recall":
            return console.redirect(back, s, f"已重呼 {out['ticket']}。")
        return console.redirect(back, s, f"{out['ticket']} 已过号。")

    return r
