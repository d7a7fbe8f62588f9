"""Sample cards of fictional people, one per layout plus edge cases, for the simulator and tests."""
from __future__ import annotations

import hashlib
from dataclasses import replace

from .card import FOREIGN, FOREIGN_2023, HKMOTW, RESIDENT, Card
from .codes import check_char


def id_number(first17: str) -> str:
    """Complete a fictional number with its real check character, so fixtures pass the same check as cards."""
    return first17 + check_char(first17)


def placeholder_wlt(seed: str) -> bytes:
    """1024 bytes standing in for a WLT photo: deterministic noise, not an image, never shown as one."""
    out = b""
    counter = 0
    while len(out) < 1024:
        out += hashlib.sha256(f"{seed}:{counter}".encode()).digest()
        counter += 1
    return out[:1024]


RESIDENT_CARD = Card(
    card_type=RESIDENT, name="张三", sex="男", nation="汉", birth="1990-01-01",
    address="广东省梅州市梅县区新城办事处华侨城一路1号", id_number=id_number("44140319900101123"),
    authority="梅州市公安局梅县分局", valid_from="2015-03-01", valid_to="2035-03-01",
    photo_wlt=placeholder_wlt("resident"))

LONG_TERM_CARD = Card(
    card_type=RESIDENT, name="李四妹", sex="女", nation="畲", birth="1958-07-15",
    address="广东省梅州市梅县区程江镇扶大村二组18号", id_number=id_number("44140319580715202"),
    authority="梅州市公安局梅县分局", valid_from="2016-08-20", valid_to="长期",
    photo_wlt=placeholder_wlt("long_term"))

EXPIRED_CARD = Card(
    card_type=RESIDENT, name="王五", sex="男", nation="汉", birth="1975-11-30",
    address="广东省梅州市梅县区雁洋镇长教村3号", id_number=id_number("44140319751130301"),
    authority="梅县公安局", valid_from="2005-06-01", valid_to="2025-06-01",
    photo_wlt=placeholder_wlt("expired"))

HKMOTW_CARD = Card(
    card_type=HKMOTW, name="陈小明", sex="男", nation="", birth="1995-01-01",
    address="广东省梅州市梅县区新城办事处宪梓大道8号", id_number=id_number("81000019950101123"),
    authority="梅州市公安局梅县分局", valid_from="2024-05-10", valid_to="2029-05-10",
    pass_number="H12345678", issue_count="01", photo_wlt=placeholder_wlt("hkmotw"))

FOREIGN_CARD = Card(
    card_type=FOREIGN, name="史约翰", sex="男", birth="1980-02-29", id_number="USA440080022901",
    valid_from="2018-04-01", valid_to="2028-04-01", name_en="SMITH, JOHN EXAMPLE",
    nationality="USA", version="01", authority_code="1500", photo_wlt=placeholder_wlt("foreign"))

FOREIGN_2023_CARD = Card(
    card_type=FOREIGN_2023, name="马丽", sex="女", birth="1985-03-15",
    id_number=id_number("94425019850315002"), valid_from="2023-12-01", valid_to="2033-12-01",
    name_en="MARTIN-DUPONT, MARIE CLAIRE EXAMPLE LONGNAME", nationality="FRA", renewal_count="00",
    old_permit_link="", photo_wlt=placeholder_wlt("foreign_2023"))

# A card whose check character is wrong on purpose: the driver must refuse it.
BAD_CHECK_DIGIT_CARD = replace(
    RESIDENT_CARD, name="赵六",
    id_number=RESIDENT_CARD.id_number[:17] + ("1" if RESIDENT_CARD.id_number[17] != "1" else "2"))

CARDS: dict[str, Card | None] = {
    "resident": RESIDENT_CARD,
    "long_term": LONG_TERM_CARD,
    "expired": EXPIRED_CARD,
    "hkmotw_permit": HKMOTW_CARD,
    "foreign_permanent": FOREIGN_CARD,
    "foreign_permanent_2023": FOREIGN_2023_CARD,
    "bad_check_digit": BAD_CHECK_DIGIT_CARD,
    "none": None,
}
