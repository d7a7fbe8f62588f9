"""Page detection on real phone photos: ../shared/data/realdocs (MIDV-500 frames with corner truth).

The set is split once and for all into two halves, alternating within each document type in name
order: the 'tuning' half is the one the detector was developed against, the 'held-out' half was
not looked at while tuning, and its figure is the one reported against the goal. The photos are
read from ../shared at bench and test time only; they are not part of the product or the
repository.
"""
from __future__ import annotations

import json
import re
import statistics
import time
from collections import defaultdict
from pathlib import Path

import cv2
import numpy as np

from devices.camera.geometry import polygon_iou
from devices.camera.page_detect import detect_page
from devices.camera.quality import UNSURE_SCORE

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data" / "realdocs"


def available(data: Path = DATA) -> bool:
    return (data / "truth.json").is_file()


def truth(data: Path = DATA) -> dict[str, np.ndarray]:
    """File name -> (4, 2) corners TL TR BR BL at the stored 900x1600 size."""
    raw = json.loads((data / "truth.json").read_text(encoding="utf-8"))
    return {name: np.asarray(q, np.float32) for name, q in sorted(raw.items())}


def halves(names: list[str]) -> dict[str, str]:
    """File name -> 'tuning' or 'held-out': every other frame of each document type."""
    groups: dict[str, list[str]] = defaultdict(list)
    for name in sorted(names):
        groups[re.sub(r"_\d+\.jpg$", "", name)].append(name)
    return {n: ("tuning" if i % 2 == 0 else "held-out") for g in groups.values() for i, n in enumerate(g)}


def measure_one(image: np.ndarray, corners: np.ndarray) -> tuple[float, float, float, bool]:
    """(IoU, CPU ms, wall ms, flagged) of one detection; undetected counts as IoU 0 and flagged.

    Flagged means the quality check would not keep the crop as it is (no page, or "unsure").
    """
    t0, c0 = time.perf_counter(), time.process_time()
    det = detect_page(image)
    cpu, wall = (time.process_time() - c0) * 1000, (time.perf_counter() - t0) * 1000
    flagged = det is None or det.score < UNSURE_SCORE
    return polygon_iou(det.corners if det else None, corners), cpu, wall, flagged


def measure(data: Path = DATA) -> dict[str, dict]:
    """Per half and overall: n, mean IoU, share >= 0.90, median CPU and wall ms, share flagged by the
    quality check, frames cropped wrong (IoU < 0.9) yet not flagged, worst frames."""
    cv2.setNumThreads(1)      # "per frame on one core"
    t = truth(data)
    half = halves(list(t))
    rows: dict[str, list[tuple[str, float, float, float, bool]]] = defaultdict(list)
    for name, corners in t.items():
        image = cv2.imread(str(data / name), cv2.IMREAD_COLOR)
        rows[half[name]].append((name, *measure_one(image, corners)))
    rows["all"] = rows["held-out"] + rows["tuning"]
    out = {}
    for key in ("held-out", "tuning", "all"):
        v = rows[key]
        out[key] = {"n": len(v), "iou": statistics.fmean(r[1] for r in v),
                    "ok90": sum(r[1] >= 0.9 for r in v) / len(v),
                    "cpu_ms": statistics.median(r[2] for r in v),
                    "wall_ms": statistics.median(r[3] for r in v),
                    "flagged": sum(r[4] for r in v) / len(v),
                    "wrong_kept": sum(r[1] < 0.9 and not r[4] for r in v),
                    "worst": sorted(v, key=lambda r: r[1])[:5]}
    return out
