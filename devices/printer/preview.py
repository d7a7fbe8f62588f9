"""Reads back the ESC/POS subset we emit and draws the receipt as a PNG, so tests can see the paper."""
from __future__ import annotations

import functools
from dataclasses import dataclass, field

from PIL import Image, ImageDraw

from .fonts import cjk_font
from .raster import qr_image

CELL = 24          # font A: 12x24 dots ASCII, 24x24 hanzi
LINE_GAP = 6       # default line spacing is ~30 dots
_EC = {48: "L", 49: "M", 50: "Q", 51: "H"}
_ALIGN = {0: "left", 1: "center", 2: "right", 48: "left", 49: "center", 50: "right"}


class PreviewError(ValueError):
    """The stream holds a command the previewer does not know: the renderer emitted something new."""


@functools.lru_cache(maxsize=4096)
def _glyph(ch: str, wide: bool, bold: bool) -> Image.Image:
    # Drawn 4 px taller than the cell so descenders (g, p, y) survive; the extra falls in the line gap.
    cell = Image.new("L", (CELL if wide else CELL // 2, CELL + 4), 255)
    draw = ImageDraw.Draw(cell)
    font = cjk_font(CELL, mono=True)
    for dx in ((0, 1) if bold else (0,)):
        draw.text((dx, 21), ch, font=font, fill=0, anchor="ls")
    return cell


@dataclass
class _State:
    align: str = "left"
    bold: bool = False
    width: int = 1
    height: int = 1
    chinese: bool = False


@dataclass
class _Paper:
    width: int
    y: int = 8
    items: list = field(default_factory=list)   # (x, y, image)
    cuts: list = field(default_factory=list)    # y of each cut

    def blit(self, img: Image.Image, align: str) -> None:
        x = {"left": 0, "center": (self.width - img.width) // 2,
             "right": self.width - img.width}[align]
        self.items.append((max(0, x), self.y, img))
        self.y += img.height


class _Reader:
    def __init__(self, data: bytes, width: int) -> None:
        self.data, self.i = data, 0
        self.paper = _Paper(width)
        self.state = _State()
        self.line: list[tuple[str, bool, bool, int, int]] = []
        self.line_align = "left"
        self.qr = {"module": 3, "ec": "L", "data": b""}

    def take(self, n: int) -> bytes:
        if self.i + n > len(self.data):
            raise PreviewError(f"stream ends inside a command at byte {self.i}")
        chunk = self.data[self.i:self.i + n]
        self.i += n
        return chunk

    # -- text ------------------------------------------------------------------------------
    def line_width(self) -> int:
        return sum((CELL if wide else CELL // 2) * w for _, wide, _, w, _ in self.line)

    def put(self, ch: str, wide: bool) -> None:
        s = self.state
        if not self.line:
            self.line_align = s.align
        cell = (CELL if wide else CELL // 2) * s.width
        if self.line and self.line_width() + cell > self.paper.width:
            self.flush()   # the printer wraps where the paper ends
            self.line_align = s.align
        self.line.append((ch, wide, s.bold, s.width, s.height))

    def flush(self, feed_empty: bool = False) -> None:
        if not self.line:
            if feed_empty:
                self.paper.y += CELL * self.state.height + LINE_GAP
            return
        tall = max(h for *_, h in self.line)
        strip = Image.new("L", (self.line_width(), CELL * tall + LINE_GAP), 255)
        x = 0
        for ch, wide, bold, w, h in self.line:
            g = _glyph(ch, wide, bold)
            g = g.resize((g.width * w, g.height * h), Image.NEAREST)
            strip.paste(g, (x, CELL * (tall - h)))  # cells never overlap: plain paste
            x += g.width
        self.paper.blit(strip, self.line_align)
        self.line = []

    def text_byte(self, b: int) -> None:
        if b < 0x80:
            self.put(chr(b), False)
        elif self.state.chinese:
            start = self.i - 1
            second = self.take(1)[0]
            raw = bytes([b, second]) + (self.take(2) if 0x30 <= second <= 0x39 else b"")
            try:
                self.put(raw.decode("gb18030"), True)
            except UnicodeDecodeError:
                raise PreviewError(f"invalid GB18030 sequence {raw.hex()} at byte {start}")
        else:
            self.put(bytes([b]).decode("cp437"), False)   # what a printer in code page 437 shows

    # -- commands --------------------------------------------------------------------------
    def esc(self) -> None:
        cmd = self.take(1)
        s = self.state
        if cmd == b"@":
            self.flush()
            self.state = _State()
        elif cmd == b"a":
            s.align = _ALIGN.get(self.take(1)[0], "left")
        elif cmd == b"E":
            s.bold = bool(self.take(1)[0] & 1)
        elif cmd == b"!":
            n = self.take(1)[0]
            s.bold, s.height, s.width = bool(n & 8), 2 if n & 16 else 1, 2 if n & 32 else 1
        elif cmd == b"d":
            n = self.take(1)[0]
            self.flush()
            self.paper.y += n * (CELL + LINE_GAP)
        elif cmd in (b"2", b"3"):
            self.take(1 if cmd == b"3" else 0)
        else:
            raise PreviewError(f"unsupported command ESC {cmd!r} at byte {self.i - 2}")

    def gs(self) -> None:
        cmd = self.take(1)
        if cmd == b"!":
            n = self.take(1)[0]
            self.state.width, self.state.height = (n >> 4) + 1, (n & 0x0F) + 1
        elif cmd == b"v":
            self.take(2)  # '0' and the density mode
            wb = int.from_bytes(self.take(2), "little")
            h = int.from_bytes(self.take(2), "little")
            bits = Image.frombytes("1", (wb * 8, h), self.take(wb * h))
            self.flush()
            img = bits.convert("L").point(lambda v: 0 if v else 255)
            self.paper.blit(img, self.state.align)
        elif cmd == b"(":
            if self.take(1) != b"k":
                raise PreviewError(f"unsupported command GS ( at byte {self.i - 3}")
            n = int.from_bytes(self.take(2), "little")
            body = self.take(n)
            self.qr_function(body)
        elif cmd == b"V":
            m = self.take(1)[0]
            if m in (65, 66, 97, 98, 103, 104):
                self.take(1)
            self.flush()
            self.paper.y += 6
            self.paper.cuts.append(self.paper.y)
            self.paper.y += 10
        else:
            raise PreviewError(f"unsupported command GS {cmd!r} at byte {self.i - 2}")

    def qr_function(self, body: bytes) -> None:
        if len(body) < 2 or body[0] != 49:
            raise PreviewError("GS ( k for a 2D code other than QR")
        fn, args = body[1], body[2:]
        if fn == 67:
            self.qr["module"] = args[0]
        elif fn == 69:
            self.qr["ec"] = _EC.get(args[0], "L")
        elif fn == 80:
            self.qr["data"] = args[1:]
        elif fn == 81:
            self.flush()
            if self.qr["data"]:
                self.paper.blit(qr_image(self.qr["data"], self.qr["module"], self.qr["ec"]),
                                self.state.align)
        elif fn not in (65, 82):
            raise PreviewError(f"unsupported QR function {fn}")

    def run(self) -> _Paper:
        while self.i < len(self.data):
            b = self.data[self.i]
            self.i += 1
            if b == 0x0A:
                self.flush(feed_empty=True)
            elif b == 0x1B:
                self.esc()
            elif b == 0x1D:
                self.gs()
            elif b == 0x1C:
                cmd = self.take(1)
                if cmd not in (b"&", b"."):
                    raise PreviewError(f"unsupported command FS {cmd!r} at byte {self.i - 2}")
                self.state.chinese = cmd == b"&"
            elif b == 0x10:
                self.take(2)  # DLE EOT n: a status query, prints nothing
            elif b == 0x0D:
                continue
            elif b < 0x20:
                raise PreviewError(f"unsupported control byte 0x{b:02x} at byte {self.i - 1}")
            else:
                self.text_byte(b)
        self.flush()
        return self.paper


def preview_image(data: bytes, paper_dots: int = 576) -> Image.Image:
    """The receipt `data` would print, as a white strip `paper_dots` wide with black print."""
    paper = _Reader(data, paper_dots).run()
    img = Image.new("L", (paper_dots, paper.y + 16), 255)
    for x, y, item in paper.items:
        img.paste(item, (x, y))
    draw = ImageDraw.Draw(img)
    for y in paper.cuts:
        for x in range(0, paper_dots, 16):
            draw.line((x, y, x + 8, y), fill=128, width=2)
    return img


def save_preview(data: bytes, path: str, paper_dots: int = 576) -> str:
    """Write the preview PNG and return its path."""
    preview_image(data, paper_dots).save(path, "PNG")
    return path
