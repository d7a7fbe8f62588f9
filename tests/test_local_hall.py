"""The simulation's local hall server (kiosk/local_hall.py): address and credential first, the server
process when the app has drawn its first frame."""
from __future__ import annotations

import requests

from kiosk.local_hall import LocalHall


def test_the_hall_is_addressed_before_it_is_launched_and_answers_once_launched(tmp_path):
    hall = LocalHall(tmp_path / "hall").start(launch=False)
    try:
        assert hall.url.startswith("http://127.0.0.1:") and hall.token
        assert hall.proc is None            # nothing competes with the kiosk's first frame
        proc = hall.launch().wait_ready(timeout=60).proc
        assert hall.launch().proc is proc   # launched once
        health = requests.get(hall.url + "/v1/health", timeout=5)
        assert health.status_code == 200
        again = LocalHall(tmp_path / "hall").start(launch=False)
        assert again.token == hall.token    # registered once per data folder
    finally:
        hall.stop()
