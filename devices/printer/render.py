"""Turns a Document into ESC/POS bytes: native Chinese text (FS & + GB18030) or a raster fallback."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from . import commands as c
from .document import BigText, Cut, Document, Feed, QRCode, Separator, Text
from .raster import image_to_raster, place, qr_image, text_image

PAPER_DOTS = {80: 576, 58: 384}


@dataclass(frozen=True)
class RenderOptions:
    """How this printer wants its receipts.

    text="raster" is for printers without a Chinese font: every text line goes out as an image.
    qr="image" is for printers without GS ( k.
    """

    paper_dots: int = 576
    text: Literal["native", "raster"] = "native"
    qr: Literal["native", "image"] = "native"

    @classmethod
    def for_paper(cls, width_mm: int, **kwargs) -> "RenderOptions":
        """Options for 80 mm (576 dots) or 58 mm (384 dots) paper."""
        if width_mm not in PAPER_DOTS:
            raise ValueError(f"paper width {width_mm} mm: use 80 or 58")
        return cls(paper_dots=PAPER_DOTS[width_mm], **kwargs)

    @property
    def columns(self) -> int:
        """ASCII characters per line in font A (12 dots each)."""
        return self.paper_dots // 12


def encode_text(text: str) -> bytes:
    """Bytes for one run of text: plain ASCII as is, anything else as GB18030 inside FS & ... FS .

    Full-width punctuation (，。、（）) goes the same way as hanzi: in a code page it would become '?'.
    """
    if text.isascii():
        return text.encode("ascii")
    return c.CHINESE_ON + text.encode("gb18030") + c.CHINESE_OFF


def _needs_raster(text: str) -> bool:
    # Printer fonts hold GB2312/GBK; characters only GB18030's four-byte area reaches
    # (rare hanzi in names, such as 䶮) would print as blanks, so those lines go out as images.
    try:
        text.encode("gbk")
        return False
    except UnicodeEncodeError:
        return True


def _text(item: Text, opts: RenderOptions) -> bytes:
    if opts.text == "raster" or item.raster or _needs_raster(item.text):
        img = text_image(item.text, opts.paper_dots, item.align, item.bold, item.width, item.height)
        return c.align("left") + image_to_raster(img)
    return (c.align(item.align) + c.bold(item.bold) + c.size(item.width, item.height)
            + encode_text(item.text) + c.LF + c.size(1, 1) + c.bold(False))


def _qr(item: QRCode, opts: RenderOptions) -> bytes:
    if opts.qr == "image":
        img = place(qr_image(item.data, item.module, item.ec), opts.paper_dots, item.align)
        return c.align("left") + image_to_raster(img) + c.LF
    return (c.align(item.align) + c.qr_model() + c.qr_module_size(item.module)
            + c.qr_error_correction(item.ec) + c.qr_store(item.data.encode("utf-8"))
            + c.qr_print() + c.LF)


def render(doc: Document, opts: RenderOptions | None = None) -> bytes:
    """The whole job as one byte string, starting with ESC @ so no state leaks from the last job."""
    opts = opts or RenderOptions()
    out = [c.INIT]
    for item in doc.items:
        if isinstance(item, Text):
            out.append(_text(item, opts))
        elif isinstance(item, BigText):
            out.append(_text(Text(item.text, item.align, True, item.scale, item.scale), opts))
        elif isinstance(item, QRCode):
            out.append(_qr(item, opts))
        elif isinstance(item, Separator):
            out.append(c.align("left") + (item.char * opts.columns)[: opts.columns].encode("ascii")
                       + c.LF)
        elif isinstance(item, Feed):
            out.append(c.feed(item.lines))
        elif isinstance(item, Cut):
            out.append(c.feed(item.feed) + c.cut(item.partial))
        else:
            raise TypeError(f"cannot render {type(item).__name__}")
    out.append(c.align("left"))
    return b"".join(out)
