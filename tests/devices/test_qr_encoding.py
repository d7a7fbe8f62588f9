"""Chinese QR payloads come out right: UTF-8 and GBK through the decoders, and zbar's mojibake repaired."""
from __future__ import annotations

import pytest
from pyzbar import pyzbar

from devices.qr import CascadeDecoder, ZbarDecoder, decode_raw, repair_zbar_text
from devices.qr.synth import render_code

UTF8_TEXT = "梅县区政务服务中心：新生儿出生一件事 MX-2024-0001"
GBK_TEXT = "梅县区政务服务"


@pytest.mark.parametrize("encoding", ["utf-8", "gbk"])
def test_chinese_payload_decodes_to_the_printed_text(encoding):
    raw = UTF8_TEXT.encode(encoding)
    codes = CascadeDecoder().decode(render_code(raw, module_px=6))
    assert [(c.text, c.raw, c.encoding) for c in codes] == [(UTF8_TEXT, raw, encoding)]


@pytest.mark.parametrize("encoding", ["utf-8", "gbk"])
def test_zbar_stage_reads_chinese_without_mojibake(encoding):
    raw = GBK_TEXT.encode(encoding)
    codes = ZbarDecoder()(render_code(raw, module_px=6))
    assert len(codes) == 1
    assert (codes[0].text, codes[0].raw, codes[0].encoding) == (GBK_TEXT, raw, encoding)
    assert len(codes[0].polygon) >= 4


def test_plain_pyzbar_garbles_gbk_and_the_repair_restores_it():
    """What this whole module exists for: the installed zbar's own text for a GBK code is mojibake."""
    raw = GBK_TEXT.encode("gbk")
    zbar_says = pyzbar.decode(render_code(raw, module_px=6))[0].data
    assert zbar_says.decode("utf-8") != GBK_TEXT
    assert repair_zbar_text(zbar_says) == (GBK_TEXT, raw, "gbk")


# The exact bytes zbar 0.23.92 (Debian 12 libzbar0) returns in text mode for GBK payloads: it reads GBK as
# BIG5, and BIG5's user-defined rows come back as Private Use characters (U+F7A5, U+F798).
ZBAR_GBK_OUTPUT = [
    (b"\xe7\xb9\xa9\xe7\x93\xae\xef\x9e\xa5\xe6\xb7\x89\xe6\x98\xa2\xe7\x9d\xa3\xe6\x98\xa2", "梅县区政务服务"),
    (b"\xe6\xa1\xb2\xef\xa1\x87 441421199001011234", "张三 441421199001011234"),
    (b"\xe6\x89\xa0\xef\x9e\x98\xe6\x99\xa4\xe7\x98\x8d\xe3\x84\xa9MX-2024-0001 \xe7\xb9\xa9\xe7\xac\xa3",
     "申请编号：MX-2024-0001 梅州"),
]


@pytest.mark.parametrize("zbar_bytes,expected", ZBAR_GBK_OUTPUT)
def test_repair_undoes_zbars_big5_guess_for_gbk(zbar_bytes, expected):
    text, raw, encoding = repair_zbar_text(zbar_bytes)
    assert (text, encoding) == (expected, "gbk")
    assert raw == expected.encode("gbk")


# What older zbar (0.10, still in many distributions and Windows wheels) returns for UTF-8 payloads: the
# bytes read as Shift-JIS or as Latin-1, then re-encoded as UTF-8 (pyzbar issues #14, #55, #95, #155).
@pytest.mark.parametrize("shown,expected", [
    ("謾ｿ蜉｡", "政务"), ("關･荳壽鴬辣ｧ", "营业执照"), ("蜿門捷", "取号"), ("荳榊勘莠ｧ", "不动产"),
    ("æ¢\x85å\x8e¿å\x8cºæ\x94¿å\x8a¡æ\x9c\x8då\x8a¡", "梅县区政务服务"),
    ("ç\x94³è¯·ç¼\x96å\x8f·ï¼\x9aMX-2024-0001 æ¢\x85å·\x9e", "申请编号：MX-2024-0001 梅州"),
])
def test_repair_undoes_old_zbar_mojibake_of_utf8(shown, expected):
    text, raw, encoding = repair_zbar_text(shown.encode("utf-8"))
    assert (text, raw, encoding) == (expected, expected.encode("utf-8"), "utf-8")


@pytest.mark.parametrize("correct", ["梅县区政务服务", "申请编号：MX-2024-0001", "hello", "程江镇扶贵路 12 号"])
def test_repair_leaves_correct_text_alone(correct):
    assert repair_zbar_text(correct.encode("utf-8"))[0] == correct


def test_raw_bytes_pick_utf8_then_gbk_then_latin1():
    assert decode_raw("梅州".encode("utf-8")) == ("梅州", "utf-8")
    assert decode_raw("梅州".encode("gbk")) == ("梅州", "gbk")
    assert decode_raw(b"plain") == ("plain", "ascii")
    text, enc = decode_raw(b"\xff\xfe\x00\x81")  # neither UTF-8 nor GBK: still text, never an exception
    assert enc == "latin-1" and len(text) == 4
