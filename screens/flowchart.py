"""Draws a theme's flowchart graph (content.flowchart) as boxes and arrows: notice screen and lobby."""
from __future__ import annotations

from kivy.graphics import Color, Line, RoundedRectangle, Triangle
from kivy.metrics import dp, sp
from kivy.properties import DictProperty, NumericProperty, OptionProperty, StringProperty
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


def columns_of(graph: dict) -> list[list[dict]]:
    """Nodes in drawing columns, left to right, for a landscape screen: each step of the chain alone,
    every department stacked in one column, the city-level forwards in the next column beside theirs."""
    nodes = graph.get("nodes", [])
    rows = rows_of(graph)
    depts = [n for n in nodes if n["kind"] == "department"]
    forwards = [n for n in nodes if n["kind"] == "forward"]
    head = [r for r in rows if r[0]["id"] in ("apply", "accept", "dispatch")]
    tail = [r for r in rows if r[0]["id"] in ("collect", "deliver")]
    return head + ([depts] if depts else []) + ([forwards] if forwards else []) + tail


class Flowchart(Widget):
    """Vertical (portrait notice screen: grows to its content) or horizontal (the landscape lobby: fills
    the size it is given, boxes as tall as the department column allows)."""

    graph = DictProperty({})
    scale = NumericProperty(1.0)
    lang = StringProperty("zh_CN")
    orientation = OptionProperty("vertical", options=("vertical", "horizontal"))
    font_sp = NumericProperty(style.SMALL_SP)

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

    def on_orientation(self, *_args):
        self._build()

    def on_font_sp(self, *_args):
        self._build()

    def _text(self, node: dict) -> str:
        en = self.lang == "en"
        label = (node.get("label_en") or node["label"]) if en else node["label"]
        days = node.get("working_days")
        if days == 0:       # decided at the counter, not "0 working days"
            return label + ("\non the spot" if en else "\n当场办结")
        return label + ("" if days is None else (f"\n{days} working days" if en else f"\n{days}个工作日"))

    def _box(self, node: dict, x: float, y: float, width: float, height: float, fit: bool) -> Label:
        """One node as a filled, outlined label. With `fit` the text keeps its own height (centred), so a
        text taller than its box shows as overflow in texture_size instead of being cut silently."""
        deco = self.scale if self.orientation == "horizontal" else 1.0   # the notice keeps its thin lines
        lbl = Label(text=self._text(node), pos=(x, y), size=(width, height), halign="center", valign="middle",
                    font_size=sp(self.font_sp) * self.scale,
                    color=style.ON_PRIMARY if node["kind"] in ("start", "end") else style.TEXT)
        lbl.text_size = (width - dp(12) * deco, None if fit else height)
        with lbl.canvas.before:
            Color(*KIND_COLOURS.get(node["kind"], style.SURFACE))
            RoundedRectangle(pos=lbl.pos, size=lbl.size, radius=[dp(10)])
            Color(*style.PRIMARY)
            Line(rounded_rectangle=(x, y, width, height, dp(10)), width=dp(1.2) * deco)
        self.add_widget(lbl)
        return lbl

    def _build(self) -> None:
        self.clear_widgets()
        self.canvas.before.clear()
        self.canvas.after.clear()
        if self.width < 10 or not self.graph.get("nodes"):
            return
        if self.orientation == "horizontal":
            self._build_horizontal()
        else:
            self._build_vertical()

    def _build_vertical(self) -> None:
        rows = rows_of(self.graph)
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
                boxes[node["id"]] = self._box(node, x, y, width, box_h, fit=False)
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

    def _build_horizontal(self) -> None:
        cols = columns_of(self.graph)
        s = self.scale
        gap_x, gap_y = dp(56) * s, dp(20) * s
        # The department and forward columns carry the longest names, the last box the longest step.
        weights = [1.6 if col[0]["kind"] in ("department", "forward") else 1.25 if col[0]["kind"] == "end" else 1.0
                   for col in cols]
        unit = (self.width - gap_x * (len(cols) - 1)) / sum(weights)
        tallest = max(len(col) for col in cols)
        box_h = min(dp(150) * s, (self.height - gap_y * (tallest - 1)) / tallest)
        depts = next((col for col in cols if col[0]["kind"] == "department"), [])
        row_of = {n["id"]: i for i, n in enumerate(depts)}
        boxes: dict[str, Label] = {}
        x = self.x
        for col, weight in zip(cols, weights):
            width = unit * weight
            block = len(depts) * box_h + (len(depts) - 1) * gap_y if depts else box_h
            for i, node in enumerate(col):
                # A forward sits beside its department; every other column is centred on the block.
                row = row_of.get(node["id"].replace("city:", "dept:"), i)
                rows = len(depts) if node["kind"] in ("department", "forward") else len(col)
                col_h = rows * box_h + (rows - 1) * gap_y
                top = self.center_y + (block if node["kind"] in ("department", "forward") else col_h) / 2
                y = top - (row + 1) * box_h - row * gap_y
                boxes[node["id"]] = self._box(node, x, y, width, box_h, fit=True)
            x += width + gap_x
        outgoing: dict[str, int] = {}
        for e in self.graph.get("edges", []):
            outgoing[e["from"]] = outgoing.get(e["from"], 0) + 1
        # Behind the boxes: a line that has to pass a box is hidden by it instead of crossing its text.
        with self.canvas.before:
            Color(*style.PRIMARY)
            for e in self.graph.get("edges", []):
                a, b = boxes.get(e["from"]), boxes.get(e["to"])
                if a is None or b is None:
                    continue
                x1, y1, x2, y2 = a.right, a.center_y, b.x, b.center_y
                # Fan out next to a box with several arrows, gather next to the one they reach.
                bend = x1 + gap_x / 2 if outgoing[e["from"]] > 1 else x2 - gap_x / 2
                tip = dp(14) * s
                Line(points=[x1, y1, bend, y1, bend, y2, x2 - tip, y2], width=dp(2) * s)
                Triangle(points=[x2 - tip, y2 + tip * 0.6, x2 - tip, y2 - tip * 0.6, x2, y2])
