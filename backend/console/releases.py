"""The editor's preview, publish and history pages: the merged notice per situation from the draft
(content/preview.py, the same data the kiosk prints), "what changes for citizens" against the published
release (content/diff.py), publish, the release history (who, when, what) and rollback in one action.
The work is catalogue_draft.publish and catalogue_versions.rollback, as for the JSON API and the CLI."""
from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from content import load_documents
from content.diff import changes
from content.preview import theme_html
from content.texts import parse_texts

from .. import catalogue_draft, catalogue_versions, service
from .editor import EDITORS, edit_url
from .web import Console, ConsoleError, refusal


def routes(console: Console) -> APIRouter:
    r = APIRouter()
    hall = console.hall

    def draft():
        """(catalogue or None, errors) of the draft."""
        texts, base = catalogue_draft.load(hall)
        errors = catalogue_draft.check(texts)
        return (None if errors else load_documents(parse_texts(texts))), errors, base

    @r.get("/console/catalogue/preview")
    def preview(request: Request, theme: str | None = None, source: str = "draft"):
        s = console.staff(request, *EDITORS)
        cat, errors, _ = draft()
        if source == "live" or cat is None:
            cat, source = hall.catalogue, "live"
        themes = sorted(cat.themes.values(), key=lambda t: t.no)
        if theme is not None:
            try:
                cat.theme(theme)
            except (KeyError, ValueError):
                raise ConsoleError(404, f"没有主题 {theme}。") from None
        return console.render(request, "catalogue_preview.html", s, themes=themes, theme=theme or themes[0].id,
                              source=source, errors=errors)

    @r.get("/console/catalogue/preview/{theme}/notice")
    def notice(request: Request, theme: str, source: str = "draft"):
        """The notice itself (in the preview page's frame)."""
        console.staff(request, *EDITORS)
        cat, _errors, _ = draft()
        cat = hall.catalogue if source == "live" or cat is None else cat
        try:
            t = cat.theme(theme)
        except (KeyError, ValueError):
            raise ConsoleError(404, f"没有主题 {theme}。") from None
        return HTMLResponse(theme_html(cat, t), headers={"Cache-Control": "no-store"})

    def publish_page(request: Request, s, status: int = 200, error: str | None = None):
        cat, errors, base = draft()
        diff = changes(hall.catalogue, cat) if cat is not None else None
        return console.render(request, "catalogue_publish.html", s, status=status, diff=diff, errors=errors,
                              base=base, release=hall.release, error=error, edit_url=edit_url)

    @r.get("/console/catalogue/publish")
    def publish_form(request: Request):
        s = console.staff(request, *EDITORS)
        return publish_page(request, s)

    @r.post("/console/catalogue/publish")
    async def publish(request: Request):
        s = console.staff(request, *EDITORS)
        await console.form(request, s)
        try:
            number = catalogue_draft.publish(hall, s.user.username)
        except service.Refused as exc:
            return publish_page(request, s, exc.status, refusal(exc, "发布"))
        return console.redirect("/console/catalogue/history", s,
                                f"已发布第 {number} 版（目录版本 {hall.catalogue.version}），自助机下次同步时更新。")

    @r.get("/console/catalogue/history")
    def history(request: Request):
        s = console.staff(request, *EDITORS)
        rows = console.read(catalogue_versions.history)
        return console.render(request, "catalogue_history.html", s, rows=rows, release=hall.release)

    @r.post("/console/catalogue/rollback/{number}")
    async def rollback(request: Request, number: int):
        s = console.staff(request, *EDITORS)
        await console.form(request, s)
        try:
            new = catalogue_versions.rollback(hall, number, s.user.username)
            catalogue_draft.follow_release(hall, new, s.user.username)
        except service.Refused as exc:
            rows = console.read(catalogue_versions.history)
            return console.render(request, "catalogue_history.html", s, status=exc.status, rows=rows,
                                  release=hall.release, error=refusal(exc, "回滚"))
        return console.redirect("/console/catalogue/history", s,
                                f"已回滚：第 {number} 版的内容重新发布为第 {new} 版。")

    return r
