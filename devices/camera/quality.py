"""Is this frame good enough to keep? Blur, glare, darkness, cut-off and size, in words a citizen reads."""
from __future__ import annotations

from dataclasses import dataclass, field

import cv2
import numpy as np

from .geometry import polygon_area, warp_page
from .page_detect import PageDetection

BLUR_SIZE = (424, 600)      # blur is measured on the page warped to this fixed size
BLUR_MIN = 200.0            # variance of the Laplacian below this reads as blurred
GLARE_MAX = 0.015           # share of the page that is washed out white
DARK_MAX = 60.0             # mean grey level of the frame below this is too dark
EDGE_MARGIN = 0.005         # a corner this close (share of the frame) to the edge is cut off
SMALL_MIN = 0.08            # page area below this share of the frame is too small
UNSURE_SCORE = 0.2          # detection score below this: the edges found may not be the page's

MESSAGES: dict[str, tuple[str, str]] = {
    "no_page": ("没有找到文件，请把整页文件平放在拍摄区内。",
                "No document found: lay the whole page flat in the scanning area."),
    "blurry": ("图像模糊，请保持文件不动。", "The picture is blurred: keep the page still."),
    "glare": ("反光太强，请稍微倾斜文件，避开灯光。",
              "Too much glare: tilt the page a little, away from the light."),
    "dark": ("光线太暗，请把文件移到灯光下。", "Too dark: move the page into the light."),
    "cut_off": ("文件有一部分在画面外，请把整页放进取景框。",
                "Part of the page is outside the picture: move the whole page into the frame."),
    "too_small": ("文件太小，请把文件靠近摄像头或放在拍摄区中央。",
                  "The page is too small in the picture: bring it closer to the camera."),
    "unsure": ("没有把握找准文件的四条边，请把文件平放在深色桌面上，四边都露出来。",
               "Not sure where the page's edges are: lay it flat on a plain dark surface, all four edges showing."),
    "hold_still": ("请保持不动……", "Hold still…"),
}


def message(code: str) -> dict[str, str]:
    """{"code", "zh", "en"} for a problem code, for screens and the JSON output alike."""
    zh, en = MESSAGES[code]
    return {"code": code, "zh": zh, "en": en}


@dataclass
class Quality:
    """Measurements and the problems they imply; ok means the page can be kept as is."""

    blur: float
    glare: float
    brightness: float
    area: float
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def messages(self) -> list[dict[str, str]]:
        return [message(p) for p in self.problems]


def blur_score(gray: np.ndarray) -> float:
    """Variance of the Laplacian on a fixed-size image, so the threshold does not depend on resolution."""
    g = cv2.resize(gray, BLUR_SIZE, interpolation=cv2.INTER_AREA) if gray.shape[::-1] != BLUR_SIZE else gray
    return float(cv2.Laplacian(g, cv2.CV_64F).var())


def glare_share(bgr: np.ndarray) -> float:
    """Share of pixels that are saturated and colourless: a reflection, which hides ink under it.

    Smoothed first so that sensor noise on bright paper does not count as glare.
    """
    hsv = cv2.cvtColor(cv2.blur(bgr, (5, 5)), cv2.COLOR_BGR2HSV)
    return float(np.mean((hsv[..., 2] >= 254) & (hsv[..., 1] <= 25)))


def _cut_off(corners: np.ndarray, w: int, h: int) -> bool:
    mx, my = EDGE_MARGIN * w, EDGE_MARGIN * h
    c = np.asarray(corners)
    return bool(np.any((c[:, 0] <= mx) | (c[:, 0] >= w - 1 - mx) | (c[:, 1] <= my) | (c[:, 1] >= h - 1 - my)))


def _page_over_edge(image: np.ndarray) -> bool:
    """A large bright, colourless region running off the frame: a page only partly in view.

    Used when no whole page was found, so the citizen hears "move the page into the frame"
    rather than "no document found" while holding one half outside the picture.
    """
    small = cv2.resize(image, (160, max(1, 160 * image.shape[0] // image.shape[1])),
                       interpolation=cv2.INTER_AREA)
    hsv = cv2.cvtColor(small, cv2.COLOR_BGR2HSV)
    s, v = hsv[..., 1].astype(np.int16), hsv[..., 2].astype(np.int16)
    paper = np.clip(v - 2 * s, 0, 255).astype(np.uint8)
    level, mask = cv2.threshold(paper, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    if level < 100:
        return False
    mask = cv2.morphologyEx(mask, cv2.MORPH_OPEN, np.ones((3, 3), np.uint8))
    n, labels, stats, _ = cv2.connectedComponentsWithStats(mask)
    h, w = mask.shape
    for i in range(1, n):
        x, y, bw, bh, area = stats[i]
        touches = x == 0 or y == 0 or x + bw == w or y + bh == h
        if touches and SMALL_MIN <= area / (w * h) <= 0.6:
            return True
    return False


def assess(image: np.ndarray, detection: PageDetection | None) -> Quality:
    """Measure the frame (and the page in it, when found) and list what the citizen should fix."""
    h, w = image.shape[:2]
    gray = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    brightness = float(cv2.resize(gray, (160, 90), interpolation=cv2.INTER_AREA).mean())
    problems: list[str] = []
    if brightness < DARK_MAX:
        problems.append("dark")
    if detection is None:
        blur = blur_score(cv2.resize(gray, (BLUR_SIZE[1], BLUR_SIZE[1] * h // w)))
        glare = glare_share(cv2.resize(image, (480, 480 * h // w)))
        missing = "cut_off" if _page_over_edge(image) else "no_page"
        return Quality(blur, glare, brightness, 0.0, problems + [missing])
    page = warp_page(image, detection.corners, BLUR_SIZE)
    blur = blur_score(cv2.cvtColor(page, cv2.COLOR_BGR2GRAY))
    glare = glare_share(page)
    area = polygon_area(detection.corners) / float(w * h)
    if detection.score < UNSURE_SCORE:
        # a weak outline is as likely a rectangle inside the page or another object: say so
        # rather than crop a wrong quad
        problems.append("unsure")
    if _cut_off(detection.corners, w, h):
        problems.append("cut_off")
    elif area < SMALL_MIN:
        problems.append("too_small")
    if blur < BLUR_MIN and "dark" not in problems:
        problems.append("blurry")
    if glare > GLARE_MAX:
        problems.append("glare")
    return Quality(blur, glare, brightness, area, problems)
