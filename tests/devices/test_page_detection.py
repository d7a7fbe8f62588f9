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


def _page_on_desk(shade: int = 0, obj=None):
    """A printed form (text, a ruled box) folded across the middle (`shade` darker lower half and a crease),
    in perspective on a desk, optionally beside a dark object; and the page's true corners."""
    import cv2

    rng = np.random.default_rng(0)
    img = np.clip(np.full((1080, 1920, 3), (60, 80, 100), np.float32) + rng.normal(0, 6, (1080, 1920, 3)),
                  0, 255).astype(np.uint8)
    if obj is not None:
        cv2.fillConvexPoly(img, np.int32(obj), (35, 35, 40))
        cv2.polylines(img, [np.int32(obj)], True, (90, 90, 95), 3)
    w, h = 700, 990
    page = np.full((h, w, 3), 235, np.uint8)
    page[h // 2:] = np.clip(page[h // 2:].astype(int) - shade, 0, 255).astype(np.uint8)
    cv2.line(page, (0, h // 2), (w, h // 2), (150, 150, 150), 2)
    for y in range(80, h - 80, 40):
        cv2.putText(page, "Meixian application form 2026", (40, y), 0, 0.8, (40, 40, 40), 2)
    cv2.rectangle(page, (40, 600), (660, 900), (30, 30, 30), 3)
    dst = np.float32([[620, 60], [1300, 90], [1330, 1030], [590, 1010]])
    m = cv2.getPerspectiveTransform(np.float32([[0, 0], [w, 0], [w, h], [0, h]]), dst)
    mask = cv2.warpPerspective(np.full((h, w), 255, np.uint8), m, (1920, 1080)) > 0
    img[mask] = cv2.warpPerspective(page, m, (1920, 1080))[mask]
    return img, dst


@pytest.mark.parametrize("shade", [0, 40])
def test_a_folded_page_is_found_whole_not_one_half_nor_its_ruled_box(shade):
    img, truth = _page_on_desk(shade)
    assert polygon_iou(detect_page(img).corners, truth) > 0.95


def test_a_dark_object_beside_the_page_is_not_taken_for_it():
    img, truth = _page_on_desk(30, obj=[[40, 100], [560, 120], [540, 900], [30, 880]])
    assert polygon_iou(detect_page(img).corners, truth) > 0.95
