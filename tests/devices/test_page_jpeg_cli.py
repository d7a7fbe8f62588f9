"""Upload JPEG size and resolution, and the `kiosk scan page` command with good and corrupt files."""
from __future__ import annotations

import argparse
import json

import cv2
import numpy as np

from devices.camera import detect_page, encode_page, make_scene, warp_page
from kiosk.commands import scan_page


def test_a4_page_jpeg_is_under_500_kb_at_150_dpi():
    for seed, kind in ((41, "cluttered"), (42, "light")):
        scene = make_scene(seed, kind, hand=False, glare=False)
        enc = encode_page(warp_page(scene.image, detect_page(scene.image).corners))
        assert len(enc.data) <= 500_000
        assert enc.size[0] >= 1240 and enc.size[1] >= 1754
        img = cv2.imdecode(np.frombuffer(enc.data, np.uint8), cv2.IMREAD_UNCHANGED)
        assert img.shape[1] >= 1240 and img.shape[0] >= 1754


def test_noisy_colour_page_drops_quality_not_resolution_to_fit():
    rng = np.random.default_rng(0)
    page = rng.integers(0, 256, (1754, 1240, 3), dtype=np.uint8)
    page = cv2.resize(cv2.resize(page, (310, 438)), (1240, 1754), interpolation=cv2.INTER_NEAREST)
    enc = encode_page(page)
    assert len(enc.data) <= 500_000 and enc.size == (1240, 1754) and enc.quality < 92


def _run(argv, capsys):
    p = argparse.ArgumentParser()
    sub = p.add_subparsers(dest="group")
    scan_page.register_page(sub.add_parser("scan").add_subparsers(dest="what"))
    args = p.parse_args(argv)
    rc = args.func(args)
    return rc, [json.loads(line) for line in capsys.readouterr().out.splitlines()]


def test_scan_page_json_reports_corners_and_writes_jpeg(tmp_path, capsys):
    scene = make_scene(43, "light", hand=False, glare=False)
    photo = tmp_path / "form.jpg"
    cv2.imwrite(str(photo), scene.image)
    rc, rows = _run(["scan", "page", str(photo), "--json", "--out", str(tmp_path / "out")], capsys)
    assert rc == 0 and len(rows) == 1
    row = rows[0]
    assert set(row) >= {"file", "corners", "blur", "glare", "ok", "problems"}
    assert np.abs(np.array(row["corners"]) - scene.corners).max() < 12
    assert row["ok"] is True and row["problems"] == []
    assert (tmp_path / "out" / "form.page.jpg").stat().st_size <= 500_000


def test_corrupt_file_gives_error_line_and_exit_1_after_all_files(tmp_path, capsys):
    good = tmp_path / "good.png"
    cv2.imwrite(str(good), make_scene(44, "cluttered").image)
    bad = tmp_path / "bad.jpg"
    bad.write_bytes(good.read_bytes()[:0] + b"\xff\xd8\xff\xe0garbage")
    rc, rows = _run(["scan", "page", str(bad), str(good), "--json"], capsys)
    assert rc == 1
    assert "error" in rows[0] and "truncated" in rows[0]["error"]
    assert rows[1]["corners"] is not None
