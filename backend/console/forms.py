"""What the editor's forms show and how a posted form becomes draft operations: one list of fields per kind
of catalogue file (theme, matter, material, form field), each a path inside the TOML file. The values go to
catalogue_draft.edit as `set` operations, so every save runs the same checks as `kiosk content check`, and
each error comes back with the path of its field, which the page shows beside that field."""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass

KINDS = {"themes": "主题", "matters": "事项", "materials": "材料", "fields": "表单字段"}
FORMS = {"original": "原件", "copy": "复印件", "original_and_copy": "原件及复印件", "electronic": "电子件"}
DELIVERY = {"window": "窗口领取", "post": "邮寄", "electronic": "电子证照", "self_print": "自助打印"}
CATEGORY_ZH = {"personal": "个人", "business": "企业", "family": "家庭"}


@dataclass
class Field:
    path: str
    label: str
    kind: str = "text"              # text, textarea, int, num, list (one per line), bool, select
    choices: dict | None = None     # select: value -> words
    hint: str = ""
    width: str = "full"             # full, half, third, quarter: several short fields share a line


#: The checks' messages (jsonschema's and content/checks.py's, in English) as an editor reads them; the
#: original follows in brackets so a programmer can still find it.
ZH = [(re.compile(r"^(.*) is not of type 'integer'$"), "请填写整数（如 3）"),
      (re.compile(r"^(.*) is not of type 'number'$"), "请填写数字（如 0 或 12.5）"),
      (re.compile(r"^(.*) is not of type 'string'$"), "请填写文字"),
      (re.compile(r"^(.*) is less than the minimum of (.*)$"), "不能小于 {1}"),
      (re.compile(r"^(.*) is greater than the maximum of (.*)$"), "不能大于 {1}"),
      (re.compile(r"^'' is too short$"), "不能为空"),
      (re.compile(r"^(.*) is too short$"), "太短或太少"),
      (re.compile(r"^(.*) is too long$"), "太长或太多"),
      (re.compile(r"^(.*) is not one of (.*)$"), "不是可选的值"),
      (re.compile(r"^unknown (\w+) '(.*)'$"), "没有这个{0}（{1}）"),
      (re.compile(r"^(.*) is a required property$"), "必须填写 {0}")]


WHAT_ZH = {"matter": "事项", "material": "材料", "field": "表单字段", "department": "部门", "location": "办理地点",
           "theme": "主题", "role": "角色"}


def zh(message: str) -> str:
    for pattern, words in ZH:
        m = pattern.match(message)
        if m:
            groups = [WHAT_ZH.get(g, g) for g in m.groups()]
            return words.format(*groups) + f"（{message}）"
    return message


def fields_for(kind: str, doc: dict, cat) -> list[Field]:
    """The editable fields of one file, in the order the form shows them."""
    if kind == "themes":
        cats = {c: CATEGORY_ZH.get(c, c) for c in sorted({t.category for t in cat.themes.values()})}
        locs = {lid: loc.name for lid, loc in sorted(cat.locations.items())}
        out = [Field("name", "主题名称", width="half"), Field("short_name", "简称（首页按钮）", width="half"),
               Field("summary", "简介", "textarea"), Field("category", "类别", "select", cats, width="quarter"),
               Field("location", "办理地点（窗口）", "select", locs, width="threequarter"),
               Field("keywords", "搜索关键词", "list", hint="每行一个")]
        for i, m in enumerate(doc.get("matters", [])):
            out.append(Field(f"matters/{i}/ref", f"事项 {i + 1}", "select",
                             {mid: m.name for mid, m in sorted(cat.matters.items())}, width="half"))
        for i, q in enumerate(doc.get("questions", [])):
            out.append(Field(f"questions/{i}/text", f"情形问题 {i + 1}"))
            out.append(Field(f"questions/{i}/help", f"问题 {i + 1} 的说明", "textarea"))
            for j, _o in enumerate(q.get("options", [])):
                out.append(Field(f"questions/{i}/options/{j}/label", f"问题 {i + 1} 选项 {j + 1}", width="half"))
        return out
    if kind == "matters":
        out = [Field("name", "事项名称"),
               Field("department", "承办部门", "select",
                     {d: x.name for d, x in sorted(cat.departments.items())}),
               Field("time_limit_days", "承诺时限（工作日）", "int", width="quarter"),
               Field("time_limit_note", "时限说明", width="threequarter"),
               Field("fee/amount", "收费（元）", "num", width="quarter"),
               Field("fee/note", "收费说明", width="threequarter"),
               Field("delivery", "结果送达方式", "list", hint="每行一个：" + "、".join(DELIVERY))]
        mats = {mid: m.name for mid, m in sorted(cat.materials.items())}
        for i, _m in enumerate(doc.get("materials", [])):
            out += [Field(f"materials/{i}/ref", f"材料 {i + 1}", "select", mats, width="half"),
                    Field(f"materials/{i}/form", "原件/复印件", "select", FORMS, width="quarter"),
                    Field(f"materials/{i}/key", "关键材料（不可容缺）", "bool", width="quarter")]
        flds = {fid: f.label for fid, f in sorted(cat.fields.items())}
        for i, _f in enumerate(doc.get("fields", [])):
            out.append(Field(f"fields/{i}/ref", f"表单字段 {i + 1}", "select", flds, width="third"))
        return out
    if kind == "materials":
        return [Field("name", "材料名称"), Field("description", "说明", "textarea"),
                Field("issued_by", "出具单位"), Field("pages", "页数", "int")]
    return [Field("label", "字段名称"), Field("type", "类型"), Field("options", "选项", "list", hint="每行一个")]


def get(doc: dict, path: str):
    node = doc
    for part in path.split("/"):
        try:
            node = node[int(part)] if part.isdigit() else node[part]
        except (KeyError, IndexError, TypeError):
            return None
    return node


def shown(value, f: Field) -> str:
    """The value as the form's input shows it."""
    if value is None:
        return ""
    if f.kind == "list":
        return "\n".join(str(v) for v in value) if isinstance(value, list) else str(value)
    if f.kind == "num" and isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def parsed(raw: str | None, f: Field):
    """The posted text as a TOML value; text that is not a number stays text, so the check names the field."""
    if f.kind == "bool":
        return raw is not None
    raw = (raw or "").strip()
    if f.kind == "list":
        return [line.strip() for line in raw.replace("、", "\n").splitlines() if line.strip()]
    if f.kind in ("int", "num"):
        try:
            return int(raw)
        except ValueError:
            try:
                return float(raw) if f.kind == "num" else raw
            except ValueError:
                return raw
    return raw


def operations(file: str, text: str, fields: list[Field], posted: dict) -> list[dict]:
    """`set` operations for the fields whose posted value differs from the file's."""
    doc = tomllib.loads(text)
    ops = []
    for f in fields:
        old = get(doc, f.path)
        new = parsed(posted.get(f.path), f)
        if old is None and new in ("", [], False):
            continue                # an optional value left empty stays absent
        if new != old:
            ops.append({"op": "set", "file": file, "path": f.path, "value": new})
    return ops


def beside(errors: list[dict], file: str, fields: list[Field]) -> tuple[dict, list[dict]]:
    """Errors of `file` by the field they belong to (the field's path or a path inside it), and the rest."""
    paths = sorted((f.path for f in fields), key=len, reverse=True)
    by_field: dict[str, str] = {}
    rest = []
    for e in errors:
        hit = e["file"] == file and next((p for p in paths if e["path"] == p or e["path"].startswith(p + "/")), None)
        if hit:
            by_field[hit] = (by_field[hit] + "；" if hit in by_field else "") + zh(e["message"])
        else:
            rest.append(e)
    return by_field, rest
