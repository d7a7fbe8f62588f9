"""The simulation's local hall server (kiosk/local_hall.py): address and credential first, the server
process when the app has drawn its first frame."""
from __future__ import annotations

import base64

import requests

from content.signature import verify

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
        # The simulation's own dev key: the hall signs with it, the kiosk pins its public half.
        assert again.public_key == hall.public_key
        assert (tmp_path / "hall" / "signing-key.pem").stat().st_mode & 0o77 == 0
        bundle = requests.get(hall.url + "/v1/catalogue/bundle", headers={"Authorization": f"Bearer {hall.token}"},
                              timeout=10)
        assert verify(base64.b64decode(hall.public_key), base64.b64decode(bundle.headers["X-Catalogue-Signature"]),
                      int(bundle.headers["X-Catalogue-Release"]), bundle.content)
    finally:
        hall.stop()
