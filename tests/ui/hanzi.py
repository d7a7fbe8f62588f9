"""Does a screenshot show real hanzi? Template-match each label against the font's own drawing of its text.

With a font that lacks hanzi (Kivy's default Roboto) every character is drawn as the same missing-glyph
box, and the match against the real glyphs collapses; `test_the_hanzi_check_fails_with_the_default_font`
proves the check can fail.
"""
from __future__ import annotations

import json

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont


def label_match(png: str, label: dict, font_path: str) -> float:
    """Best normalised correlation between the label's area on screen and the font's rendering of its text."""
    shot = np.asarray(Image.open(png).convert("L"), dtype=np.uint8)
    height = shot.shape[0]
    x, y, w, h = (int(round(label[k])) for k in ("x", "y", "width", "height"))
    top = height - (y + h)          # Kivy's y grows upward, images' downward
    pad = 8
    region = shot[max(0, top - pad): top + h + pad, max(0, x - pad): x + w + pad]
    font = ImageFont.truetype(font_path, size=int(label["font_size"]))
    box = font.getbbox(label["text"])
    img = Image.new("L", (box[2] - box[0] + 4, box[3] - box[1] + 4), 0)
    ImageDraw.Draw(img).text((2 - box[0], 2 - box[1]), label["text"], font=font, fill=255)
    template = np.asarray(img, dtype=np.uint8)
    # Compare ink, whatever the colours: distance from the region's background level.
    background = np.median(region)
    ink = np.abs(region.astype(np.int16) - int(background)).astype(np.uint8)
    if template.shape[0] > ink.shape[0] or template.shape[1] > ink.shape[1]:
        return 0.0
    return float(cv2.matchTemplate(ink, template, cv2.TM_CCOEFF_NORMED).max())


def hanzi_labels(png: str) -> list[dict]:
    labels = json.loads(open(png + ".json", encoding="utf-8").read())["labels"]
    def mostly_hanzi(text: str) -> bool:
        han = sum("\u4e00" <= c <= "\u9fff" for c in text)
        return han >= 4 and han >= 0.7 * len(text.replace(" ", ""))
    return [lb for lb in labels if mostly_hanzi(lb["text"]) and "\n" not in lb["text"]
            and lb["texture_width"] <= lb["width"]
            and lb["texture_height"] < 1.9 * lb["font_size"]]        # one line: wrapped text won't match


WQY = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"


def screens_show_hanzi(shots, index: dict, journeys: tuple[str, ...] = ()) -> list[float]:
    """Every Chinese screenshot of the tour (of `journeys`, or all) draws real hanzi: its best label matches
    the font's drawing. Returns every label's score, for a check across screens (a label caught
    mid-animation may fail alone). English screens hold few hanzi; attract rotates a label between frame
    and dump: both are left out."""
    scores = []
    for e in index["entries"]:
        if e["kind"] != "screen" or "english" in e["what"] or e["step"] == "attract" \
                or (journeys and e["journey"] not in journeys):
            continue
        png = str(shots / e["file"])
        mine = [label_match(png, lb, WQY) for lb in hanzi_labels(png)[:3]]
        assert mine and max(mine) > 0.6, (e["file"], mine)
        scores += mine
    return scores
