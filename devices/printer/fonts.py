"""The CJK font face used to draw hanzi for raster printing and previews."""
from __future__ import annotations

import functools
import os

from PIL import ImageFont

#: Candidates in order. A .ttc holds several faces; only the Simplified Chinese one draws
#: mainland glyph shapes (the JP face draws 骨/直 differently), so the face is picked by name.
FONT_FILES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
)
_WANTED_FAMILIES = ("Noto Sans CJK SC", "WenQuanYi Micro Hei")
#: For previews: half-width Latin (12 px at 24 px) like the printer's 12x24 font A, full-width hanzi.
_WANTED_MONO = ("Noto Sans Mono CJK SC", "WenQuanYi Micro Hei Mono") + _WANTED_FAMILIES
#: A character from the Private Use Area: no CJK font draws it, so it shows the .notdef box.
MISSING_GLYPH = "\ue000"


class FontMissing(RuntimeError):
    """No installed font can draw hanzi; printing them as boxes would be worse than stopping."""


def _faces(path: str):
    for index in range(16):
        try:
            font = ImageFont.truetype(path, 24, index=index)
        except OSError:
            return
        yield index, font.getname()[0]


@functools.lru_cache(maxsize=None)
def cjk_face(mono: bool = False) -> tuple[str, int]:
    """Return (path, index) of the Simplified Chinese face, checked to draw a real hanzi."""
    override = os.environ.get("KIOSK_CJK_FONT")
    paths = (override,) if override else FONT_FILES
    for path in paths:
        if not path or not os.path.exists(path):
            continue
        faces = list(_faces(path))
        for wanted in (_WANTED_MONO if mono else _WANTED_FAMILIES):
            for index, family in faces:
                if family == wanted and covers(ImageFont.truetype(path, 24, index=index), "梅县"):
                    return path, index
    raise FontMissing("no CJK font found: install fonts-noto-cjk or fonts-wqy-microhei "
                      f"(looked in {', '.join(p for p in paths if p)})")


@functools.lru_cache(maxsize=64)
def cjk_font(size: int, mono: bool = False) -> ImageFont.FreeTypeFont:
    """The Simplified Chinese face at `size` pixels; `mono` for the fixed-pitch variant."""
    path, index = cjk_face(mono)
    return ImageFont.truetype(path, size, index=index)


def covers(font: ImageFont.FreeTypeFont, text: str) -> bool:
    """True when every character of `text` draws something other than the .notdef box."""
    box = bytes(font.getmask(MISSING_GLYPH))
    return all(bytes(font.getmask(ch)) != box for ch in text if not ch.isspace())
