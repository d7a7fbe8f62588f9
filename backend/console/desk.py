"""The application desk (一窗受理): the form, page images, the merged material checklist with originals sighted,
容缺 items, per-department progress, accept or return for correction, hand-over of results, and the two
printable notices (受理通知书, 补正告知书). Every action is the service layer's (backend/desk.py)."""
from __future__ import annotations

from fastapi import APIRouter, Request, Response
from starlette.datastructures import UploadFile

from .. import desk, service
from .status import applicant_name
from .web import Console, ConsoleError, refusal

MAX_UPLOAD = service.MAX_PAGE_BYTES


def _media(data: bytes) -> str:
    return "image/png" if data[:8] == b"\x89PNG\r\n\x1a\n" else "image/jpeg"


def routes(console: Console) -> APIRouter:
    r = APIRouter()
    cat = lambda: console.hall.catalogue  # noqa: E731

    def load(s, receipt: str) -> dict:
        try:
            return console.read(desk.view, cat(), receipt, s.user)
        except service.Refused as exc:
            if exc.status == 404:
                raise ConsoleError(404, f"没有受理编号为 {receipt} 的申请。") from None
            if exc.status == 403:
                raise ConsoleError(403, "这件申请不在您的窗口或部门，无权查看。") from None
            raise

    def page(request: Request, s, receipt: str, status: int = 200, errors: dict | None = None, **extra):
        app = load(s, receipt)
        return console.render(request, "desk.html", s, status=status, app=app, errors=errors or {},
                              can_act=s.user.role in ("clerk", "supervisor"), **extra)

    @r.get("/console/desk/{receipt}")
    def show(request: Request, receipt: str):
        s = console.staff(request, "clerk", "reviewer")
        return page(request, s, receipt)

    @r.get("/console/desk/{receipt}/pages/{page_id}")
    def page_image(request: Request, receipt: str, page_id: str):
        s = console.staff(request, "clerk", "reviewer")
        try:
            data = console.read(desk.page, cat(), receipt, page_id, s.user)
        except service.Refused as exc:
            raise ConsoleError(exc.status, refusal(exc, "打开材料页")) from None
        return Response(data, media_type=_media(data), headers={"Cache-Control": "private, max-age=3600"})


    @r.post("/console/desk/{receipt}/originals")
    async def originals(request: Request, receipt: str):
        s = console.staff(request, "clerk")
        data = await console.form(request, s)
        if data.get("confirm") != "yes":
            return page(request, s, receipt, status=422,
                        errors={"originals": "请先逐项核对原件，再勾选“已核对全部原件”。"})
        try:
            console.write(desk.sight_originals, cat(), receipt, s.user)
        except service.Refused as exc:
            return page(request, s, receipt, status=exc.status, errors={"originals": refusal(exc, "核验原件")})
        return console.redirect(f"/console/desk/{receipt}", s, "已记录：原件核验无误。")

    @r.post("/console/desk/{receipt}/accept")
    async def accept(request: Request, receipt: str):
        s = console.staff(request, "clerk")
        await console.form(request, s)
        try:
            console.write(desk.accept, cat(), console.hall.calendar, receipt, s.user)
        except service.Refused as exc:
            msg = ("请先核验原件，再受理。" if "sight the originals" in str(exc) else refusal(exc, "受理"))
            return page(request, s, receipt, status=exc.status, errors={"accept": msg})
        return console.redirect(f"/console/desk/{receipt}", s,
                                "已受理，并已同时分派到各部门。请打印《受理通知书》交给申请人。")

    @r.post("/console/desk/{receipt}/return")
    async def return_(request: Request, receipt: str):
        s = console.staff(request, "clerk")
        data = await console.form(request, s)
        text = str(data.get("reasons", ""))
        reasons = [line.strip() for line in text.splitlines() if line.strip()]
        if not reasons:
            return page(request, s, receipt, status=422, errors={"reasons": "请写明需要补正的内容，每行一条。"})
        if len(text) > 2000 or any(len(x) > 200 for x in reasons):
            return page(request, s, receipt, status=422, posted=data,
                        errors={"reasons": "补正内容过长：每条不超过 200 字，合计不超过 2000 字。"})
        try:
            console.write(desk.return_for_correction, cat(), receipt, reasons, s.user)
        except service.Refused as exc:
            return page(request, s, receipt, status=exc.status, posted=data, errors={"reasons": refusal(exc, "退回补正")})
        return console.redirect(f"/console/desk/{receipt}", s, "已退回补正。请打印《补正告知书》交给申请人。")

    @r.post("/console/desk/{receipt}/owed/{material}")
    async def owed(request: Request, receipt: str, material: str):
        s = console.staff(request, "clerk")
        data = await console.form(request, s)
        upload = data.get("page")
        key = f"owed:{material}"
        if not isinstance(upload, UploadFile) or not upload.filename:
            return page(request, s, receipt, status=422, errors={key: "请选择收到材料的扫描件或照片（JPEG 或 PNG）。"})
        content = await upload.read(MAX_UPLOAD + 1)
        if len(content) > MAX_UPLOAD:
            return page(request, s, receipt, status=413, errors={key: "文件过大：不超过 2 MB。"})
        try:
            out = console.write(desk.owed_received, cat(), receipt, material, content, s.user)
        except service.Refused as exc:
            return page(request, s, receipt, status=exc.status, errors={key: refusal(exc, "登记补交材料")})
        name = next((o["name"] for o in out["owed"] if o["material"] == material), material)
        return console.redirect(f"/console/desk/{receipt}", s, f"已收到补交材料：{name}。")

    @r.post("/console/desk/{receipt}/handover")
    async def handover(request: Request, receipt: str):
        s = console.staff(request, "clerk")
        data = await console.form(request, s)
        how = data.get("how")
        if how not in ("collected", "posted"):
            return page(request, s, receipt, status=422, errors={"handover": "请选择“当场领取”或“邮寄送达”。"})
        try:
            console.write(desk.handover, cat(), receipt, how, s.user)
        except service.Refused as exc:
            owed = [d["material"] for d in exc.details if "material" in d]
            if exc.status == 409 and owed:
                app = load(s, receipt)
                names = [o["name"] for o in app["owed"] if o["material"] in owed]
                msg = f"不能发放结果：容缺材料尚未补交（{'、'.join(names)}）。请先收取材料再发放。"
            elif exc.status == 409 and any("matter" in d for d in exc.details):
                msg = "不能发放结果：还有部门未出结果，结果须一次统一发放。"
            else:
                msg = refusal(exc, "发放结果")
            return page(request, s, receipt, status=exc.status, errors={"handover": msg})
        return console.redirect(f"/console/desk/{receipt}", s,
                                "结果已全部发放（当场领取）。" if how == "collected" else "结果已全部交邮寄送达。")

    @r.get("/console/desk/{receipt}/notice/{kind}")
    def notice(request: Request, receipt: str, kind: str):
        s = console.staff(request, "clerk")
        app = load(s, receipt)
        if kind not in ("accepted", "correction"):
            raise ConsoleError(404, "没有这种告知书。")
        if kind == "accepted" and app["accepted_at"] is None:
            raise ConsoleError(409, "这件申请尚未受理，不能打印受理通知书。")
        if kind == "correction" and app["status"] != "returned":
            raise ConsoleError(409, "这件申请没有退回补正，不能打印补正告知书。")
        name = applicant_name({f["id"]: f["value"] for f in app["form"] if f["value"]})
        loc = cat().locations.get(next((lo.id for lo in cat().locations.values()
                                        if lo.ticket_prefix == app["window"]), ""))
        return console.render(request, f"notice_{kind}.html", s, app=app, applicant=name, loc=loc)

    return r
