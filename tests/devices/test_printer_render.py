"""Document → ESC/POS bytes: Chinese mode, GB18030, sizes, QR (GS ( k), raster fallback, cut."""
from __future__ import annotations

import pytest

from devices.printer import Document, RenderOptions, render
from devices.printer.document import Separator, Text

FS_AND, FS_DOT, GS_V0 = b"\x1c\x26", b"\x1c\x2e", b"\x1dv0"


def test_hanzi_line_selects_chinese_mode_then_sends_gb18030():
    data = render(Document().text("梅县，你好"))
    # FS & first, then 梅县，你好 in GB18030 (C3B7 CFD8 A3AC C4E3 BAC3), then FS . and the line feed
    expected = FS_AND + bytes.fromhex("c3b7 cfd8 a3ac c4e3 bac3") + FS_DOT + b"\n"
    assert expected in data
    assert data.startswith(b"\x1b@")


def test_full_width_punctuation_alone_is_sent_as_gb18030_not_question_marks():
    data = render(Document().text("，。、（）"))
    assert FS_AND + bytes.fromhex("a3ac a1a3 a1a2 a3a8 a3a9") + FS_DOT in data
    assert b"?" not in data


def test_ascii_line_goes_out_without_chinese_mode():
    data = render(Document().text("Window 5"))
    assert b"Window 5\n" in data
    assert FS_AND not in data


def test_big_number_uses_gs_exclamation_quad_size_and_resets_after():
    data = render(Document().big("A012"))
    # GS ! 0x33 = width x4, height x4; bold on; centred; back to GS ! 0 after the line
    assert b"\x1ba\x01\x1bE\x01\x1d!\x33A012\n\x1d!\x00" in data


def test_text_size_bold_and_alignment_commands():
    data = render(Document().text("OK", align="right", bold=True, width=2, height=3))
    assert b"\x1ba\x02\x1bE\x01\x1d!\x12OK\n" in data


def test_native_qr_sends_model_size_ec_store_and_print_functions():
    url = "https://receipt.kiosk.invalid/r/A012"
    data = render(Document().qr(url, module=6, ec="M"))
    payload = url.encode()
    store_len = (len(payload) + 3).to_bytes(2, "little")
    expected = (b"\x1ba\x01"
                + b"\x1d(k\x04\x00\x31\x41\x32\x00"          # fn 165: model 2
                + b"\x1d(k\x03\x00\x31\x43\x06"              # fn 167: module 6 dots
                + b"\x1d(k\x03\x00\x31\x45\x31"              # fn 169: error correction M
                + b"\x1d(k" + store_len + b"\x31\x50\x30" + payload   # fn 180: store
                + b"\x1d(k\x03\x00\x31\x51\x30")             # fn 181: print
    assert expected in data


def test_qr_image_fallback_sends_a_raster_image_instead_of_gs_k():
    data = render(Document().qr("A012"), RenderOptions(qr="image"))
    assert b"\x1d(k" not in data
    assert GS_V0 in data


def test_cut_feeds_then_cuts():
    assert render(Document().cut(feed=4)).endswith(b"\x1bd\x04\x1dV\x00\x1ba\x00")
    assert b"\x1dV\x01" in render(Document().cut(partial=True))


def test_raster_mode_prints_hanzi_as_full_width_bit_image_without_chinese_mode():
    data = render(Document().text("梅县，你好"), RenderOptions(text="raster"))
    assert FS_AND not in data and "梅".encode("gb18030") not in data
    i = data.index(GS_V0)
    width_bytes = int.from_bytes(data[i + 4:i + 6], "little")
    height = int.from_bytes(data[i + 6:i + 8], "little")
    assert width_bytes == 576 // 8 and height >= 24
    bitmap = data[i + 8:i + 8 + width_bytes * height]
    assert len(bitmap) == width_bytes * height and any(bitmap)


def test_58mm_paper_narrows_raster_and_separator():
    opts = RenderOptions.for_paper(58, text="raster")
    data = render(Document().text("梅县").separator(), opts)
    i = data.index(GS_V0)
    assert int.from_bytes(data[i + 4:i + 6], "little") == 384 // 8
    assert b"-" * 32 + b"\n" in data and b"-" * 33 not in data


def test_separator_fills_80mm_line():
    assert b"-" * 48 + b"\n" in render(Document().add(Separator()))


def test_character_beyond_gbk_goes_out_as_image_even_in_native_mode():
    # 䶮 (U+4DAE) is only in GB18030's four-byte area, which printer fonts do not hold.
    data = render(Document().text("王䶮").text("梅县"))
    assert GS_V0 in data
    assert "王".encode("gb18030") not in data
    assert FS_AND + "梅县".encode("gb18030") in data


def test_invalid_documents_are_refused_early():
    with pytest.raises(ValueError):
        Text("a\nb")
    with pytest.raises(ValueError):
        Text("x", width=9)
    with pytest.raises(ValueError):
        Separator("─")
