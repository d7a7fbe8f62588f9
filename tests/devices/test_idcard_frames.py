"""SAM frames: encoder against hand-checked bytes, checksum, incremental decoding and resync."""
from __future__ import annotations

import random

import pytest

from devices.idcard import sam_protocol as sam
from devices.idcard.errors import ChecksumError, IdCardError, LengthError

FIND = bytes.fromhex("AA AA AA 96 69 00 03 20 01 22")
NO_CARD = bytes.fromhex("AA AA AA 96 69 00 04 00 00 80 84")


def test_find_card_request_matches_hand_checked_bytes():
    assert sam.encode_request(sam.FIND_CARD) == FIND


def test_no_card_reply_matches_hand_checked_bytes():
    assert sam.encode_response(sam.SW_NO_CARD) == NO_CARD


def test_len_counts_every_byte_after_itself_including_checksum():
    frame = sam.encode_response(sam.SW_OK, b"\x01\x02\x03")
    assert int.from_bytes(frame[5:7], "big") == len(frame) - 7 == 3 + 3 + 1


def test_checksum_is_xor_from_len_up_to_checksum():
    frame = sam.encode_request(sam.READ_TEXT_PHOTO)
    assert frame[-1] == 0x00 ^ 0x03 ^ 0x30 ^ 0x01 == sam.checksum(frame[5:-1])


def test_decoder_returns_the_body_of_the_no_card_reply():
    body = sam.FrameDecoder().feed(NO_CARD)
    assert body == [b"\x00\x00\x80"]
    assert sam.Response.from_body(body[0]).sw3 == 0x80


def test_decoder_asks_for_seven_header_bytes_then_len_more():
    d = sam.FrameDecoder()
    assert d.needed() == 7
    assert d.feed(NO_CARD[:7]) == []
    assert d.needed() == 4
    assert d.feed(NO_CARD[7:]) == [b"\x00\x00\x80"]


def test_decoder_assembles_a_frame_fed_one_byte_at_a_time():
    d = sam.FrameDecoder()
    frame = sam.encode_response(sam.SW_OK, bytes(range(200)))
    out = []
    for b in frame:
        out += d.feed(bytes([b]))
    assert out == [frame[7:-1]]


def test_decoder_resyncs_past_garbage_with_false_preamble_starts():
    d = sam.FrameDecoder()
    garbage = b"\x00\xAA\xAA\x13\xAA\xAA\xAA\x96\xFF\x69\xAA"
    assert d.feed(garbage + NO_CARD) == [b"\x00\x00\x80"]


def test_decoder_keeps_a_partial_preamble_across_feeds():
    d = sam.FrameDecoder()
    assert d.feed(b"\x01\x02" + NO_CARD[:3]) == []
    assert d.feed(NO_CARD[3:]) == [b"\x00\x00\x80"]


def test_bad_checksum_raises_then_the_next_frame_still_decodes():
    d = sam.FrameDecoder()
    bad = NO_CARD[:-1] + b"\x00"
    with pytest.raises(ChecksumError):
        d.feed(bad + FIND)
    assert d.feed(b"") == [FIND[7:-1]]


def test_len_beyond_the_bound_is_a_length_error_and_decoding_recovers():
    d = sam.FrameDecoder()
    with pytest.raises(LengthError):
        d.feed(sam.PREAMBLE + b"\xFF\xF0" + b"\x00" * 10 + NO_CARD)
    assert d.feed(b"") == [b"\x00\x00\x80"]


def test_good_frames_before_a_bad_one_are_not_lost():
    d = sam.FrameDecoder()
    assert d.feed(NO_CARD + NO_CARD[:-1] + b"\x00") == [b"\x00\x00\x80"]
    with pytest.raises(ChecksumError):
        d.feed(b"")


def test_status_table_covers_every_documented_code():
    codes = {0x90, 0x9F, 0x91, 0x80, 0x81, 0x41, 0x40, 0x10, 0x11, 0x21, 0x23, 0x24, 0x31, 0x32, 0x33,
             0x47, 0x60, 0x66}
    assert codes <= set(sam.STATUS)
    assert all(zh and en for zh, en in sam.STATUS.values())


def test_sam_failure_status_becomes_a_reader_error_naming_it():
    err = sam.status_error(sam.Response(0, 0, 0x60, b""))
    assert err.status == 0x60 and "SAM self-test failed" in err.reason and "自检" in err.reason


def test_read_data_splits_text_and_photo_and_rejects_inner_length_mismatch():
    data = sam.build_read_data(b"t" * 256, b"p" * 1024)
    assert sam.split_read_data(data) == (b"t" * 256, b"p" * 1024)
    with pytest.raises(LengthError):
        sam.split_read_data(data[:-1])
    with pytest.raises(LengthError):
        sam.split_read_data(b"\x00\xFF" + data[2:])


def test_random_bytes_only_ever_yield_frames_or_typed_errors():
    rng = random.Random(1234)
    d = sam.FrameDecoder()
    for _ in range(3000):
        chunk = bytes(rng.randrange(256) for _ in range(rng.randrange(0, 40)))
        if rng.random() < 0.3:
            chunk = sam.PREAMBLE + chunk
        try:
            for body in d.feed(chunk):
                assert isinstance(body, bytes)
        except IdCardError as exc:
            assert isinstance(exc, (ChecksumError, LengthError))
    assert len(d._buf) <= 7 + sam.MAX_LEN
