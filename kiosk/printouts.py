"""What the kiosk prints: queue ticket, notice checklist, receipt, provisional receipt.

Each is a devices.printer Document; the same content is shown on screen (with a QR to save it) when the
printer is out of paper or failed, so nothing depends on paper alone. ID numbers and names are masked.
"""
from __future__ import annotations

import datetime as dt

from devices.printer import Document

from .privacy import mask_name

HALL = "梅县区政务服务中心"


def _head(doc: Document, title: str) -> Document:
    return (doc.text(HALL, align="center", bold=True, height=2)
            .text(title, align="center").separator())


PLAIN_WAIT = "请留意叫号"
WAIT_LINE = "前面还有 {n} 人，预计等待约 {m} 分钟"


def wait_line(wait: dict | None) -> str:
    """The hall's estimate as a citizen reads it; the plain line when the hall gave none (no history today,
    or the hall could not be reached): a made-up figure would be worse than none."""
    if not wait or wait.get("minutes") is None or wait.get("ahead") is None:
        return PLAIN_WAIT
    return WAIT_LINE.format(n=wait["ahead"], m=wait["minutes"])


def ticket(theme_name: str, number: str, window: str, location: str, when: dt.datetime,
           status_url: str | None = None, wait: dict | None = None) -> Document:
    doc = _head(Document(), "“一件事”排队票")
    doc.text("您的排队号", align="center").big(number).feed(1)
    doc.text(wait_line(wait), align="center", bold=True)
    doc.text(f"事项：{theme_name}", bold=True).text(f"窗口：{window}").text(f"地点：{location}")
    doc.text(f"取号时间：{when:%Y-%m-%d %H:%M}").separator().text("请留意叫号，过号请重新取号。")
    if status_url:
        doc.feed(1).qr(status_url).text("手机扫码查看办理进度", align="center")
    return doc.cut()


def notice_checklist(n: dict) -> Document:
    """一次告知单: what to bring, in one list, as a checklist the citizen ticks at home."""
    doc = _head(Document(), "一次告知单")
    doc.text(n["theme"]["name"], bold=True, height=2)
    doc.text("涉及事项：")
    for m in n["matters"]:
        city = "（市级审批）" if m["approval_level"] == "city" else ""
        doc.text(f"· {m['name']}（{m['department_name']}）{city}")
    doc.separator().text("请准备以下材料（一套即可）：", bold=True)
    for m in n["materials"]:
        if m["generated"] or not m["provide"]:
            continue
        form = {"original": "原件", "copy": "复印件", "original_and_copy": "原件及复印件",
                "electronic": "电子版"}[m["form"]]
        later = "，可容缺后补" if not m["key"] else ""
        doc.text(f"□ {m['name']}（{form}{later}）")
    shared = [m for m in n["materials"] if m["from_matter"]]
    for m in shared:
        doc.text(f"○ {m['name']}：本次办结后内部共享，无需提供")
    t = n["time"]
    doc.separator().text(f"办理时限：约{t['total_working_days']}个工作日（各部门并联审批）")
    fee = n["fees"]["total"]
    doc.text("收费：不收费" if fee == 0 else f"收费：约{fee:g}元（详见各事项说明）")
    doc.text(f"办理地点：{n['location']['name']} {n['location']['window']}")
    return doc.cut()


def receipt(theme_name: str, result: dict, applicant: str | None, status_url: str | None) -> Document:
    doc = _head(Document(), "受理回执")
    doc.text("受理编号", align="center").text(result["receipt"], align="center", bold=True, width=2, height=2)
    doc.text(f"事项：{theme_name}", bold=True)
    if applicant:
        doc.text(f"申请人：{mask_name(applicant)}")
    doc.text(f"受理时间：{result.get('accepted_at', '')[:16].replace('T', ' ')}")
    due = result.get("due_date")
    if due:
        doc.text(f"预计办结：{due}" + ("（暂定，以节假日安排为准）" if result.get("due_provisional") else ""))
    owed = [o for o in result.get("owed", []) if not o.get("received")]
    if owed:
        doc.separator().text("容缺受理，请在领取结果前补交：", bold=True)
        for o in owed:
            doc.text(f"□ {o['name']}")
    if result.get("ticket"):
        doc.separator().text(f"排队号：{result['ticket']}")
    if status_url:
        doc.feed(1).qr(status_url).text("手机扫码查看各部门办理进度", align="center")
    return doc.cut()


def provisional_receipt(theme_name: str, local_ref: str, window: str, location: str,
                        when: dt.datetime) -> Document:
    """Printed when the hall server cannot be reached: the application is safe and will be sent."""
    doc = _head(Document(), "临时回执")
    doc.text("临时编号", align="center").text(local_ref, align="center", bold=True, width=2, height=2)
    doc.text(f"事项：{theme_name}", bold=True).text(f"提交时间：{when:%Y-%m-%d %H:%M}")
    doc.separator().text("网络暂时中断，您的申请已安全保存，").text("将自动发送，无需重新办理。")
    doc.text(f"请凭此回执到 {location} {window} 办理。")
    return doc.cut()
