"""The real pyserial driver against the pty simulator: a good read and every injected fault."""
from __future__ import annotations

import threading

import pytest

from devices.idcard import (CardPoller, CardRemoved, ChecksumError, IdCardError, IdCardReader, LengthError,
                            NoCard, PortUnavailable, ReaderError, ReaderUnplugged, Timeout)
from devices.idcard import sam_protocol as sam
from devices.idcard.fixtures import CARDS, FOREIGN_2023_CARD, FOREIGN_CARD, HKMOTW_CARD, RESIDENT_CARD
from devices.idcard.simulated import SimulatedReader

T = 0.5  # per-read budget: the simulator answers in milliseconds


@pytest.fixture
def sim():
    with SimulatedReader(RESIDENT_CARD) as s:
        yield s


@pytest.fixture
def reader(sim):
    r = IdCardReader(sim.port)
    yield r
    r.close()


def commands(sim):
    return [(q.cmd, q.para) for q in sim.requests]


def test_successful_read_goes_find_select_read_and_returns_the_card(sim, reader):
    card = reader.read_card(T)
    assert card == RESIDENT_CARD
    assert card.photo_wlt == RESIDENT_CARD.photo_wlt and len(card.photo_wlt) == 1024
    assert card.photo_bmp is None
    assert commands(sim) == [sam.FIND_CARD, sam.SELECT_CARD, sam.READ_TEXT_PHOTO]


@pytest.mark.parametrize("card", [HKMOTW_CARD, FOREIGN_CARD, FOREIGN_2023_CARD], ids=lambda c: c.card_type)
def test_every_layout_reads_over_the_serial_line(sim, reader, card):
    sim.place(card)
    assert reader.read_card(T) == card


def test_card_leaves_the_field_after_a_read_until_placed_again(sim, reader):
    reader.read_card(T)
    with pytest.raises(NoCard):
        reader.read_card(T)
    sim.place(RESIDENT_CARD)
    assert reader.read_card(T).name == "张三"


def test_empty_reader_reports_no_card(sim, reader):
    sim.remove()
    with pytest.raises(NoCard) as exc:
        reader.read_card(T)
    assert exc.value.retryable and "未放置身份证" in exc.value.reason and "no card" in exc.value.reason


def test_card_removed_mid_read_reports_retry_and_a_new_placement_reads(sim, reader):
    sim.faults.remove_during_read = 1
    with pytest.raises(CardRemoved) as exc:
        reader.read_card(T)
    assert exc.value.retryable
    assert commands(sim)[-1] == sam.READ_TEXT_PHOTO
    sim.place(RESIDENT_CARD)
    assert reader.read_card(T) == RESIDENT_CARD


def test_one_corrupt_checksum_is_retried_and_the_read_succeeds(sim, reader):
    sim.faults.only_for, sim.faults.corrupt_checksum = "read", 1
    assert reader.read_card(T) == RESIDENT_CARD
    assert commands(sim).count(sam.READ_TEXT_PHOTO) == 2


def test_two_corrupt_checksums_in_a_row_fail_with_checksum_error(sim, reader):
    sim.faults.only_for, sim.faults.corrupt_checksum = "read", 2
    with pytest.raises(ChecksumError):
        reader.read_card(T)
    assert commands(sim).count(sam.READ_TEXT_PHOTO) == 2


def test_one_wrong_length_is_retried_and_the_read_succeeds(sim, reader):
    sim.faults.only_for, sim.faults.wrong_length = "read", 1
    assert reader.read_card(T) == RESIDENT_CARD


def test_two_wrong_lengths_in_a_row_fail_with_length_error(sim, reader):
    sim.faults.wrong_length = 2
    with pytest.raises(LengthError):
        reader.read_card(T)


def test_reader_complaining_of_our_checksum_is_retried_then_reported(sim, reader):
    sim.faults.sam_status = sam.SW_CHECKSUM
    with pytest.raises(ChecksumError):
        reader.read_card(T)
    assert commands(sim) == [sam.FIND_CARD, sam.FIND_CARD]


def test_silent_reader_times_out_and_the_next_read_recovers(sim, reader):
    sim.faults.silence = 1
    with pytest.raises(Timeout) as exc:
        reader.read_card(0.3)
    assert "did not answer" in exc.value.reason
    assert reader.read_card(T) == RESIDENT_CARD  # the next call recovers


def test_garbage_before_a_reply_is_skipped(sim, reader):
    sim.faults.garbage = 3
    assert reader.read_card(T) == RESIDENT_CARD


def test_sam_failure_is_a_reader_error_with_its_reason(sim, reader):
    sim.faults.sam_status = 0x60
    with pytest.raises(ReaderError) as exc:
        reader.read_card(T)
    assert exc.value.status == 0x60 and "SAM self-test failed" in exc.value.reason


def test_wrong_check_digit_on_the_card_is_refused(sim, reader):
    sim.place(CARDS["bad_check_digit"])
    with pytest.raises(IdCardError) as exc:
        reader.read_card(T)
    assert "check digit" in exc.value.reason


def test_unplugged_reader_raises_and_the_next_call_reconnects(sim, reader):
    reader.read_card(T)
    sim.unplug()
    with pytest.raises(ReaderUnplugged):
        reader.read_card(T)
    sim.start()
    sim.place(RESIDENT_CARD)
    assert reader.read_card(T) == RESIDENT_CARD


def test_reader_still_missing_on_reconnect_names_the_port(sim, reader):
    reader.read_card(T)
    sim.unplug()
    with pytest.raises(ReaderUnplugged):
        reader.read_card(T)
    with pytest.raises(PortUnavailable) as exc:
        reader.read_card(T)
    assert sim.port in exc.value.reason


def test_random_bytes_on_the_line_only_raise_typed_errors(sim, reader):
    sim.faults.random_replies = True
    seen = set()
    for _ in range(12):
        with pytest.raises(IdCardError) as exc:
            reader.read_card(0.08)
        seen.add(type(exc.value))
    assert seen <= {Timeout, ChecksumError, LengthError, ReaderError, NoCard, CardRemoved}


class RecordingDecoder:
    def __init__(self, fail=False):
        self.seen, self.fail = [], fail

    def decode(self, wlt: bytes) -> bytes:
        self.seen.append(wlt)
        if self.fail:
            raise RuntimeError("licence expired")
        return b"BM-decoded"


def test_photo_goes_to_the_decoder_plugin_only_when_configured(sim):
    plugin = RecordingDecoder()
    with IdCardReader(sim.port, photo_decoder=plugin) as r:
        card = r.read_card(T)
    assert plugin.seen == [RESIDENT_CARD.photo_wlt] and card.photo_bmp == b"BM-decoded"
    assert card.photo_info() == {"format": "wlt", "bytes": 1024, "decoded": True}


def test_failing_photo_decoder_keeps_the_text_and_no_photo(sim):
    with IdCardReader(sim.port, photo_decoder=RecordingDecoder(fail=True)) as r:
        card = r.read_card(T)
    assert card.name == "张三" and card.photo_bmp is None


def test_poller_reports_card_once_and_removal_through_callbacks(sim, reader):
    cards, removed, errors = [], [], []
    poller = CardPoller(reader, cards.append, removed.append, errors.append, read_timeout=T)
    poller.poll_once()
    poller.poll_once()  # same card still lying there: no second report
    assert [c.name for c in cards] == ["张三"] and not removed and not errors
    sim.place(RESIDENT_CARD)
    sim.faults.remove_during_read = 1
    poller.poll_once()
    assert len(removed) == 1 and isinstance(removed[0], CardRemoved)


def test_poller_reports_an_unplugged_reader_once_not_every_poll(sim, reader):
    errors = []
    poller = CardPoller(reader, lambda c: None, on_error=errors.append, read_timeout=T)
    poller.poll_once()  # reads the card and leaves the line open
    sim.unplug()
    for _ in range(3):
        poller.poll_once()
    assert len(errors) == 2  # the disconnect, then the port that cannot be reopened
    assert type(errors[0]) is ReaderUnplugged and type(errors[1]) is PortUnavailable


def test_poller_thread_delivers_a_card_off_the_calling_thread(sim, reader):
    got = threading.Event()
    threads = []

    def on_card(card):
        threads.append(threading.current_thread())
        got.set()

    poller = CardPoller(reader, on_card, interval=0.02, read_timeout=T).start()
    try:
        assert got.wait(2.0)
    finally:
        poller.stop()
    assert threads[0] is not threading.main_thread() and not poller.running
