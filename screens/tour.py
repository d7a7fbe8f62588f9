"""`kiosk tour --out DIR`: scripted journeys through the real widgets with simulated devices and a local
hall server, saving a screenshot of every screen and a preview of every printout, listed in order in
DIR/index.md and DIR/index.json.

Actions press what a citizen presses: a button found by its name, keys on the on-screen keyboard,
candidates of the pinyin keyboard. Each action waits on the Kivy clock, so the app runs as it does for a
citizen; nothing here touches kiosk state directly except reading it to check the wipe.

It holds on a loaded machine: every action waits on a condition (the button is there, laid out and
still; the keyboard is open; the step changed) with a generous limit, never on a fixed pause alone.
"""
from __future__ import annotations

from kiosk.i18n import _

import json
import time
from pathlib import Path

from .tour_journeys import JOURNEYS, ON_REQUEST


class _Kivy:
    """Kivy is imported only once the App has configured it (size, KIVY_HOME, no argv parsing)."""

    @property
    def Clock(self):
        from kivy.clock import Clock
        return Clock

    @property
    def Window(self):
        from kivy.core.window import Window
        return Window


_k = _Kivy()


class TourFailed(Exception):
    pass


class Tour:
    def __init__(self, out: Path, journeys: list[str] | None = None, timeout: float = 180.0):
        self.out = Path(out)
        self.out.mkdir(parents=True, exist_ok=True)
        self.names = journeys or list(JOURNEYS)
        self.timeout = timeout
        self.entries: list[dict] = []
        self.printed: list[bytes] = []       # every job's bytes, as the printer received them
        self.checks: dict[str, object] = {}
        self.journey = ""
        self.app = None
        self.error: str | None = None

    # -- running --------------------------------------------------------------------------------------

    def start(self, app) -> None:
        self.app = app
        app.core.printing.sink = self._printed
        self._gen = self._all()
        self._advance(0)

    def _all(self):
        for name in self.names:
            self.journey = name
            yield from (JOURNEYS.get(name) or ON_REQUEST[name])(self)
            yield from self.go_attract()

    def _advance(self, _dt) -> None:
        if self.app.crashes:
            self._fail("the app recovered from an error:\n" + self.app.crashes[-1])
            return
        try:
            wait = next(self._gen)
        except StopIteration:
            self._finish()
            return
        except Exception as exc:  # a failed step ends the tour with the reason, and a screenshot
            self._fail(f"{type(exc).__name__}: {exc}")
            return
        if callable(wait):
            self._wait_until(wait, time.monotonic() + self.timeout)
        else:
            _k.Clock.schedule_once(self._advance, wait or 0.15)

    #: how often a wait polls its condition, and the pause after it holds (a benchmark polls every frame)
    poll_s, settle_s = 0.1, 0.2

    def _wait_until(self, cond, deadline) -> None:
        def check(_dt):
            try:
                ok = cond()
            except Exception:
                ok = False
            if ok:
                _k.Clock.schedule_once(self._advance, self.settle_s)
            elif time.monotonic() > deadline:
                self._fail(f"timed out waiting for {getattr(cond, '__doc__', None) or 'a condition'}")
            else:
                _k.Clock.schedule_once(check, self.poll_s)
        _k.Clock.schedule_once(check, self.poll_s)

    def _fail(self, reason: str) -> None:
        self.error = f"{self.journey}: {reason} (at step {self.app.step})"
        try:
            self._save("failure")
        finally:
            self._finish()

    def _finish(self) -> None:
        self.save_index()
        self.app.exit_code = 1 if self.error else 0
        self.app.stop()

    def save_index(self) -> None:
        index = {"entries": self.entries, "checks": self.checks, "error": self.error}
        (self.out / "index.json").write_text(json.dumps(index, ensure_ascii=False, indent=1), encoding="utf-8")
        lines = ["# Kiosk tour", "", f"{len(self.entries)} images, in order.", ""]
        for i, e in enumerate(self.entries, 1):
            lines.append(f"{i}. `{e['file']}` — {e['journey']}: {e['what']}")
        if self.error:
            lines += ["", f"**Tour failed:** {self.error}"]
        (self.out / "index.md").write_text("\n".join(lines) + "\n", encoding="utf-8")

    # -- actions (used by the journeys, screens/tour_*.py) -----------------------------------------------

    def snap(self, what: str):
        """A screenshot of what a citizen sees: once every visible label has drawn its text (a loaded
        machine draws a new screen some frames later) and a frame has passed; `yield from tour.snap(...)`."""
        yield from self.wait(self._drawn, f"the {what} screen to be drawn")
        yield 0.1
        self._save(what)

    def _drawn(self) -> bool:
        from .app import labels_drawn

        return labels_drawn(_k.Window)

    def _save(self, what: str) -> None:
        from .app import save_screenshot

        n = len(self.entries) + 1
        name = f"{n:03d}-{self.journey}-{what}.png"
        save_screenshot(_k.Window, _k.Window, str(self.out / name))
        self.entries.append({"file": name, "kind": "screen", "journey": self.journey, "what": what,
                             "step": self.app.step})

    def _printed(self, data: bytes) -> None:
        from devices.printer import save_preview

        self.printed.append(data)
        n = len(self.entries) + 1
        name = f"{n:03d}-{self.journey}-print.png"
        save_preview(data, str(self.out / name), 576)
        self.entries.append({"file": name, "kind": "printout", "journey": self.journey, "what": "printout",
                             "step": self.app.step})

    def find(self, name: str):
        """The visible, enabled widget with this name (in a dialog first, then the screen and the bars)."""
        roots = list(_k.Window.children)
        for root in roots:
            for w in root.walk(restrict=True):
                if getattr(w, "name", None) == name and w.get_root_window() is not None and not w.disabled \
                        and w.opacity > 0 and w.height > 1 and _shown(w):
                    return w
        raise TourFailed(f"no button named {name!r} on screen at step {self.app.step}")

    def in_view(self, name: str, pause: float = 0.1):
        """Scroll the named widget until it is on screen (a form that has just rebuilt its rows may not be laid
        out yet), re-finding it as rows are rebuilt; `widget = yield from tour.in_view(name)`."""
        from .app import _on_screen

        widget = self.find(name)
        for _ in range(20):
            _scroll_into_view(widget)
            yield pause
            widget = self.find(name)
            if _on_screen(widget):
                break
        return widget

    def _found(self, name: str):
        try:
            return self.find(name)
        except TourFailed:
            return None

    def press(self, name: str, settle: float = 0.25):
        """Press a button the way a finger does: touch down and up at its centre, once it is on screen and
        laid out (a busy machine draws the frame that places it later)."""
        from kivy.tests.common import UnitTestTouch

        if self._found(name) is None:
            yield from self.wait(lambda: self._found(name) is not None, f"button {name!r} to show")
        widget = yield from self.in_view(name)
        still = self._still(name)
        still()        # where it is now; the next check (a frame or more later) must find it there
        yield from self.wait(still, f"button {name!r} to stay in one place")
        widget = self.find(name)
        x, y = widget.to_window(*widget.center)
        touch = UnitTestTouch(x, y)
        touch.touch_down()
        touch.touch_up()
        yield settle

    def _still(self, name: str):
        """A condition: the named widget is at the same place and size as at the previous check."""
        last: list = [None]

        def cond():
            w = self.find(name)
            where = (tuple(round(v) for v in w.to_window(*w.pos)), tuple(round(v) for v in w.size))
            same, last[0] = where == last[0], where
            return same
        return cond

    def settled(self):
        """Wait until no dialog is open or closing, plus a frame: what the screen shows is final."""
        from kivy.uix.modalview import ModalView

        def cond():
            return not any(isinstance(w, ModalView) for w in _k.Window.children)
        cond.__doc__ = "dialogs to close"
        yield cond
        yield 0.3

    def wait_for_step(self, step: str):
        def cond():
            return self.app.step == step
        cond.__doc__ = f"step {step}"
        yield cond

    def wait(self, cond, what: str):
        def check():
            return cond()
        check.__doc__ = what
        yield check

    def type_text(self, text: str):
        """Type into the open keyboard panel: hanzi by pinyin + candidate, anything else by its key,
        switching layout (123 / ABC) only when the current one lacks the key, as a person would."""
        from pypinyin import Style, lazy_pinyin

        yield from self.wait(lambda: self._open_panel() is not None, "the keyboard to open")
        for ch in text:
            if "\u4e00" <= ch <= "\u9fff":
                if self.panel().mode != "pinyin":
                    yield from self.press("mode_pinyin", 0.05)
                for letter in lazy_pinyin(ch, style=Style.NORMAL)[0].replace("ü", "v"):
                    yield from self.press(f"key_{letter}", 0.05)
                yield from self._pick_candidate(ch)
                continue
            key = self._key_for(ch)
            if key is None:
                yield from self.press("mode_digits" if ch.isdigit() else "mode_letters", 0.05)
                key = self._key_for(ch)
            if key is None:
                raise TourFailed(f"no key for {ch!r} on the keyboard")
            yield from self.press(key, 0.05)

    def write(self, strokes, box: float = 1024):
        """Write on the open keyboard's handwriting pad as a finger does: each stroke is one touch that
        goes down, moves through its points and lifts. `strokes` are in a `box`-sized square, y down."""
        from kivy.tests.common import UnitTestTouch

        pad = self.panel().pad
        if pad is None:
            raise TourFailed("the handwriting pad is not open")
        side = min(pad.width, pad.height) * 0.8
        left, top = pad.to_window(pad.center_x - side / 2, pad.center_y + side / 2)
        k = side / box
        for stroke in strokes:
            points = [(left + x * k, top - y * k) for x, y in stroke]
            touch = UnitTestTouch(*points[0])
            touch.touch_down()
            for x, y in points[1:]:
                touch.touch_move(x, y)
            touch.touch_up()
            yield 0.05

    def _key_for(self, ch: str) -> str | None:
        for name in (f"key_{ch}", f"key_{ch.lower()}"):
            try:
                self.find(name)
                return name
            except TourFailed:
                continue
        return None

    def _pick_candidate(self, ch: str):
        panel = self.panel()
        for _page in range(12):
            if ch in panel.candidates:
                yield from self.press(f"cand_{panel.candidates.index(ch)}", 0.05)
                return
            yield from self.press("cand_next", 0.05)
        raise TourFailed(f"{ch!r} not among the pinyin candidates")

    def _open_panel(self):
        from .keyboard import InputPanel

        for w in _k.Window.children:
            if isinstance(w, InputPanel) and w._window is not None and w.opacity > 0.99:
                return w
        return None

    def panel(self):
        panel = self._open_panel()
        if panel is None:
            raise TourFailed("the keyboard is not open")
        return panel

    def go_attract(self):
        if self.app.step != "attract":
            self.app.finish()
        yield from self.wait_for_step("attract")


def _shown(widget) -> bool:
    from kivy.uix.screenmanager import Screen

    node = widget
    for _ in range(200):     # the Window is its own parent: stop there
        if node is None or node.parent is node:
            break
        if isinstance(node, Screen) and node.manager is not None and node.manager.current_screen is not node:
            return False
        node = node.parent
    return True


def _scroll_into_view(widget) -> None:
    from kivy.uix.scrollview import ScrollView

    node = widget.parent
    for _ in range(200):
        if node is None or node.parent is node:
            return
        if isinstance(node, ScrollView):
            node.scroll_to(widget, padding=40, animate=False)
            return
        node = node.parent


def run_tour(out: str, journeys: list[str] | None = None, size: str | None = None) -> int:
    from .app import run_app

    import sys

    tour = Tour(Path(out), journeys)
    code = run_app(simulate=True, size=size, script=tour)
    if tour.error:
        print(f"kiosk tour: {tour.error}", file=sys.__stderr__)
    print(f"kiosk tour: {len(tour.entries)} images in {out}/index.md", file=sys.__stderr__)
    return code
