"""Auto-capture: take the picture once the page is found, sharp and steady, and say why not otherwise."""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .page_detect import PageDetection, detect_page
from .quality import Quality, assess, message

SEARCHING, ADJUST, HOLDING, CAPTURED = "searching", "adjust", "holding", "captured"


@dataclass
class Decision:
    """What to show after one frame: state, problems to fix, and the picture once captured."""

    state: str
    problems: list[str] = field(default_factory=list)
    steady: int = 0
    detection: PageDetection | None = None
    quality: Quality | None = None
    image: np.ndarray | None = None

    def messages(self) -> list[dict[str, str]]:
        return [message(p) for p in self.problems]


class AutoCapture:
    """Feed frames; fires once per page after `steady_frames` good frames with corners that stay put.

    A citizen's hands shake and a page settles after it is put down, so a single sharp frame is not
    enough: corners must stay within `tolerance` (share of the frame diagonal) across the run.
    After a capture it waits for the page to leave before arming again, so one page is one picture.
    """

    def __init__(self, steady_frames: int = 5, tolerance: float = 0.006) -> None:
        if steady_frames < 1:
            raise ValueError("steady_frames must be at least 1")
        self.steady_frames = steady_frames
        self.tolerance = tolerance
        self.reset()

    def reset(self) -> None:
        """Arm for a new page (after the citizen pressed 'retake', say)."""
        self._last: np.ndarray | None = None
        self._steady = 0
        self._done = False

    def feed(self, frame: np.ndarray) -> Decision:
        det = detect_page(frame)
        q = assess(frame, det)
        if self._done:
            if det is None:
                self.reset()
                return Decision(SEARCHING, q.problems, 0, None, q)
            return Decision(CAPTURED, [], self._steady, det, q)
        if det is None:
            self._last, self._steady = None, 0
            return Decision(SEARCHING, q.problems, 0, None, q)
        moved = True
        if self._last is not None:
            diag = float(np.hypot(*frame.shape[:2]))
            moved = float(np.abs(det.corners - self._last).max()) > self.tolerance * diag
        self._last = det.corners
        if q.problems:
            self._steady = 0
            return Decision(ADJUST, q.problems, 0, det, q)
        self._steady = 1 if moved else self._steady + 1
        if self._steady >= self.steady_frames:
            self._done = True
            return Decision(CAPTURED, [], self._steady, det, q, frame.copy())
        return Decision(HOLDING, ["hold_still"], self._steady, det, q)
