"""A kiosk at a town's 党群服务中心 (`[kiosk] location = town-songkou`), through the real widgets: a theme the
towns take starts here; one they do not (a new car) names where to go — place, address, window, hours —
and offers no start."""
from __future__ import annotations

import json

import pytest

from support import kiosk_env, run_kiosk

pytestmark = pytest.mark.timeout(600)


def test_a_town_kiosk_takes_a_birth_and_sends_a_new_car_to_the_traffic_police_branch(xvfb_display, tmp_path):
    env = kiosk_env(xvfb_display, tmp_path / "data", KIOSK_KIOSK_LOCATION="town-songkou")
    result = run_kiosk("tour", "--out", str(tmp_path / "shots"), "--journey", "town_notice", env=env, timeout=400)
    index = json.loads((tmp_path / "shots" / "index.json").read_text(encoding="utf-8"))
    assert result.returncode == 0 and index["error"] is None, index["error"] or result.stderr[-3000:]
    seen = index["checks"]["town_notice"]
    assert seen["here"] == "town-songkou"
    assert seen["5"] == {"elsewhere": "", "start_hidden": False}
    car = seen["22"]
    assert car["start_hidden"]
    for line in ("本点不能办理这件事。", "请到：梅县区政务服务中心交警大队分厅", "窗口：一件事专窗（交警大队分厅）",
                 "办公时间：以现场公布的时间为准"):
        assert line in car["elsewhere"]
    assert [e["what"] for e in index["entries"]] == ["town-notice-theme5", "town-notice-theme22"]
