"""Draws a theme's flowchart graph (content.flowchart) as boxes and arrows: notice screen and lobby."""
from __future__ import annotations

from kivy.graphics import Color, Line, Triangle
from kivy.metrics import dp, sp
from kivy.properties import DictProperty, NumericProperty, StringProperty
from kivy.uix.label import Label
from kivy.uix.widget import Widget

from . import style

KIND_COLOURS = {"start": style.PRIMARY, "end": style.SUCCESS, "department": style.SURFACE,
                "forward": style.WARNING_BG, "step": style.SELECTED}


def rows_of(graph: dict) -> list[list[dict]]:
    """Nodes in drawing rows: the chain to dispatch, departments side by side, forwards, the chain back."""
    nodes = graph.get("nodes", [])
    head = [n for n in nodes if n["id"] in ("apply", "accept", "dispatch")]
    depts = [n for n in nodes if n["kind"] == "department"]
    forwards = [n for n in nodes if n["kind"] == "forward"]
    tail = [n for n in nodes if n["id"] in ("collect", "deliver")]
    rows = [[n] for n in head]
    for i in range(0, len(depts), 3):
        rows.append(depts[i:i + 3])
    if forwards:
        rows.append(forwards)
    rows += [[n] for n in tail]
    return rows


class Flowchart(Widget):
    graph = DictProperty({})
    scale = NumericProperty(1.0)
    lang = StringProperty("zh_CN")

    def on_graph(self, *_args):
        self._build()

    def on_size(self, *_args):
        self._build()

    def on_pos(self, *_args):
        # A plain Widget does not move its children: rebuild where the layout put us.
        self._build()

    def on_lang(self, *_args):
        self._build()

    def on_scale(self, *_args):
        self._build()

    def _build(self) -> None:
        self.clear_widgets()
        self.canvas.after.clear()
        rows = rows_of(self.graph)
        if not rows or self.width < 10:
            return
        box_h = dp(92) * self.scale
        gap = dp(44) * self.scale
        self.height = len(rows) * box_h + (len(rows) - 1) * gap
        boxes: dict[str, Label] = {}
        top = self.top
        for r, row in enumerate(rows):
            width = (self.width - dp(16) * (len(row) - 1)) / len(row)
            y = top - (r + 1) * box_h - r * gap
            for c, node in enumerate(row):
                x = self.x + c * (width + dp(16))
                en = self.lang == "en"
                label = (node.get("label_en") or node["label"]) if en else node["label"]
                days = node.get("working_days")
                text = label + ("" if days is None else (f"\n{days} working days" if en else f"\n{days}个工作日"))
                lbl = Label(text=text, pos=(x, y), size=(width, box_h), halign="center", valign="middle",
                            font_size=sp(style.SMALL_SP) * self.scale,
                            color=style.ON_PRIMARY if node["kind"] in ("start", "end") else style.TEXT)
                lbl.text_size = (width - dp(12), box_h)
                with lbl.canvas.before:
                    Color(*KIND_COLOURS.get(node["kind"], style.SURFACE))
                    from kivy.graphics import RoundedRectangle
                    RoundedRectangle(pos=lbl.pos, size=lbl.size, radius=[dp(10)])
                    Color(*style.PRIMARY)
                    Line(rounded_rectangle=(x, y, width, box_h, dp(10)), width=dp(1.2))
                self.add_widget(lbl)
                boxes[node["id"]] = lbl
        with self.canvas.after:
            Color(*style.PRIMARY)
            for e in self.graph.get("edges", []):
                a, b = boxes.get(e["from"]), boxes.get(e["to"])
                if a is None or b is None:
                    continue
                x1, y1 = a.center_x, a.y
                x2, y2 = b.center_x, b.top
                Line(points=[x1, y1, x1, (y1 + y2) / 2, x2, (y1 + y2) / 2, x2, y2 + dp(8)], width=dp(1.5))
                Triangle(points=[x2 - dp(8), y2 + dp(10), x2 + dp(8), y2 + dp(10), x2, y2])
