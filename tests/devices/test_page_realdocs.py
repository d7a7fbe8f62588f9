"""Page detection on real phone photos (../shared/data/realdocs, MIDV-500 frames with corner truth).

A fixed subset of 13 frames (every 8th in name order: cards held in a hand, on keyboards, on
cluttered desks and printed sheets, passports) keeps a floor under the real-photo figure that
`make bench` reports in full. The photos are dev data outside the repository: the test skips,
saying why, where they are absent.
"""
from __future__ import annotations

import cv2
import numpy as np
import pytest

from bench import realdocs
from devices.camera import assess, detect_page, polygon_iou

pytestmark = pytest.mark.skipif(
    not realdocs.available(),
    reason=f"real photos not here: {realdocs.DATA} (dev data kept outside the repository)")


def _subset():
    truth = realdocs.truth()
    return [(name, truth[name]) for name in list(truth)[::8]]


_RESULTS: dict = {}


def _run(name):
    """The frame and its detection, once per test run (each is looked at by several tests)."""
    if name not in _RESULTS:
        image = cv2.imread(str(realdocs.DATA / name), cv2.IMREAD_COLOR)
        _RESULTS[name] = (image, detect_page(image))
    return _RESULTS[name]


def test_real_photos_keep_a_mean_iou_floor():
    ious = []
    for name, corners in _subset():
        _, det = _run(name)
        ious.append(polygon_iou(det.corners if det else None, corners))
    assert len(ious) == 13
    assert np.mean(ious) >= 0.88, dict(zip([n for n, _ in _subset()], np.round(ious, 2)))
    assert sum(i >= 0.9 for i in ious) >= 11


def test_a_wrong_outline_on_a_real_photo_is_flagged_not_kept():
    """Every frame of the subset is either cropped right or refused by the quality check."""
    for name, corners in _subset():
        image, det = _run(name)
        iou = polygon_iou(det.corners if det else None, corners)
        problems = assess(image, det).problems
        assert iou >= 0.9 or {"unsure", "no_page"} & set(problems), (name, iou, problems)


def test_the_card_is_chosen_not_the_photo_printed_on_it():
    # a German ID card held in a hand: its portrait is a strong rectangle a fifth of its size
    truth = realdocs.truth()
    for name in ("midv14_deu_id_new_03.jpg", "midv10_cze_id_04.jpg"):
        _, det = _run(name)
        assert det is not None
        assert polygon_iou(det.corners, truth[name]) >= 0.9, name
