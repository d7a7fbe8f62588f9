"""Card text no parser foresaw: digit look-alikes (², ①) and a wrong check digit. The poller thread lives on,
and no message shows the whole ID number. Real driver, real pty simulator."""
from __future__ import annotations

import logging
import threading
from dataclasses import replace

import pytest

from devices.idcard import CardPoller, IdCardError, IdCardReader
from devices.idcard.card import encode_text, parse_text
from devices.idcard.errors import InvalidCard
from devices.idcard.fixtures import BAD_CHECK_DIGIT_CARD, RESIDENT_CARD
from devices.idcard.simulated import SimulatedReader


@pytest.mark.parametrize("odd", ["²", "①", "٣", "５"])
def test_lookalike_digits_in_the_id_number_are_an_invalid_card_not_a_crash(odd):
    number = RESIDENT_CARD.id_number[:5] + odd + RESIDENT_CARD.id_number[6:]
    block = encode_text(replace(RESIDENT_CARD, id_number=number))
    with pytest.raises(InvalidCard):
        parse_text(block)


@pytest.mark.parametrize("odd", ["²", "①"])
def test_lookalike_digits_in_dates_are_an_invalid_card(odd):
    with pytest.raises(InvalidCard):
        parse_text(encode_text(replace(RESIDENT_CARD, birth="199" + odd + "-01-01")))


def test_wrong_check_digit_message_masks_the_number():
    with pytest.raises(InvalidCard) as info:
        parse_text(encode_text(BAD_CHECK_DIGIT_CARD))
    number = BAD_CHECK_DIGIT_CARD.id_number
    assert number not in str(info.value) and number[4:14] not in info.value.reason
    assert number[-4:] in info.value.reason        # enough for staff to tell which card


def test_poller_survives_a_lookalike_card_and_reads_the_next_good_one(caplog):
    bad = replace(RESIDENT_CARD, id_number=RESIDENT_CARD.id_number[:5] + "²" + RESIDENT_CARD.id_number[6:])
    errors, cards = [], []
    got_card = threading.Event()
    with SimulatedReader(bad) as sim, caplog.at_level(logging.DEBUG):
        poller = CardPoller(IdCardReader(sim.port), on_card=lambda c: (cards.append(c), got_card.set()),
                            on_error=errors.append, interval=0.05, read_timeout=2.0).start()
        try:
            deadline = threading.Event()
            for _ in range(600):
                if errors:
                    break
                deadline.wait(0.05)
            assert errors and isinstance(errors[0], IdCardError)
            assert poller.running
            sim.place(RESIDENT_CARD)
            assert got_card.wait(60)
            assert cards[0].id_number == RESIDENT_CARD.id_number and poller.running
        finally:
            poller.stop()
    assert RESIDENT_CARD.id_number not in caplog.text and bad.id_number not in caplog.text
