"""Filling the form from a business licence's QR: the credit code, and the name where the code carries it."""
from __future__ import annotations

from .i18n import N_
from .qr_payloads import MARK, NotALicence, licence_from_qr

CREDIT_FIELD = "credit-code"
NAME_FIELD = "company-name"

__all__ = ["MARK", "NotALicence", "wants_licence", "fill_from_licence"]


def wants_licence(core) -> bool:   # core: the journey (kiosk.citizen.Journey)
    """Whether this theme's form asks for a unified social credit code (of any organisation)."""
    return any(f["field"] == CREDIT_FIELD for f in core.fields())


def _target(core) -> tuple[str, str | None]:
    """(credit code field id, name field id) of the organisation a scan fills: the first whose code is
    still empty in form order (theme 39 asks the installer's, then the user's), else the first."""
    fields = core.fields()
    codes = [f for f in fields if f["field"] == CREDIT_FIELD]
    values = core.form_values()
    code = next((f for f in codes if not values.get(f["id"])), codes[0])
    name = next((f["id"] for f in fields if f["field"] == NAME_FIELD and f["holder"] == code["holder"]), None)
    return code["id"], name


def fill_from_licence(core, text: str) -> list[str]:
    """Fill the form from a scanned code; the ids filled. NotALicence (nothing filled) otherwise.

    All or nothing: the code is parsed and checked before any field is touched.
    """
    data = licence_from_qr(text)
    if not wants_licence(core):
        raise NotALicence(N_("这份表格不需要填写统一社会信用代码。"))
    code_id, name_id = _target(core)
    filled = {code_id: data.credit_code}
    if data.company_name and name_id:
        filled[name_id] = data.company_name
    for field_id, value in filled.items():
        core.set_value(field_id, value)
    core.session.from_licence |= set(filled)
    return list(filled)
