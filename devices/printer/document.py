"""A receipt as data (text lines, a big line, a QR code, separators, cut), independent of ESC/POS."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, Union

Align = Literal["left", "center", "right"]


@dataclass(frozen=True)
class Text:
    """One line of text; the printer wraps it when it is wider than the paper.

    `raster` forces this line to be drawn as an image even when the printer has a Chinese font,
    for characters its font lacks or for the test page's side-by-side comparison.
    """

    text: str
    align: Align = "left"
    bold: bool = False
    width: int = 1
    height: int = 1
    raster: bool = False

    def __post_init__(self) -> None:
        if not (1 <= self.width <= 8 and 1 <= self.height <= 8):
            raise ValueError(f"text size {self.width}x{self.height} is outside 1..8")
        if "\n" in self.text:
            raise ValueError("one Text is one line; add a Text per line")


@dataclass(frozen=True)
class BigText:
    """A line meant to be read from across the hall, such as the queue number A012."""

    text: str
    scale: int = 4
    align: Align = "center"

    def __post_init__(self) -> None:
        if not 1 <= self.scale <= 8:
            raise ValueError(f"big text scale {self.scale} is outside 1..8")


@dataclass(frozen=True)
class QRCode:
    """A QR code; `module` is the size of one module in printer dots."""

    data: str
    module: int = 6
    ec: Literal["L", "M", "Q", "H"] = "M"
    align: Align = "center"

    def __post_init__(self) -> None:
        if not self.data:
            raise ValueError("a QR code needs data")
        if not 1 <= self.module <= 16:
            raise ValueError(f"QR module size {self.module} is outside 1..16")


@dataclass(frozen=True)
class Separator:
    """A full-width rule between sections."""

    char: str = "-"

    def __post_init__(self) -> None:
        # One ASCII character: it repeats to the paper's column count, which only holds for 12-dot glyphs.
        if len(self.char) != 1 or not self.char.isascii():
            raise ValueError(f"separator must be one ASCII character, not {self.char!r}")


@dataclass(frozen=True)
class Feed:
    """Blank lines."""

    lines: int = 1


@dataclass(frozen=True)
class Cut:
    """Feed the paper past the cutter, then cut."""

    feed: int = 4
    partial: bool = False


Item = Union[Text, BigText, QRCode, Separator, Feed, Cut]


@dataclass
class Document:
    """An ordered list of items; builder methods return self so a ticket reads top to bottom."""

    items: list[Item] = field(default_factory=list)

    def add(self, item: Item) -> "Document":
        self.items.append(item)
        return self

    def text(self, text: str, align: Align = "left", bold: bool = False,
             width: int = 1, height: int = 1, raster: bool = False) -> "Document":
        for line in text.split("\n"):
            self.add(Text(line, align, bold, width, height, raster))
        return self

    def big(self, text: str, scale: int = 4, align: Align = "center") -> "Document":
        return self.add(BigText(text, scale, align))

    def qr(self, data: str, module: int = 6, ec: Literal["L", "M", "Q", "H"] = "M",
           align: Align = "center") -> "Document":
        return self.add(QRCode(data, module, ec, align))

    def separator(self, char: str = "-") -> "Document":
        return self.add(Separator(char))

    def feed(self, lines: int = 1) -> "Document":
        return self.add(Feed(lines))

    def cut(self, feed: int = 4, partial: bool = False) -> "Document":
        return self.add(Cut(feed, partial))
