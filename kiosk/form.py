"""The one form: prefilled from the ID card where the catalogue says so, derived values computed."""
from __future__ import annotations

import datetime as dt

#: Card attributes by the catalogue's `id_card_attr` names.
CARD_ATTRS = {"name": "name", "sex": "sex", "nation": "nation", "birth": "birth", "address": "address",
              "id_number": "id_number", "authority": "authority", "valid_to": "valid_to"}


def _named_by_card(fields: list[dict]) -> list[str]:
    """Holders whose ID number the form asks for from a card, in form order."""
    return list(dict.fromkeys(f["holder"] for f in fields
                              if f["source"] == "id_card" and f.get("id_card_attr") == "id_number"))


def card_holders(card: dict, fields: list[dict], agents: set[str] = frozenset()) -> set[str]:
    """Whose fields the card read at the start fills: always the applicant's; where a theme names the
    person only as a parent (theme 5 asks for the father's and the mother's name and number), the
    parent the card's sex says the applicant is; where a theme has no applicant of its own (a company's
    filing), the first agent it asks for (the 经办人 at the kiosk), else the first person it names."""
    order = _named_by_card(fields)
    named = set(order)
    holders = {"applicant"}
    if "applicant" not in named:
        if card.get("sex") == "男" and "father" in named:
            holders.add("father")
        elif card.get("sex") == "女" and "mother" in named:
            holders.add("mother")
        elif order:
            holders.add(next((h for h in order if h in agents), order[0]))
    return holders


def other_holders(fields: list[dict], prefilled: set[str]) -> list[str]:
    """People besides the applicant whose own ID card could still fill their name and number (theme 5: the
    mother, when the father applied with his card)."""
    read = {f["holder"] for f in fields if f["id"] in prefilled and f.get("id_card_attr") == "id_number"}
    return [h for h in _named_by_card(fields) if h != "applicant" and h not in read]


def prefill(fields: list[dict], card: dict, holders: set[str] | None = None,
            agents: set[str] = frozenset()) -> dict[str, str]:
    """Values the card gives for the form, by field id (e.g. `name@father`)."""
    holders = holders or card_holders(card, fields, agents)
    out = {}
    for f in fields:
        if f["source"] == "id_card" and f["holder"] in holders and f.get("id_card_attr"):
            value = card.get(CARD_ATTRS[f["id_card_attr"]])
            if value:
                out[f["id"]] = str(value)
    return out


def _age(id_number: str, today: dt.date) -> str:
    birth = dt.date(int(id_number[6:10]), int(id_number[10:12]), int(id_number[12:14]))
    return str(today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day)))


def derive(fields: list[dict], values: dict[str, str], location: str, today: dt.date | None = None) -> dict[str, str]:
    """Values computed from others (today's date, sex/birth/age from the ID number, the hall)."""
    today = today or dt.date.today()
    out = {}
    for f in fields:
        if f["source"] != "derived":
            continue
        idn = values.get(f"id-number@{f['holder']}" if f["holder"] not in ("applicant", "") else "id-number", "")
        how = f.get("derive")
        try:
            if how == "today":
                out[f["id"]] = today.isoformat()
            elif how == "theme_location":
                out[f["id"]] = location
            elif how == "age_from_id_number" and len(idn) == 18:
                out[f["id"]] = _age(idn, today)
            elif how == "birth_from_id_number" and len(idn) == 18:
                out[f["id"]] = f"{idn[6:10]}-{idn[10:12]}-{idn[12:14]}"
            elif how == "sex_from_id_number" and len(idn) == 18:
                out[f["id"]] = "男" if int(idn[16]) % 2 else "女"
        except ValueError:
            continue   # a malformed number: the field stays empty and validation names it
    return out
