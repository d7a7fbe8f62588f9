"""Checks of form values, with messages that name the field and say how to put it right.

A problem is a message template (Simplified Chinese, the source language) plus its parameters, so the
screen translates the template and fills in the field's label in the citizen's language.
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from devices.idcard.codes import verify_id_number
from devices.idcard.errors import InvalidCard

MOBILE = re.compile(r"1[3-9]\d{9}")
LANDLINE = re.compile(r"0\d{2,3}-?\d{7,8}")
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[A-Za-z]{2,}")
PLATE = re.compile(r"[\u4e00-\u9fff][A-Z][A-Z0-9]{5,6}")
NAME = re.compile(r"[\u3400-\u9fff\u00b7A-Za-z ]{2,30}")
CREDIT_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


@dataclass(frozen=True)
class Problem:
    field: str
    template: str
    params: dict

    def text(self, translate=lambda s: s, label: str | None = None) -> str:
        return translate(self.template).format(label=label or self.params.get("label", ""), **{
            k: v for k, v in self.params.items() if k != "label"})


def credit_code_ok(code: str) -> bool:
    """GB 32100-2015 unified social credit code: 18 characters, the last a MOD 31 check character."""
    if len(code) != 18 or any(c not in CREDIT_CHARS for c in code):
        return False
    total = sum(CREDIT_CHARS.index(c) * w for c, w in zip(code[:17], CREDIT_WEIGHTS))
    return CREDIT_CHARS[(31 - total % 31) % 31] == code[17]


def _visible(value: str | None) -> str:
    """Without invisible format and control characters (U+200B, U+FEFF, …) and surrounding spaces: a
    value of only those is empty, whatever len() says."""
    return "".join(c for c in (value or "") if unicodedata.category(c) not in ("Cf", "Cc")).strip()


def normalize(field: dict, value: str) -> str:
    """What a citizen meant: surrounding spaces dropped, codes in capitals (an on-screen keyboard's
    letters may come out lower case; 身份证 X, 信用代码 and plates are upper case by definition)."""
    v = _visible(value)
    if field["type"] in ("id_number", "credit_code", "plate_number"):
        return v.upper()
    if field.get("pattern") and not re.fullmatch(field["pattern"], v) and re.fullmatch(field["pattern"], v.upper()):
        return v.upper()
    return v


def check(field: dict, value: str | None) -> Problem | None:
    """The first problem with `value` for a merged form field (see content.merge), or None."""
    label = field["label"]
    v = _visible(value)

    def problem(template: str, **params) -> Problem:
        return Problem(field["id"], template, {"label": label, **params})

    if not v:
        return problem("请填写{label}") if field.get("required", True) and field["source"] != "derived" else None
    if field.get("max_length") and len(v) > field["max_length"]:
        return problem("{label}最多{n}个字", n=field["max_length"])
    kind = field["type"]
    if kind == "id_number":
        try:
            verify_id_number(v.upper())
        except InvalidCard:
            return problem("{label}不正确：请核对18位号码，最后一位可能是X")
    elif kind == "phone" and not (MOBILE.fullmatch(v) or LANDLINE.fullmatch(v)):
        return problem("{label}不正确：手机号为11位数字，座机请加区号，如0753-2188888")
    elif kind == "date":
        try:
            day = dt.date.fromisoformat(v)
        except ValueError:
            return problem("{label}不正确：请按“年-月-日”填写，如2026-11-29")
        if not 1900 <= day.year <= 2100:
            return problem("{label}的年份不正确")
    elif kind == "choice" and field.get("options") and v not in field["options"]:
        return problem("请从选项中选择{label}")
    elif kind in ("integer", "area") and not re.fullmatch(r"\d+(\.\d+)?" if kind == "area" else r"\d+", v):
        return problem("{label}只能填写数字")
    elif kind == "money" and not re.fullmatch(r"\d+(\.\d{1,2})?", v):
        return problem("{label}请填写金额数字，如1000或99.50")
    elif kind == "email" and not EMAIL.fullmatch(v):
        return problem("{label}不正确，如name@example.com")
    elif kind == "bank_account" and not re.fullmatch(r"\d{12,19}", v.replace(" ", "")):
        return problem("{label}应为12到19位数字")
    elif kind == "credit_code" and not credit_code_ok(v.upper()):
        return problem("{label}不正确：请核对营业执照上的18位代码")
    elif kind == "plate_number" and not PLATE.fullmatch(v.upper()):
        return problem("{label}不正确，如粤M12345")
    elif kind == "name" and not NAME.fullmatch(v):
        return problem("{label}请填写2到30个汉字或字母")
    if field.get("pattern") and not re.fullmatch(field["pattern"], v):
        hint = field.get("hint") or ""
        return problem("{label}格式不正确。{hint}", hint=hint)
    return None


def check_form(fields: list[dict], values: dict[str, str]) -> list[Problem]:
    """Every problem on the form, in the form's order (for the error summary at the top)."""
    return [p for f in fields if (p := check(f, values.get(f["id"]))) is not None]
