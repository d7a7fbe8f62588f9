"""QR decode rate and speed on hard generated frames: our cascade vs pyzbar, zxing-cpp and OpenCV."""
from __future__ import annotations

import platform
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

if __package__ in (None, ""):  # `python bench/qr.py` as well as `python -m bench.qr`
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import cv2
import numpy as np

from devices.qr import CascadeDecoder
from devices.qr.synth import hard_frames

FULL, QUICK = 500, 60
SEED = 2026


def _contenders():
    """name -> function(BGR frame) -> decoded texts (ours: (text, stage) pairs); each converts colour itself."""
    import zxingcpp
    from pyzbar import pyzbar

    ours = CascadeDecoder()
    qr = zxingcpp.BarcodeFormat.QRCode
    ocv = cv2.QRCodeDetector()

    def pyzbar_alone(frame):
        gray = cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY)
        return [d.data.decode("utf-8", "replace")
                for d in pyzbar.decode(gray, symbols=[pyzbar.ZBarSymbol.QRCODE])]

    def opencv(frame):
        text, points, _ = ocv.detectAndDecode(frame)
        return [text] if text else []

    return {
        "ours (cascade)": lambda f: [(c.text, c.stage) for c in ours.decode(f)],
        "pyzbar alone": pyzbar_alone,
        "zxing-cpp": lambda f: [r.text for r in zxingcpp.read_barcodes(f, formats=qr)],
        "OpenCV QRCodeDetector": opencv,
    }


def measure(count: int, seed: int = SEED) -> dict:
    """Run every decoder on the same frames, interleaved per frame so machine load hits all alike."""
    t0 = time.perf_counter()
    samples = hard_frames(count, seed)
    gen_s = time.perf_counter() - t0
    contenders = _contenders()
    found = Counter()
    correct = Counter()
    times: dict[str, list[float]] = {name: [] for name in contenders}
    stages = Counter()
    by_enc = {name: Counter() for name in contenders}
    totals = Counter(s.encoding for s in samples)
    for s in samples:
        for name, fn in contenders.items():
            start = time.perf_counter()
            texts = fn(s.frame)
            times[name].append((time.perf_counter() - start) * 1000)
            stage = None
            if texts and isinstance(texts[0], tuple):
                stage = texts[0][1]
                texts = [t for t, _ in texts]
            if texts:
                found[name] += 1
            if s.text in texts:
                correct[name] += 1
                by_enc[name][s.encoding] += 1
                if stage:
                    stages[stage] += 1
    return {"count": count, "seed": seed, "gen_s": gen_s, "found": found, "correct": correct,
            "times": times, "stages": stages, "by_enc": by_enc, "totals": totals}


def _pct(n: int, total: int) -> str:
    return f"{100 * n / max(1, total):.1f}%"


def report(m: dict) -> str:
    """The Markdown section for docs/performance.md."""
    n = m["count"]
    lines = [
        "## QR decoding on hard camera frames", "",
        f"{n} generated 1280x720 frames (seed {m['seed']}; `devices/qr/synth.py`): one QR code each, "
        "UTF-8 Chinese, GBK Chinese or ASCII payload, scaled down to 1.8 px per module, rotated, "
        "perspective-skewed, blurred, noisy, low-contrast, unevenly lit and JPEG-compressed. "
        "*Correct* means the decoded text equals the payload exactly (right encoding included); "
        "*found* counts any result. Times are per frame on one core, BGR frame in, text out, all decoders "
        "run on each frame in turn.", "",
        "| decoder | correct | found | UTF-8 | GBK | ASCII | median ms | mean ms | p95 ms |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, ts in m["times"].items():
        enc = m["by_enc"][name]
        p95 = float(np.percentile(ts, 95))
        lines.append(
            f"| {name} | {_pct(m['correct'][name], n)} | {_pct(m['found'][name], n)} | "
            f"{_pct(enc['utf-8'], m['totals']['utf-8'])} | {_pct(enc['gbk'], m['totals']['gbk'])} | "
            f"{_pct(enc['ascii'], m['totals']['ascii'])} | {statistics.median(ts):.2f} | "
            f"{statistics.fmean(ts):.2f} | {p95:.1f} |")
    lines += ["", "Where our cascade's correct decodes came from (first stage that succeeded):", "",
              "| stage | frames |", "|---|---:|"]
    lines += [f"| {stage} | {k} |" for stage, k in m["stages"].most_common()]
    lines += ["", f"Frame generation took {m['gen_s']:.1f} s. Machine: {platform.machine()}, "
              f"Python {platform.python_version()}, OpenCV {cv2.__version__}.", "",
              "Reproduce with:", "", "```sh", "make bench", "```", ""]
    return "\n".join(lines)


def run(quick: bool = False) -> str:
    """Generate the frames, measure, and return the Markdown section (fewer frames when `quick`)."""
    return report(measure(QUICK if quick else FULL))


if __name__ == "__main__":
    print(run(quick="--quick" in sys.argv[1:]))
