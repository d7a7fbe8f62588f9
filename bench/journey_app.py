"""Inside the kiosk process: drive the theme-5 journey (idle → ticket, simulated ID card, every document) N
times through the real widgets with the tour's machinery, and write what was measured as JSON.

Measured here, on the Kivy clock of the running app:
- screen change: from the tap (touch down) to the first frame drawn (`Window.on_flip`) after the tap made
  the app show another screen; and from `KioskApp.go` to that frame (the screen's own build and layout);
- taps: every press the script makes (a button, a key, a keyboard candidate, the tap that wakes the
  attract screen), which is what a citizen taps;
- memory: resident set size (VmRSS) after each journey, back on the attract screen, after `gc.collect()`.

Run by bench/journeys.py as `python -m bench.journey_app OUT.json COUNT [WxH]` on a private Xvfb."""
from __future__ import annotations

import gc
import json
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("KIVY_NO_ARGS", "1")

from screens.tour import Tour  # noqa: E402
from screens.tour_steps import fill_form, finish_journey, start_theme  # noqa: E402


def rss_kib() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError("no VmRSS in /proc/self/status")


def birth_idle_to_ticket(tour):
    """Theme 5 (婴儿出生一件事) as a citizen with the ID card and every document: no optional taps
    (the tour also prints the notice)."""
    yield from start_theme(tour, 5, card=True)
    yield from read_mothers_card(tour)
    yield from fill_form(tour)
    yield from capture_every_document(tour)
    yield from finish_journey(tour)
    yield from tour.press("done_finish")


def read_mothers_card(tour):
    """The mother's name and ID number from her card (the form offers it) rather than typed."""
    yield from tour.wait_for_step("form")
    yield from tour.press("read_card_mother")
    yield from tour.press("card_sample")          # the simulator's stand-in for laying her card down
    yield from tour.wait(lambda: tour.app.core.journey.form_values().get("name@mother"), "the mother's card read")
    yield from tour.settled()


def capture_every_document(tour):
    """The tour's capture_all, but the non-key documents too (the tour defers those to show 'later')."""
    yield from tour.wait_for_step("materials")
    core = tour.app.core
    for m in core.journey.materials_to_capture():
        yield from tour.press(f"capture_{m['id']}", 0.6)
        yield from tour.wait(lambda mid=m["id"]: bool(core.session.pages.get(mid)), f"page of {m['id']}")
    yield from tour.settled()
    yield from tour.press("materials_next")


class BenchTour(Tour):
    """The tour without screenshots or printout previews, counting taps and timing screen changes."""

    poll_s, settle_s = 0, 0.05     # poll every frame: 50 journeys need a brisker citizen than screenshots do

    def __init__(self, out: Path, count: int):
        super().__init__(out, ["birth"], timeout=60.0)
        self.count = count
        self.results = {"press_to_frame_ms": [], "go_to_frame_ms": [], "rss_kib": [], "journey_s": [],
                        "taps": [], "changes": []}
        self._taps: list[str] = []

    def start(self, app) -> None:
        from kivy.core.window import Window

        real_go = app.go

        def timed_go(step):
            t0 = time.perf_counter()
            real_go(step)
            Window.bind(on_flip=self._frame_after(t0, "go_to_frame_ms"))
        app.go = timed_go
        super().start(app)

    def _frame_after(self, t0: float, key: str):
        from kivy.core.window import Window

        def once(*_args):
            Window.unbind(on_flip=once)
            self.results[key].append((time.perf_counter() - t0) * 1000)
        return once

    def _all(self):
        budget = float(os.environ.get("BENCH_JOURNEY_BUDGET_S") or "inf")
        began = time.perf_counter()
        for i in range(self.count):
            if time.perf_counter() - began > budget:
                self.results["stopped_by_budget_s"] = budget   # reported: fewer journeys than asked
                break
            self.journey = f"birth-{i + 1}"
            # go_home (tour_steps) wakes the attract screen with one bare touch (not a named press): count it here.
            self._taps = ["(touch the attract screen)"] if self.app.step == "attract" else []
            started = time.perf_counter()
            yield from birth_idle_to_ticket(self)
            yield from self.wait_for_step("attract")
            self.results["journey_s"].append(time.perf_counter() - started)
            self.results["taps"].append(list(self._taps))
            yield 1.0      # the app gives freed heap back 0.5 s after attract (kiosk/memory.py)
            gc.collect()
            self.results["rss_kib"].append(rss_kib())
            if os.environ.get("BENCH_COUNT_OBJECTS"):   # to hunt a leak: live objects by type after each
                from collections import Counter
                counts = Counter(type(o).__name__ for o in gc.get_objects())
                self.results.setdefault("objects", []).append(dict(counts.most_common(400)))

    def press(self, name: str, settle: float = 0.25):
        """Tour.press, timing the tap to the first frame drawn after it when it changed the screen."""
        from kivy.core.window import Window
        from kivy.tests.common import UnitTestTouch

        widget = yield from self.in_view(name, 0.02)
        x, y = widget.to_window(*widget.center)
        before = self.app.step
        self._taps.append(name)
        t0 = time.perf_counter()
        self.results.setdefault("tap_at", []).append((name, t0))
        touch = UnitTestTouch(x, y)
        touch.touch_down()
        touch.touch_up()
        if self.app.step != before:
            self.results["changes"].append(f"{before}→{self.app.step}")
            Window.bind(on_flip=self._frame_after(t0, "press_to_frame_ms"))
        yield min(settle, 0.1)   # the tour's pauses are for screenshots; 50 journeys need a brisker citizen

    def snap(self, what: str):
        """No screenshots in the benchmark (Tour.snap is a generator: `yield from tour.snap(...)`)."""
        yield from ()

    def _printed(self, data: bytes) -> None:
        pass

    def _finish(self) -> None:
        self.results["error"] = self.error
        (self.out / "results.json").write_text(json.dumps(self.results), encoding="utf-8")
        self.app.exit_code = 1 if self.error else 0
        self.app.stop()


def main(out: str, count: str, size: str | None = None) -> int:
    from screens.app import run_app

    with tempfile.TemporaryDirectory() as tmp:
        tour = BenchTour(Path(tmp), int(count))
        code = run_app(simulate=True, size=size, script=tour)
        Path(out).write_text((Path(tmp) / "results.json").read_text(encoding="utf-8"), encoding="utf-8")
    return code


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
