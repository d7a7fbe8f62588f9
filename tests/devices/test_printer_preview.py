"""The preview PNG shows what the paper would: a big number, real hanzi (not boxes), QR, raster images."""
from __future__ import annotations

from datetime import datetime

import pytest
from PIL import Image, ImageChops

from devices.printer import (Document, PreviewError, RenderOptions, open_printer, preview_image,
                             render, sample_ticket, save_preview)
from devices.printer.fonts import MISSING_GLYPH

WHEN = datetime(2025, 3, 1, 9, 30)


def _dark(img: Image.Image, box=None) -> int:
    region = img.crop(box) if box else img
    return sum(region.histogram()[:128])


def _ticket(number: str, **render_kw) -> Image.Image:
    p = open_printer("sim://")
    doc = sample_ticket(number, "新生儿出生一件事", window="5号窗口", when=WHEN,
                        receipt_url="https://receipt.kiosk.invalid/r/same")
    p.options = RenderOptions(**render_kw)
    p.print_document(doc)
    return preview_image(p.output)


def test_ticket_preview_is_paper_wide_png(tmp_path):
    p = open_printer("sim://")
    p.print_document(sample_ticket("A012", "新生儿出生一件事", when=WHEN))
    path = save_preview(p.output, str(tmp_path / "ticket.png"))
    img = Image.open(path)
    assert img.format == "PNG" and img.width == 576 and img.height > 400


@pytest.mark.parametrize("render_kw", [{}, {"text": "raster", "qr": "image"}])
def test_big_number_is_drawn_big_and_centred(render_kw):
    a, b = _ticket("A012", **render_kw), _ticket("B345", **render_kw)
    assert a.size == b.size
    box = ImageChops.difference(a, b).getbbox()   # only the number differs between the two
    assert box is not None
    left, top, right, bottom = box
    assert bottom - top >= 70, "the number should be about 4x the 24-dot text height"
    assert abs((left + right) / 2 - 288) < 40, "the number should be centred on 576 dots"
    assert _dark(a, box) > 2000


def _one_line(text: str) -> Image.Image:
    return preview_image(render(Document().text(text)))


def test_hanzi_render_as_real_glyphs_not_notdef_boxes():
    hanzi = _one_line("梅县")
    boxes = _one_line(MISSING_GLYPH * 2)   # a PUA character: the font draws its .notdef box
    cell = lambda img, i: img.crop((24 * i, 8, 24 * (i + 1), 32))
    assert list(cell(boxes, 0).tobytes()) == list(cell(boxes, 1).tobytes())  # boxes all alike
    assert _dark(cell(hanzi, 0)) > 20 and _dark(cell(hanzi, 1)) > 20
    assert list(cell(hanzi, 0).tobytes()) != list(cell(boxes, 0).tobytes())
    assert list(cell(hanzi, 1).tobytes()) != list(cell(boxes, 0).tobytes())
    assert list(cell(hanzi, 0).tobytes()) != list(cell(hanzi, 1).tobytes())


def test_full_width_punctuation_is_drawn_not_question_marks():
    punct, question = _one_line("，。、（）"), _one_line("?????")
    boxes = _one_line(MISSING_GLYPH * 5)
    assert _dark(punct) > 30
    assert ImageChops.difference(punct, question).getbbox() is not None
    assert ImageChops.difference(punct, boxes).getbbox() is not None


def test_raster_text_mode_looks_like_native_text_in_the_preview():
    native = preview_image(render(Document().text("梅县，你好")))
    raster = preview_image(render(Document().text("梅县，你好"), RenderOptions(text="raster")))
    # Different drawing paths, same ink on the same row: both show text at the top left.
    for img in (native, raster):
        box = img.point(lambda v: 255 if v < 128 else 0).getbbox()
        assert box and box[0] < 10 and box[2] > 100 and box[3] < 45


def test_native_qr_is_drawn_as_a_qr_symbol():
    img = preview_image(render(Document().qr("https://receipt.kiosk.invalid/r/A012", module=6)))
    box = img.point(lambda v: 255 if v < 128 else 0).getbbox()
    w, h = box[2] - box[0], box[3] - box[1]
    assert w == h and w % 6 == 0 and w >= 21 * 6          # square, whole modules, version >= 1
    assert abs((box[0] + box[2]) / 2 - 288) <= 3            # centred by ESC a 1
    assert img.getpixel((box[0] + 3, box[1] + 3)) < 128     # finder pattern corner is black


def test_cut_is_marked_after_the_feed_with_nothing_below():
    img = preview_image(render(Document().text("A").cut(feed=4)))
    cut_rows = [y for y in range(img.height) if 128 in img.crop((0, y, 576, y + 1)).tobytes()]
    assert cut_rows, "the dashed grey cut line is missing"
    assert cut_rows[0] > 4 * 30, "the paper feeds 4 lines before the cut"
    assert _dark(img, (0, cut_rows[-1] + 1, 576, img.height)) == 0


def test_unknown_command_is_refused_so_the_preview_never_lies():
    with pytest.raises(PreviewError):
        preview_image(b"\x1b@\x1bt\x10abc")


@pytest.mark.parametrize("qr_mode", ["native", "image"])
def test_ticket_qr_in_the_preview_scans_back_to_the_receipt_url(qr_mode):
    from pyzbar.pyzbar import decode

    url = "https://receipt.kiosk.invalid/r/A012"
    p = open_printer(f"sim://?qr={qr_mode}")
    p.print_document(sample_ticket("A012", "新生儿出生一件事", when=WHEN, receipt_url=url))
    assert [s.data for s in decode(preview_image(p.output))] == [url.encode()]
