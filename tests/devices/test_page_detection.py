"""Page detection on generated scenes: IoU against ground truth, corner order, warp, bad input."""
from __future__ import annotations

import numpy as np
import pytest

from devices.camera import ImageError, detect_page, make_scene, order_corners, polygon_iou, warp_page
from devices.camera.geometry import page_size
from devices.camera.scenes import FRAME

CASES = {
    "cluttered": dict(kind="cluttered", shadow=False, glare=False, hand=False),
    "light_background": dict(kind="light", shadow=False, glare=False, hand=False),
    "shadow": dict(kind="light", shadow=True, glare=False, hand=False),
    "glare": dict(kind="cluttered", shadow=False, glare=True, hand=False),
    "hand_over_edge": dict(kind="cluttered", shadow=False, glare=False, hand=True),
    "hand_on_light_desk": dict(kind="light", shadow=False, glare=False, hand=True),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_page_found_with_high_iou(case):
    opts = dict(CASES[case])
    kind = opts.pop("kind")
    ious = []
    for seed in (11, 12, 13):
        scene = make_scene(seed, kind, **opts)
        det = detect_page(scene.image)
        ious.append(polygon_iou(det.corners if det else None, scene.corners))
    assert np.mean(ious) > 0.93 and min(ious) > 0.85, ious


def test_scenes_are_deterministic_and_full_hd():
    a, b = make_scene(5, "light"), make_scene(5, "light")
    assert a.image.shape == (FRAME[1], FRAME[0], 3)
    assert np.array_equal(a.image, b.image) and np.array_equal(a.corners, b.corners)
    assert not np.array_equal(a.image, make_scene(6, "light").image)


def test_corners_come_out_tl_tr_br_bl():
    scene = make_scene(21, "cluttered", hand=False, glare=False)
    c = detect_page(scene.image).corners
    tl, tr, br, bl = c
    assert tl[0] < tr[0] and bl[0] < br[0]
    assert tl[1] < bl[1] and tr[1] < br[1]
    shuffled = c[[2, 0, 3, 1]]
    assert np.allclose(order_corners(shuffled), c)


def test_order_corners_handles_a_page_rotated_40_degrees():
    a = np.deg2rad(40)
    rot = np.array([[np.cos(a), -np.sin(a)], [np.sin(a), np.cos(a)]])
    square = np.array([[-1, -1], [1, -1], [1, 1], [-1, 1]], float) @ rot.T * 100 + 500
    got = order_corners(square[[3, 1, 0, 2]])
    assert np.allclose(got[0], square[0], atol=1e-3) or np.allclose(got[0], square[3], atol=1e-3)
    assert np.argmin(got.sum(1)) == 0


def test_warp_is_upright_a4_at_150_dpi():
    scene = make_scene(22, "light", hand=False, glare=False, shadow=False)
    det = detect_page(scene.image)
    page = warp_page(scene.image, det.corners)
    h, w = page.shape[:2]
    assert w >= 1240 and h >= 1754 and abs(h / w - 297 / 210) < 0.01
    gray = page.mean(2)
    # upright: the bold title sits in the top fifth, the seal and signature in the bottom quarter
    ink = (gray < 120).mean(1)
    assert ink[: h // 5].sum() > 0 and ink[: h // 5].sum() > ink[h // 5: h // 2].sum() * 0.1
    red = (page[..., 2].astype(int) - page[..., 1]) > 80
    assert red[3 * h // 4:].sum() > 10 * max(1, red[: h // 4].sum())


def test_page_size_keeps_aspect_of_non_a4_quads():
    assert page_size(np.array([[0, 0], [800, 0], [800, 400], [0, 400]], float)) == (800, 400)


def test_blank_frame_finds_no_page():
    assert detect_page(np.full((1080, 1920, 3), 128, np.uint8)) is None


@pytest.mark.parametrize("bad", [np.zeros((10, 10, 3), np.uint8), np.zeros((100, 100), np.float32),
                                 "not an image", np.zeros((0, 0, 3), np.uint8)])
def test_bad_arrays_raise_a_clear_image_error(bad):
    with pytest.raises(ImageError):
        detect_page(bad)


def test_polygon_iou_of_shifted_square_and_missing_quad():
    sq = np.array([[0, 0], [10, 0], [10, 10], [0, 10]], float)
    assert polygon_iou(sq, sq) == pytest.approx(1.0)
    assert polygon_iou(sq, sq + [5, 0]) == pytest.approx(50 / 150)
    assert polygon_iou(None, sq) == 0.0
