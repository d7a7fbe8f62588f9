"""Department confirmation: a printable review sheet per department, confirmations and comments.

Every matter starts `review = "pending"`. A department's reviewer reads its sheet (each of its matters in
every theme that uses it: documents, form fields, time limit, fee, where, as citizens will see them), then
confirms a matter or leaves a comment for the editors. A confirmation is written into the draft
(`review = "confirmed"`, `reviewed_by`, `reviewed_at`), so it reaches kiosks with the next release; every
confirmation and comment is also kept in `catalogue_reviews`. The actor is a parameter: today the staff
token's caller names themselves, per-user accounts plug in here.
"""
from __future__ import annotations

from html import escape

from sqlalchemy import insert, select

from content import load_documents
from content.merge import merge_fields, merge_materials
from content.texts import parse_texts

from . import catalogue_draft, db, service


def _catalogue(hall):
    """What the department is asked about: the draft when it passes its checks, else the live release."""
    try:
        texts, _ = catalogue_draft.load(hall)
    except service.Refused:
        return hall.catalogue, "live"
    if catalogue_draft.check(texts):
        return hall.catalogue, "live"
    return load_documents(parse_texts(texts)), "draft"


def sheet(hall, department: str) -> dict:
    """The review sheet's data: each of the department's matters with what citizens will see."""
    cat, source = _catalogue(hall)
    if department not in cat.departments:
        raise service.Refused(404, f"no department {department!r}")
    dept = cat.departments[department]
    matters = []
    for m in sorted((m for m in cat.matters.values() if m.department == department), key=lambda m: m.id):
        themes = [t for t in sorted(cat.themes.values(), key=lambda t: t.no) if m.id in t.matter_ids]
        matters.append({
            "id": m.id, "name": m.name, "review": m.review, "reviewed_by": m.reviewed_by,
            "reviewed_at": m.reviewed_at, "approval_level": m.approval_level,
            "time_limit_days": m.time_limit_days, "time_limit_note": m.time_limit_note,
            "fee": m.fee_amount, "fee_note": m.fee_note, "result": m.result.get("name"),
            "delivery": list(m.delivery), "legal_basis": m.legal_basis,
            # The matter's own lists, with no party ("" = the applicant's; merge.py's triples since parties)
            "materials": [{"name": x["name"], "key": x["key"], "form": x["form"], "copies": x["copies"]}
                          for x in merge_materials(cat, [(m.id, u, "") for u in m.materials])],
            "fields": [{"label": f["label"], "required": f["required"]}
                       for f in merge_fields(cat, [(m.id, u, "") for u in m.fields])],
            "themes": [{"no": t.no, "name": t.name, "enabled": t.enabled,
                        "where": (cat.locations[tm.location].name if tm.location else cat.theme_location(t).name)}
                       for t in themes for tm in t.matters if tm.ref == m.id],
        })
    return {"department": dept.id, "department_name": dept.name, "catalogue_version": cat.version,
            "source": source, "matters": matters,
            "confirmed": sum(1 for m in matters if m["review"] == "confirmed"),
            "pending": sum(1 for m in matters if m["review"] != "confirmed")}


FORMS = {"original": "原件", "copy": "复印件", "original_and_copy": "原件及复印件", "electronic": "电子件"}


def sheet_html(data: dict) -> str:
    """The sheet as one HTML page that prints on A4 (one matter never split across pages)."""
    e = escape
    parts = [
        "<!doctype html><html lang='zh-CN'><meta charset='utf-8'>",
        f"<title>{e(data['department_name'])} 事项确认表</title><style>",
        "@page{size:A4;margin:15mm 12mm}body{font-family:'WenQuanYi Micro Hei','Noto Sans CJK SC',sans-serif;"
        "font-size:10.5pt;color:#000}h1{font-size:16pt;margin:0 0 4mm}section{break-inside:avoid;"
        "border:1px solid #000;padding:3mm;margin:0 0 4mm}h2{font-size:12pt;margin:0 0 2mm}"
        "table{border-collapse:collapse;width:100%}td,th{border:1px solid #777;padding:1mm 2mm;text-align:left;"
        "vertical-align:top}.sign{margin-top:3mm}.meta{color:#333}", "</style>",
        f"<h1>{e(data['department_name'])}：一件事事项确认表</h1>",
        f"<p class='meta'>目录版本 {e(data['catalogue_version'])}（{'待发布草稿' if data['source'] == 'draft' else '现行版本'}）"
        f"，共 {len(data['matters'])} 项，已确认 {data['confirmed']} 项。请逐项核对群众将在自助终端上看到的内容。</p>"]
    for m in data["matters"]:
        status = (f"已确认（{e(m['reviewed_by'] or '')} {e(m['reviewed_at'] or '')}）" if m["review"] == "confirmed"
                  else "待确认")
        mats = "".join(f"<tr><td>{e(x['name'])}</td><td>{'是' if x['key'] else '否（可容缺）'}</td>"
                       f"<td>{e(FORMS.get(x['form'], x['form']))}</td><td>{x['copies']}</td></tr>"
                       for x in m["materials"])
        fields = "、".join(e(f["label"]) + ("" if f["required"] else "（选填）") for f in m["fields"])
        themes = "；".join(f"{t['no']} {e(t['name'])}（{e(t['where'])}）" + ("" if t["enabled"] else "（未上线）")
                          for t in m["themes"])
        fee = "不收费" if not m["fee"] else f"{m['fee']:g} 元"
        parts.append(
            f"<section id='{e(m['id'])}'><h2>{e(m['name'])}　<small>{status}</small></h2>"
            f"<p>所属主题及办理地点：{themes}</p>"
            f"<p>承诺时限：{m['time_limit_days']} 个工作日{('；' + e(m['time_limit_note'])) if m['time_limit_note'] else ''}"
            f"　收费：{e(fee)}{('（' + e(m['fee_note']) + '）') if m['fee_note'] else ''}"
            f"　办理结果：{e(m['result'] or '')}</p>"
            f"<table><tr><th>申请材料</th><th>关键材料</th><th>形式</th><th>份数</th></tr>{mats}</table>"
            f"<p>表单字段：{fields}</p>"
            f"<p class='sign'>□ 以上内容准确　□ 需修改（请写明）：＿＿＿＿＿＿＿＿　确认人：＿＿＿＿　日期：＿＿＿＿</p></section>")
    parts.append("</html>")
    return "".join(parts)


def _matter_of(hall, matter: str, department: str):
    cat, _ = _catalogue(hall)
    m = cat.matters.get(matter)
    if m is None:
        raise service.Refused(404, f"no matter {matter!r}")
    if m.department != department:
        raise service.Refused(403, f"matter {matter} belongs to {m.department}, not to {department}")
    return m


def confirm(hall, matter: str, department: str, actor: str) -> dict:
    """A reviewer of `department` confirms `matter`: recorded, and written into the draft."""
    _matter_of(hall, matter, department)
    at = service.now().isoformat()
    result = catalogue_draft.edit(hall, [
        {"op": "set", "file": f"matters/{matter}.toml", "path": "review", "value": "confirmed"},
        {"op": "set", "file": f"matters/{matter}.toml", "path": "reviewed_by", "value": actor[:64]},
        {"op": "set", "file": f"matters/{matter}.toml", "path": "reviewed_at", "value": at}], by=actor)
    _record(hall, matter, department, "confirmed", None, actor)
    return {"matter": matter, "review": "confirmed", "reviewed_by": actor[:64], "reviewed_at": at,
            "draft_errors": result["errors"]}


def comment(hall, matter: str, department: str, actor: str, text: str) -> dict:
    """A reviewer leaves a comment for the editors (nothing in the catalogue changes)."""
    _matter_of(hall, matter, department)
    if not text.strip():
        raise service.Refused(422, "the comment is empty")
    _record(hall, matter, department, "comment", text.strip()[:2000], actor)
    return {"matter": matter, "comment": text.strip()[:2000], "by": actor[:64]}


def _record(hall, matter, department, kind, text, actor) -> None:
    with hall.tx() as conn:
        conn.execute(insert(db.catalogue_reviews).values(matter_id=matter, department_id=department, kind=kind,
                                                         text=text, actor=actor[:64], at=service.now()))


def status(hall) -> dict:
    """Confirmed/pending per department and per theme, and the comments waiting for editors."""
    cat, source = _catalogue(hall)
    departments: dict = {}
    for m in cat.matters.values():
        d = departments.setdefault(m.department, {"department": m.department,
                                                  "name": cat.departments[m.department].name,
                                                  "confirmed": 0, "pending": 0})
        d["confirmed" if m.review == "confirmed" else "pending"] += 1
    themes = [{"no": t.no, "name": t.name,
               "confirmed": sum(1 for mid in t.matter_ids if cat.matters[mid].review == "confirmed"),
               "pending": sum(1 for mid in t.matter_ids if cat.matters[mid].review != "confirmed")}
              for t in sorted(cat.themes.values(), key=lambda t: t.no)]
    with hall.engine.connect() as conn:
        rows = conn.execute(select(db.catalogue_reviews).order_by(db.catalogue_reviews.c.id)).all()
    comments = [{"matter": r.matter_id, "department": r.department_id, "text": r.text, "by": r.actor,
                 "at": r.at.isoformat()} for r in rows if r.kind == "comment"]
    return {"source": source, "departments": sorted(departments.values(), key=lambda d: d["department"]),
            "themes": themes, "comments": comments}
