"""The citizen's status page, opened from the receipt QR on a phone: progress department by department and
what is still owed, with no personal data beyond a masked name. The lookup (and its rate limit) is the
service layer's; this module only renders what it answers."""
from __future__ import annotations

import json

from fastapi import APIRouter, Request
from sqlalchemy import select

from .. import db
from .web import STATUS_ZH, Console

STEPS = ["dispatched", "under_review", "approved", "result_ready", "collected"]
STEP_ZH = {"dispatched": "分派", "under_review": "审批", "approved": "批准", "result_ready": "出结果",
           "collected": "领取"}
TONE = {"approved": "ok", "result_ready": "ok", "collected": "ok", "posted": "ok", "rejected": "bad",
        "under_review": "warn", "forwarded": "warn"}
APP_ZH = {"pre_accepted": "已预受理，请到窗口办理", "accepted": "已受理", "in_review": "审批中", "completed": "已办结",
          "returned": "已退回补正", "draft": "未提交"}
NAME_FIELDS = ("name", "name@applicant", "name@father", "name@mother", "name@legal_representative")


def mask_name(name: str) -> str:
    """Surname and, for longer names, the last character: 李* / 王*芳."""
    name = name.strip()
    if len(name) <= 1:
        return name and "*"
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


def applicant_name(form: dict) -> str:
    """The applicant's name from the form: their own name field, else the first person named."""
    for key in NAME_FIELDS:
        if str(form.get(key, "")).strip():
            return str(form[key]).strip()
    return next((str(v).strip() for k, v in form.items() if k.startswith("name@") and str(v).strip()), "")


def masked_applicant(conn, receipt: str) -> str:
    row = conn.execute(select(db.applications.c.payload).where(db.applications.c.receipt == receipt)).first()
    name = applicant_name(json.loads(row.payload).get("form", {}) if row else {})
    return mask_name(name) if name else ""


def steps_done(status: str) -> int:
    if status in ("collected", "posted"):
        return len(STEPS)
    order = {"received": 0, "dispatched": 1, "forwarded": 1, "under_review": 2, "approved": 3, "rejected": 3,
             "result_ready": 4}
    return order.get(status, 0)


def render(console: Console, request: Request, view: dict, masked: str, status: int = 200):
    """The page for one lookup's answer (`progress.lookup`'s view) and the masked applicant name."""
    cat = console.hall.catalogue
    matters = []
    for m in view["matters"]:
        matter = cat.matters.get(m["matter"])
        dept = cat.departments.get(m["department"])
        matters.append({**m, "name": matter.name if matter else m["matter"], "dept": dept.name if dept else "",
                        "status_zh": STATUS_ZH.get(m["status"], m["status"]), "tone": TONE.get(m["status"], ""),
                        "done": steps_done(m["status"])})
    theme = cat.themes.get(view["theme"])
    return console.render(request, "status.html", None, status=status, view=view, matters=matters, masked=masked,
                          owed=[o for o in view["owed"] if not o["received"]], steps=STEPS, step_zh=STEP_ZH,
                          theme_name=theme.name if theme else view["theme"],
                          app_zh=APP_ZH.get(view["status"], view["status"]))


def not_found(console: Console, request: Request):
    return console.render(request, "status.html", None, status=404, view=None)


def routes(console: Console) -> APIRouter:
    return APIRouter()      # /s/{receipt} stays in backend/api.py beside the lookup it calls
