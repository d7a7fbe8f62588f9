"""Screen changes, taps and memory over scripted theme-5 journeys (idle → ticket, simulated ID card and every
document) through the real widgets: bench/journey_app.py runs inside the kiosk on a private Xvfb."""
from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

from support import kiosk_env

from .xvfb import private_display

ROOT = Path(__file__).resolve().parent.parent
FULL, QUICK = 50, 2   # journeys; BENCH_JOURNEYS overrides FULL


def measure(count: int, size: str = "1080x1920", timeout: float = 7200.0) -> dict:
    with tempfile.TemporaryDirectory() as tmp, private_display() as display:
        out = Path(tmp) / "results.json"
        env = kiosk_env(display, Path(tmp) / "data", KIOSK_DISPLAY_FULLSCREEN="0")
        proc = subprocess.run([sys.executable, "-m", "bench.journey_app", str(out), str(count), size], cwd=ROOT,
                              env=env, capture_output=True, text=True, timeout=timeout)
        if not out.exists():
            raise RuntimeError(f"the journey app wrote no results (exit {proc.returncode}):\n{proc.stderr[-3000:]}")
        results = json.loads(out.read_text(encoding="utf-8"))
        if os.environ.get("BENCH_RESULTS_COPY"):    # the raw figures (and BENCH_COUNT_OBJECTS counts), for a leak hunt
            Path(os.environ["BENCH_RESULTS_COPY"]).write_text(out.read_text(encoding="utf-8"), encoding="utf-8")
    results["asked"] = count
    if results.get("error"):
        raise RuntimeError(f"the scripted journey failed: {results['error']}")
    return results


def _pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def _kind(tap: str) -> str:
    if tap == "simulate_card":
        return "lay the ID card on the reader (a button only on the simulator)"
    if tap.startswith(("key_", "cand_", "mode_")):
        return "keyboard keys and candidates"
    if tap.startswith(("field_", "input_done")):
        return "open / close a field's keyboard"
    if tap.startswith("choice_"):
        return "form option buttons"
    if tap.startswith(("capture_", "defer_")):
        return "documents (capture or 'later')"
    return "navigation and confirmations"


def _per_field(taps: list[str]) -> list[tuple[str, list[str]]]:
    out, current = [], None
    for t in taps:
        if t.startswith("field_"):
            current = (t[len("field_"):], [t])
            out.append(current)
        elif current is not None:
            current[1].append(t)
            if t == "input_done":
                current = None
    return out


def report(r: dict) -> str:
    n = len(r["rss_kib"])
    press, go = r["press_to_frame_ms"], r["go_to_frame_ms"]
    by_change: dict[str, list[float]] = {}
    for change, ms in zip(r["changes"], press):
        by_change.setdefault(change, []).append(ms)
    rss1, rssn = r["rss_kib"][0] / 1024, r["rss_kib"][-1] / 1024
    growth = (rssn - rss1) / rss1 * 100
    taps = r["taps"][0]
    kinds = Counter(_kind(t) for t in taps)
    lines = [
        "## Kiosk journeys: screen changes, taps, memory", "",
        f"{n} consecutive scripted journeys"
        + (f" (of {r['asked']} asked: stopped at the time budget of {r['stopped_by_budget_s']:.0f} s, "
           "`BENCH_JOURNEY_BUDGET_S`)" if r.get("stopped_by_budget_s") else "") + f" of theme 5 (婴儿出生一件事) from the attract screen to the queue "
        "ticket, with the simulated ID card and every document, through the real widgets (the tour's "
        "machinery, `bench/journey_app.py`), window 1080x1920 on a private Xvfb, local hall server.", "",
        "### Screen change", "",
        "Measured inside the app on Kivy's clock: from the tap (touch down) to the first frame drawn "
        "(`Window.on_flip`) after the tap made the app show another screen; the screen manager has no "
        "transition, so that frame shows the new screen. It includes the button's handler (e.g. committing "
        "the application to the outbox), building the new screen and one frame of software rendering on "
        "Xvfb. The first journey includes screens built for the first time.", "",
        f"| | changes | median ms | p90 ms | max ms |", "|---|---:|---:|---:|---:|",
        f"| tap → new screen drawn | {len(press)} | **{statistics.median(press):.0f}** | "
        f"{_pct(press, 0.9):.0f} | {max(press):.0f} |",
        f"| `KioskApp.go` → drawn (all changes, also those not caused by a tap) | {len(go)} | "
        f"{statistics.median(go):.0f} | {_pct(go, 0.9):.0f} | {max(go):.0f} |", "",
        "Goal: median ≤ 100 ms. By change (tap → drawn):", "",
        "| change | n | median ms | p90 ms |", "|---|---:|---:|---:|"]
    for change, ms in by_change.items():
        lines.append(f"| {change} | {len(ms)} | {statistics.median(ms):.0f} | {_pct(ms, 0.9):.0f} |")
    lines += [
        "", "### Taps from idle to ticket", "",
        f"**{len(taps)} taps** in one journey (every press the script makes is one tap a citizen makes; the "
        "card is laid on the reader, not tapped):", "",
        "| kind | taps |", "|---|---:|"]
    lines += [f"| {k} | {v} |" for k, v in kinds.most_common()]
    lines += ["", "Taps other than typing: " + ", ".join(f"`{t}`" for t in taps if _kind(t) not in (
        "keyboard keys and candidates",)) + ".", "", "Taps per typed field (open, keys and candidates, done):", "",
        "| field | taps | of which paging candidates or switching layout |", "|---|---:|---:|"]
    for field, field_taps in _per_field(taps):
        extra = sum(t in ("cand_next", "mode_digits", "mode_letters", "mode_pinyin") for t in field_taps)
        lines.append(f"| {field} | {len(field_taps)} | {extra} |")
    lines += ["",
        "### Memory", "",
        "Resident set size (VmRSS) back on the attract screen 1 s after each journey, after `gc.collect()`; the app "
        "itself hands freed heap back to the system 0.5 s after it returns to attract (`malloc_trim`, "
        "kiosk/memory.py), as it does between citizens in a hall:", "",
        "| after journey 1 | after journey " + str(n) + " | growth |", "|---:|---:|---:|",
        f"| {rss1:.0f} MiB | {rssn:.0f} MiB | **{growth:+.1f}%** |", "",
        "Every 10th journey: " + ", ".join(f"{i + 1}: {k / 1024:.0f}" for i, k in enumerate(r["rss_kib"])
                                           if i == 0 or (i + 1) % 10 == 0 or i == n - 1) + " MiB. Goal: within 10%."
        + (f" From journey 3 (lexicon, search index and every screen built, camera used) to journey {n}: "
           f"{(r['rss_kib'][-1] - r['rss_kib'][2]) / r['rss_kib'][2] * 100:+.1f}%." if n > 3 else ""),
        "", f"Journey time (scripted taps at 0.1 s pauses, software rendering): median "
        f"{statistics.median(r['journey_s']):.0f} s.", "",
        "Command: `make bench` or `.venv/bin/python -m bench journeys` (`BENCH_JOURNEYS=N` for another count, "
        "`BENCH_JOURNEY_BUDGET_S=S` to start no journey after S seconds).", ""]
    return "\n".join(lines)


def run(quick: bool = False) -> str:
    count = QUICK if quick else int(os.environ.get("BENCH_JOURNEYS", FULL))
    return report(measure(count))
