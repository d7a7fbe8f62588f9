"""Masking personal data on screen and paper: enough for a citizen to recognise it as theirs, no more."""
from __future__ import annotations


def mask_id_number(number: str | None) -> str:
    """441403199001011233 -> 4414**********1233; anything shorter keeps only its last 2 characters."""
    if not number:
        return ""
    n = number.strip()
    if len(n) >= 15:
        return n[:4] + "*" * (len(n) - 8) + n[-4:]
    return "*" * max(0, len(n) - 2) + n[-2:]


def mask_name(name: str | None) -> str:
    """张三 -> 张*, 欧阳小明 -> 欧***: the family name stays so a citizen can tell the receipt is theirs."""
    if not name:
        return ""
    return name[0] + "*" * (len(name) - 1)


def mask_phone(phone: str | None) -> str:
    """13812345678 -> 138****5678."""
    if not phone:
        return ""
    return phone[:3] + "*" * (len(phone) - 7) + phone[-4:] if len(phone) >= 8 else "*" * len(phone)
