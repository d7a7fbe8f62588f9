"""What a scanned QR code means in the journey: our own receipt, a business licence, or neither.

Only what the payload itself states is taken, and a business licence's credit code must pass its
GB 32100 check character; nothing is looked up and nothing is guessed. A code that is neither is
not interpreted (on a document page it stays with the page as captured).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, unquote, urlsplit

from .i18n import N_
from .validation import CREDIT_CHARS, credit_code_ok

RECEIPT = re.compile(r"[A-Z]{2}-\d{6}-\d{4,6}-[0-9X]", re.I)   # 5-6 digits past 9,999 a day
CODE = re.compile(r"[0-9a-z]{6,16}", re.I)
CREDIT_CANDIDATE = re.compile(rf"(?<![0-9A-Z])[{CREDIT_CHARS}]{{18}}(?![0-9A-Z])")
# market-regulation hosts whose licence QR codes carry the code (older paper licences: a gsxt URL)
LICENCE_HOSTS = ("gsxt.gov.cn", "saic.gov.cn", "samr.gov.cn", "gsxt.gdgs.gov.cn", "aic.gov.cn")
CODE_PARAMS = ("uniscid", "uniScid", "creditcode", "creditCode", "credit_code", "tyshxydm", "shxydm",
               "xydm", "entcode", "code", "id", "regno")
NAME_PARAMS = ("entname", "entName", "qymc", "name", "companyName", "company_name", "mc")
NAME_LABELS = ("企业名称", "名称", "单位名称", "市场主体名称")
CODE_LABEL = "统一社会信用代码"
MARK = N_("来自营业执照二维码")


class NotALicence(ValueError):
    """The code is not a business licence's, or its credit code fails the check: fill nothing."""


@dataclass(frozen=True)
class LicenceData:
    credit_code: str
    company_name: str | None


def receipt_from_qr(text: str) -> tuple[str, str] | None:
    """(receipt number, lookup code) from a receipt's QR, i.e. the status address printed on it
    (kiosk.status_url, e.g. http://hall/s/MX-261129-0001-8?code=ab12cd34), or None."""
    text = text.strip()
    parts = urlsplit(text)
    if parts.scheme in ("http", "https"):
        receipt = unquote(parts.path.rstrip("/").rsplit("/", 1)[-1])
        code = (parse_qs(parts.query).get("code") or [""])[-1]
    else:
        m = re.fullmatch(r"([A-Z]{2}-\S+)\s+(\S+)", text, re.I)     # "<receipt> <code>" typed into a code by hand
        if not m:
            return None
        receipt, code = m.groups()
    if RECEIPT.fullmatch(receipt) and CODE.fullmatch(code):
        return receipt.upper(), code.upper()
    return None


def _licence_url(text: str) -> LicenceData | None:
    parts = urlsplit(text)
    host = (parts.hostname or "").lower()
    if parts.scheme not in ("http", "https") or not any(host == h or host.endswith("." + h) for h in LICENCE_HOSTS):
        return None
    params = {k: v[-1] for k, v in parse_qs(parts.query).items()}
    lowered = {k.lower(): v for k, v in params.items()}
    code = next((lowered[p.lower()] for p in CODE_PARAMS if p.lower() in lowered), None)
    if code is None:
        found = CREDIT_CANDIDATE.findall(unquote(parts.path).upper())
        code = found[-1] if found else None
    if code is None:
        raise NotALicence(N_("这是市场监管部门的二维码，但里面没有统一社会信用代码，请手动填写。"))
    name = next((lowered[p.lower()] for p in NAME_PARAMS if p.lower() in lowered), None)
    return LicenceData(code.strip().upper(), (name or "").strip() or None)


def _licence_text(text: str) -> LicenceData | None:
    if CODE_LABEL not in text:
        return None
    m = re.search(CODE_LABEL + r"\s*[:：]?\s*([0-9A-Za-z]{18})", text)
    if not m:
        raise NotALicence(N_("二维码里的统一社会信用代码不完整，请手动填写。"))
    name = None
    for label in NAME_LABELS:
        n = re.search(r"(?:^|[\s;；,，])" + label + r"\s*[:：]\s*([^\n;；,，]+)", text)
        if n:
            name = n.group(1).strip()
            break
    return LicenceData(m.group(1).upper(), name or None)


def licence_from_qr(text: str) -> LicenceData:
    """The credit code (and company name where the payload carries it) of a business licence's QR.

    Raises NotALicence with a message for the citizen when the code is not a licence's, or when the
    credit code in it fails the GB 32100 check character: then nothing at all is filled.
    """
    text = (text or "").strip()
    data = _licence_url(text) or _licence_text(text)
    if data is None:
        if CREDIT_CANDIDATE.fullmatch(text.upper()) and credit_code_ok(text.upper()):
            return LicenceData(text.upper(), None)      # the bare code, as some licence QR codes carry it
        raise NotALicence(N_("这不是营业执照上的二维码，请扫描营业执照右上角的二维码，或手动填写。"))
    if not credit_code_ok(data.credit_code):
        raise NotALicence(N_("二维码里的统一社会信用代码校验不通过，请核对营业执照后手动填写。"))
    return data
