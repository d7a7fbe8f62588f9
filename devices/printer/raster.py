"""Hanzi and QR codes drawn as images, packed as GS v 0 raster bit images for the printer."""
from __future__ import annotations

from PIL import Image, ImageDraw, ImageOps
import qrcode
import qrcode.constants

from . import commands
from .fonts import cjk_font

BASE_DOTS = 24  # font A: 12x24 dots for ASCII, 24x24 for hanzi
_QR_EC = {"L": qrcode.constants.ERROR_CORRECT_L, "M": qrcode.constants.ERROR_CORRECT_M,
          "Q": qrcode.constants.ERROR_CORRECT_Q, "H": qrcode.constants.ERROR_CORRECT_H}


def image_to_raster(img: Image.Image) -> bytes:
    """GS v 0 bytes for `img`: dark pixels become printed dots, width padded to whole bytes."""
    gray = img.convert("L")
    width = (gray.width + 7) // 8 * 8
    if width != gray.width:
        padded = Image.new("L", (width, gray.height), 255)
        padded.paste(gray, (0, 0))
        gray = padded
    # PIL's mode "1" stores white as 1; the printer wants black as 1, so invert first.
    bits = ImageOps.invert(gray).point(lambda v: 255 if v >= 128 else 0).convert("1")
    return commands.raster_image(width // 8, gray.height, bits.tobytes())


def place(img: Image.Image, paper_dots: int, align: str) -> Image.Image:
    """Paste `img` onto a paper-wide strip so alignment survives printers that ignore ESC a for images."""
    if img.width > paper_dots:
        img = img.resize((paper_dots, max(1, img.height * paper_dots // img.width)))
    strip = Image.new("L", (paper_dots, img.height), 255)
    x = {"left": 0, "center": (paper_dots - img.width) // 2, "right": paper_dots - img.width}[align]
    strip.paste(img.convert("L"), (x, 0))
    return strip


def wrap(text: str, font, max_width: float) -> list[str]:
    """Break `text` into lines no wider than `max_width`, character by character (hanzi have no spaces)."""
    lines, line = [], ""
    for ch in text:
        if line and font.getlength(line + ch) > max_width:
            lines.append(line)
            line = ""
        line += ch
    return lines + [line]


def text_image(text: str, paper_dots: int, align: str = "left", bold: bool = False,
               width: int = 1, height: int = 1) -> Image.Image:
    """Draw one text line with the CJK font, wrapped to the paper, as a paper-wide image."""
    font = cjk_font(BASE_DOTS * height)
    stretch = width / height
    lines = wrap(text, font, paper_dots / stretch) if text else [""]
    line_h = BASE_DOTS * height + 6
    out = Image.new("L", (paper_dots, line_h * len(lines)), 255)
    for row, line in enumerate(lines):
        w = max(1, int(font.getlength(line)) + 2)
        img = Image.new("L", (w, line_h), 255)
        # Baseline at 7/8 of the em, as in the printer's own 24-dot cell; descenders use the gap.
        baseline = round(BASE_DOTS * height * 0.88) + 1
        ImageDraw.Draw(img).text((0, baseline), line, font=font, fill=0, anchor="ls",
                                 stroke_width=1 if bold else 0, stroke_fill=0)
        if stretch != 1:
            img = img.resize((max(1, int(w * stretch)), line_h), Image.NEAREST)
        out.paste(place(img, paper_dots, align), (0, row * line_h))
    return out


def qr_image(data: bytes | str, module: int, ec: str = "M", border: int = 0) -> Image.Image:
    """A QR code as an image, `module` pixels per module (the same symbol GS ( k would print)."""
    code = qrcode.QRCode(version=None, box_size=module, border=border, error_correction=_QR_EC[ec])
    code.add_data(data)
    code.make(fit=True)
    matrix = code.get_matrix()
    n = len(matrix)
    img = Image.new("L", (n, n), 255)
    img.putdata([0 if cell else 255 for row in matrix for cell in row])
    return img.resize((n * module, n * module), Image.NEAREST)
