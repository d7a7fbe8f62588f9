"""The handwriting pad of the on-screen keyboard: draws each stroke under the finger, hands it on when
the finger lifts. Recognition lives in kiosk.handwriting; the panel owns the StrokeSession."""
from __future__ import annotations

from kivy.graphics import Color, InstructionGroup, Line
from kivy.metrics import dp
from kivy.properties import ObjectProperty
from kivy.uix.widget import Widget

from . import style
from .base import load_kv_for

#: Ink width: a finger on glass draws thick lines, and a thin line is hard to see for older eyes.
INK_DP = 7


class HandwritingPad(Widget):
    """Strokes in the pad's own coordinates, y down (as zinnia's model was trained), one list per stroke."""

    when_stroke = ObjectProperty(None)      # called with the finished stroke's points

    def __init__(self, **kw):
        super().__init__(**kw)
        self._lines: list[tuple[InstructionGroup, Line]] = []
        self._current: list[tuple[float, float]] | None = None

    def _point(self, touch) -> tuple[float, float]:
        return touch.x - self.x, self.top - touch.y

    def on_touch_down(self, touch):
        if not self.collide_point(*touch.pos):
            return super().on_touch_down(touch)
        touch.grab(self)
        self._current = [self._point(touch)]
        group = InstructionGroup()
        group.add(Color(*style.TEXT))
        line = Line(points=[touch.x, touch.y, touch.x, touch.y], width=dp(INK_DP), cap="round", joint="round")
        group.add(line)
        self.canvas.add(group)
        self._lines.append((group, line))
        return True

    def on_touch_move(self, touch):
        if touch.grab_current is not self or self._current is None:
            return super().on_touch_move(touch)
        x = min(max(touch.x, self.x), self.right)        # a finger sliding off the pad stays on its edge
        y = min(max(touch.y, self.y), self.top)
        self._current.append((x - self.x, self.top - y))
        self._lines[-1][1].points += [x, y]
        return True

    def on_touch_up(self, touch):
        if touch.grab_current is not self:
            return super().on_touch_up(touch)
        touch.ungrab(self)
        stroke, self._current = self._current, None
        if stroke and self.when_stroke:
            self.when_stroke(stroke)
        return True

    @property
    def box(self) -> tuple[float, float]:
        return float(self.width), float(self.height)

    def undo(self) -> None:
        """Remove the last drawn stroke (the panel removes it from the session too)."""
        if self._lines:
            self.canvas.remove(self._lines.pop()[0])

    def clear(self) -> None:
        for group, _line in self._lines:
            self.canvas.remove(group)
        self._lines.clear()
        self._current = None

    @property
    def stroke_count(self) -> int:
        return len(self._lines)


load_kv_for(__name__)
