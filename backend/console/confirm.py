"""Department confirmation pages: confirmed/pending per department and theme (editors, supervisor), a
department's review sheet (its own reviewers confirm a matter or leave a comment; editors read it), and the
sheet as a printable A4 page. Thin over backend/catalogue_review.py; the actor is the signed-in user."""
from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from .. import catalogue_review, service
from .forms import FORMS
from .web import Console, ConsoleError, refusal


def routes(console: Console) -> APIRouter:
    r = APIRouter()
    hall = console.hall

    def reader(request: Request, department: str):
        """A reviewer of this department, an editor or the supervisor; (session, may answer)."""
        s = console.staff(request, "reviewer", "editor")
        if s.user.role == "reviewer" and s.user.department != department:
            raise ConsoleError(403, "这是其他部门的事项确认表，您只能确认本部门的事项。")
        return s, s.user.role in ("reviewer", "supervisor")

    @r.get("/console/catalogue/review")
    def overview(request: Request):
        s = console.staff(request, "reviewer", "editor")
        if s.user.role == "reviewer":
            return console.redirect(f"/console/catalogue/review/{s.user.department}")
        return console.render(request, "catalogue_review.html", s, st=catalogue_review.status(hall))

    def sheet_page(request: Request, s, department: str, answer: bool, status: int = 200,
                   errors: dict | None = None, posted: dict | None = None):
        try:
            data = catalogue_review.sheet(hall, department)
        except service.Refused as exc:
            raise ConsoleError(exc.status, f"没有部门 {department}。") from None
        return console.render(request, "catalogue_sheet.html", s, status=status, d=data, answer=answer,
                              errors=errors or {}, posted=posted or {}, FORMS=FORMS)

    @r.get("/console/catalogue/review/{department}")
    def sheet(request: Request, department: str):
        s, answer = reader(request, department)
        return sheet_page(request, s, department, answer)

    @r.get("/console/catalogue/review/{department}/print")
    def printable(request: Request, department: str):
        reader(request, department)
        try:
            data = catalogue_review.sheet(hall, department)
        except service.Refused:
            raise ConsoleError(404, f"没有部门 {department}。") from None
        return HTMLResponse(catalogue_review.sheet_html(data), headers={"Cache-Control": "no-store"})

    @r.post("/console/catalogue/review/{department}/{matter}")
    async def answer(request: Request, department: str, matter: str):
        s, may = reader(request, department)
        if not may:
            raise ConsoleError(403, "事项由本部门审核人员确认，编辑人员不能代为确认。")
        data = await console.form(request, s)
        action, text = str(data.get("action", "")), str(data.get("text", "")).strip()
        try:
            if action == "confirm":
                catalogue_review.confirm(hall, matter, department, s.user.username)
                done = "已确认"
            elif action == "comment":
                if not text:
                    return sheet_page(request, s, department, may, 422, {matter: "请写明需要修改的内容。"}, data)
                if len(text) > 2000:
                    return sheet_page(request, s, department, may, 422, {matter: "意见不超过 2000 字。"}, data)
                catalogue_review.comment(hall, matter, department, s.user.username, text)
                done = "意见已提交给目录编辑"
            else:
                return sheet_page(request, s, department, may, 422, {matter: "请选择确认或提交意见。"}, data)
        except service.Refused as exc:
            return sheet_page(request, s, department, may, exc.status, {matter: refusal(exc, "确认")}, data)
        name = hall.catalogue.matters[matter].name if matter in hall.catalogue.matters else matter
        return console.redirect(f"/console/catalogue/review/{department}#m-{matter}", s, f"{name}：{done}。")

    return r
