"""The text block: four layouts round-trip, check digits, dates, expiry, code tables."""
from __future__ import annotations

from datetime import date

import pytest

from devices.idcard import codes
from devices.idcard.card import FLAG_OFFSET, encode_text, parse_text
from devices.idcard.errors import InvalidCard
from devices.idcard.fixtures import (BAD_CHECK_DIGIT_CARD, CARDS, EXPIRED_CARD, FOREIGN_2023_CARD,
                                     FOREIGN_CARD, HKMOTW_CARD, LONG_TERM_CARD, RESIDENT_CARD)

LAYOUT_SAMPLES = [RESIDENT_CARD, HKMOTW_CARD, FOREIGN_CARD, FOREIGN_2023_CARD]


@pytest.mark.parametrize("card", LAYOUT_SAMPLES, ids=lambda c: c.card_type)
def test_every_layout_round_trips_through_the_256_byte_block(card):
    block = encode_text(card)
    assert len(block) == 256
    assert parse_text(block, card.photo_wlt) == card


def test_resident_fields_sit_at_their_documented_offsets():
    block = encode_text(RESIDENT_CARD)
    assert block[0:4].decode("utf-16-le") == "张三"
    assert block[30:32].decode("utf-16-le") == "1"
    assert block[32:36].decode("utf-16-le") == "01"
    assert block[36:52].decode("utf-16-le") == "19900101"
    assert block[122:158].decode("utf-16-le") == RESIDENT_CARD.id_number
    assert block[204:220].decode("utf-16-le") == "20350301"
    assert block[FLAG_OFFSET:FLAG_OFFSET + 2] == b" \x00"


@pytest.mark.parametrize("card,flag", [(HKMOTW_CARD, "J"), (FOREIGN_CARD, "I"), (FOREIGN_2023_CARD, "Y")])
def test_type_flag_at_byte_248_selects_the_layout(card, flag):
    block = encode_text(card)
    assert block[248:250].decode("utf-16-le") == flag
    assert parse_text(block).card_type == card.card_type


def test_foreign_old_layout_puts_english_name_first_and_birth_at_220():
    block = encode_text(FOREIGN_CARD)
    assert block[0:120].decode("utf-16-le").rstrip() == "SMITH, JOHN EXAMPLE"
    assert block[152:158].decode("utf-16-le") == "USA"
    assert block[220:236].decode("utf-16-le") == "19800229"


def test_2023_layout_joins_the_english_name_from_its_two_parts():
    block = encode_text(FOREIGN_2023_CARD)
    assert block[52:122].decode("utf-16-le") == FOREIGN_2023_CARD.name_en[:35]
    assert block[220:242].decode("utf-16-le").rstrip() == FOREIGN_2023_CARD.name_en[35:]
    assert parse_text(block).name_en == "MARTIN-DUPONT, MARIE CLAIRE EXAMPLE LONGNAME"


def test_to_dict_gives_display_values():
    d = RESIDENT_CARD.to_dict(on=date(2026, 1, 1))
    assert d["card_type"] == "resident" and d["sex"] == "男" and d["nation"] == "汉"
    assert d["birth"] == "1990-01-01" and d["valid_to"] == "2035-03-01" and d["expired"] is False
    assert "photo_wlt" not in d


def test_standard_examples_pass_the_gb11643_check():
    assert codes.verify_id_number("11010519491231002X") == "11010519491231002X"
    assert codes.verify_id_number("440524188001010014") == "440524188001010014"


@pytest.mark.parametrize("name", [k for k, c in CARDS.items() if c and k != "bad_check_digit"])
def test_fixture_numbers_carry_valid_check_digits(name):
    card = CARDS[name]
    if len(card.id_number) == 18:
        assert codes.verify_id_number(card.id_number) == card.id_number


def test_wrong_check_digit_is_an_error_not_a_card():
    with pytest.raises(InvalidCard) as exc:
        parse_text(encode_text(BAD_CHECK_DIGIT_CARD))
    assert "check digit" in exc.value.reason and "校验位" in exc.value.reason


def test_card_past_its_end_date_is_expired_and_its_last_day_is_not():
    assert EXPIRED_CARD.is_expired(date(2026, 1, 1))
    assert not EXPIRED_CARD.is_expired(date(2025, 6, 1))
    assert EXPIRED_CARD.to_dict(on=date(2025, 6, 2))["expired"] is True


def test_long_term_card_keeps_changqi_and_never_expires():
    block = encode_text(LONG_TERM_CARD)
    assert block[204:208].decode("utf-16-le") == "长期"
    card = parse_text(block)
    assert card.valid_to == "长期" and not card.is_expired(date(2099, 1, 1))


def test_impossible_date_is_an_error():
    block = bytearray(encode_text(RESIDENT_CARD))
    block[36:52] = "19900230".encode("utf-16-le")
    with pytest.raises(InvalidCard) as exc:
        parse_text(bytes(block))
    assert "birth" in exc.value.reason


def test_nation_table_has_all_56_nations_plus_97_and_98():
    assert len([c for c in codes.NATIONS if int(c) <= 56]) == 56
    assert codes.NATIONS["01"] == "汉" and codes.NATIONS["46"] == "德昂" and codes.NATIONS["56"] == "基诺"
    assert codes.NATIONS["22"] == "畲"
    assert codes.NATIONS["97"] == "其他" and codes.NATIONS["98"] == "外国血统中国籍人士"


def test_sex_codes_map_to_names_and_unknown_codes_are_errors():
    assert [codes.sex_name(c) for c in "1290"] == ["男", "女", "未说明", "未知"]
    with pytest.raises(InvalidCard):
        codes.sex_name("5")


def test_unknown_type_flag_is_an_error():
    block = bytearray(encode_text(RESIDENT_CARD))
    block[248:250] = "Q".encode("utf-16-le")
    with pytest.raises(InvalidCard):
        parse_text(bytes(block))
