"""The reviewer's queue: the matters of their own department, overdue first, due dates in working days, and
the next step of each (开始审查, 批准, 不予批准 with a reason, 出结果). The department check is the service's."""
from __future__ import annotations

from fastapi import APIRouter, Request

from .. import desk, service
from ..matters import move_status
from .web import Console, ConsoleError, refusal

#: The steps a reviewer takes from each status, with the button's words.
NEXT = {"dispatched": [("under_review", "开始审查")], "forwarded": [("under_review", "开始审查")],
        "under_review": [("approved", "批准"), ("rejected", "不予批准")], "approved": [("result_ready", "出结果")]}
DONE_ZH = {"under_review": "已开始审查", "approved": "已批准", "rejected": "已作出不予批准决定",
           "result_ready": "已出结果，等待窗口统一发放"}


def routes(console: Console) -> APIRouter:
    r = APIRouter()
    cat = lambda: console.hall.catalogue  # noqa: E731

    def page(request: Request, s, department: str | None, errors: dict | None = None, status: int = 200,
             posted: dict | None = None):
        p = s.user
        dept = p.department if p.role == "reviewer" else (department or None)
        if dept and dept not in cat().departments:
            raise ConsoleError(404, f"没有部门 {dept}。")
        matters = console.read(desk.reviewer_matters, cat(), console.hall.calendar, p, dept, 200)
        return console.render(request, "reviewer.html", s, status=status, matters=matters, dept=dept, NEXT=NEXT,
                              errors=errors or {}, posted=posted or {},
                              departments=sorted(cat().departments.values(), key=lambda d: d.id))

    @r.get("/console/review")
    def queue(request: Request, department: str | None = None):
        s = console.staff(request, "reviewer")
        return page(request, s, department)

    @r.post("/console/review/{receipt}/{matter}")
    async def move(request: Request, receipt: str, matter: str):
        s = console.staff(request, "reviewer")
        data = await console.form(request, s)
        status, note = str(data.get("status", "")), str(data.get("note", "")).strip()
        dept = data.get("department") or None
        key = f"{receipt}:{matter}"
        if status not in DONE_ZH:
            return page(request, s, dept, {key: "请选择下一步。"}, 422)
        if status == "rejected" and not note:
            return page(request, s, dept, {key: "不予批准须写明理由。"}, 422, data)
        if len(note) > 500:
            return page(request, s, dept, {key: "理由不超过 500 字。"}, 422, data)
        try:
            console.write(move_status, receipt, matter, status, s.user.username, note or None, s.user)
        except service.Refused as exc:
            return page(request, s, dept, {key: refusal(exc, "审批")}, exc.status, data)
        name = cat().matters[matter].name if matter in cat().matters else matter
        back = "/console/review" + (f"?department={dept}" if dept and s.user.role != "reviewer" else "")
        return console.redirect(back, s, f"{receipt} {name}：{DONE_ZH[status]}。")

    return r
