"""QR text in the right character set: ECI honoured; without it UTF-8, then GB18030, then Shift_JIS by validity
and script. The codes are generated here (qrcode, byte mode) and read through the real decoder cascade."""
from __future__ import annotations

import pytest

from devices.qr import CascadeDecoder, decode_raw
from devices.qr.encoding import parse_eci_protocol
from devices.qr.synth import render_code

JAPANESE = ["お問い合わせ", "カタカナ表記", "運転免許証 山田 花子", "東京都千代田区丸の内1-1", "株式会社テスト"]


def _read(raw: bytes, eci: int | None = None):
    codes = CascadeDecoder().decode(render_code(raw, module_px=6, eci=eci))
    assert len(codes) == 1
    return codes[0]


@pytest.mark.parametrize("text", JAPANESE)
def test_shift_jis_payload_reads_as_japanese_not_gbk(text):
    raw = text.encode("shift_jis")
    code = _read(raw)
    assert code.raw == raw
    assert (code.text, code.encoding) == (text, "shift_jis"), raw.decode("gbk", "replace")


def test_kana_heavy_shift_jis_bytes_are_also_valid_gbk_and_still_read_as_japanese():
    raw = "お問い合わせ".encode("shift_jis")
    assert raw.decode("gbk") != "お問い合わせ"   # the trap: a valid but garbage GBK reading exists
    assert decode_raw(raw) == ("お問い合わせ", "shift_jis")


@pytest.mark.parametrize("text,encoding", [("梅县区政务服务中心", "gbk"), ("梅县区政务服务中心", "utf-8"),
                                           ("申请编号：MX-2024-0001", "gbk"), ("程江镇扶贵路", "utf-8")])
def test_chinese_payloads_still_read_as_chinese(text, encoding):
    code = _read(text.encode(encoding))
    assert (code.text, code.encoding) == (text, encoding)


def test_eci_shift_jis_is_honoured():
    raw = "お問い合わせ".encode("shift_jis")
    code = _read(raw, eci=20)
    assert (code.text, code.encoding, code.eci) == ("お問い合わせ", "shift_jis", 20)


def test_eci_overrides_the_guess():
    # GBK bytes that the guess would read as 梅州市区, in a code that declares ISO-8859-1 (ECI 3):
    # the code says what it is, so that is what it reads as
    raw = "梅州市区".encode("gbk")
    code = _read(raw, eci=3)
    assert (code.text, code.encoding, code.eci) == (raw.decode("latin-1"), "latin-1", 3)
    assert _read(raw).text == "梅州市区"


def test_eci_utf8_and_to_json_carries_it():
    code = _read("梅州".encode("utf-8"), eci=26)
    assert code.to_json()["eci"] == 26 and code.text == "梅州"


def test_eci_protocol_segments_and_escaped_backslash():
    assert parse_eci_protocol(b"]Q1abc") == [(None, b"abc")]
    assert parse_eci_protocol(b"]Q2\\000026a\\\\b\\000003c") == [(26, b"a\\b"), (3, b"c")]


def test_an_eci_that_lies_falls_back_to_guessing():
    raw = "梅州".encode("utf-8")
    assert decode_raw(raw, eci=20) == ("梅州", "utf-8")   # not valid Shift_JIS: read without the ECI
