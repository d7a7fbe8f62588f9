"""Filling the form from a business licence's QR: the credit code, and the name where the code carries it."""
from __future__ import annotations

from .i18n import N_
from .qr_payloads import MARK, NotALicence, licence_from_qr

CREDIT_FIELD = "credit-code"
NAME_FIELD = "company-name"

__all__ = ["MARK", "NotALicence", "wants_licence", "fill_from_licence"]


def wants_licence(core) -> bool:   # core: the journey (kiosk.citizen.Journey)
    """Whether this theme's form asks for a unified social credit code."""
    return any(f["id"] == CREDIT_FIELD for f in core.fields())


def fill_from_licence(core, text: str) -> list[str]:
    """Fill the form from a scanned code; the ids filled. NotALicence (nothing filled) otherwise.

    All or nothing: the code is parsed and checked before any field is touched.
    """
    data = licence_from_qr(text)
    ids = {f["id"] for f in core.fields()}
    if CREDIT_FIELD not in ids:
        raise NotALicence(N_("这份表格不需要填写统一社会信用代码。"))
    filled = {CREDIT_FIELD: data.credit_code}
    if data.company_name and NAME_FIELD in ids:
        filled[NAME_FIELD] = data.company_name
    for field_id, value in filled.items():
        core.set_value(field_id, value)
    core.session.from_licence |= set(filled)
    return list(filled)
