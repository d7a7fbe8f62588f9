"""The kiosk's heartbeat reaches the hall: staff see device health, outbox depth and catalogue version
(`kiosk-hall kiosks`), and a printer that ran out of paper shows there before a citizen reports it."""
from __future__ import annotations

import json
import threading
import time

from content import load_catalogue
from kiosk.config import load_config
from kiosk.core import KioskCore
from kiosk.sample import sample_application


def _core(tmp_path, hall, printer: str, heartbeat_s: str = "0.2") -> KioskCore:
    (tmp_path / "kiosk.ini").write_text("")
    cfg = load_config(path=tmp_path / "kiosk.ini", environ={
        "KIOSK_DATA_DIR": str(tmp_path / "k"), "KIOSK_BACKEND_URL": hall.url, "KIOSK_KIOSK_TOKEN": hall.token,
        "KIOSK_DEVICES_PRINTER": printer, "KIOSK_KIOSK_HEARTBEAT_S": heartbeat_s})
    return KioskCore(cfg, load_catalogue())


def _kiosk_row(hall, kiosk_id: str = "kiosk-a") -> dict:
    result = hall.hall("kiosks", "--json")
    assert result.returncode == 0, result.stderr
    return {k["id"]: k for k in json.loads(result.stdout)}[kiosk_id]


def _wait_for(predicate, timeout: float = 20.0):
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError("not seen within the timeout")


def test_hall_sees_outbox_depth_catalogue_and_a_printer_out_of_paper(hall, tmp_path):
    core = _core(tmp_path, hall, "sim://?paper=out")
    core.services.outbox.add("5", *sample_application(core.catalogue, "5"))   # queued; the sender is not started
    printed = threading.Event()
    core.journey.begin("5")
    core.printing.print_async(core.printing.notice_document(), lambda ok, why: printed.set())
    assert printed.wait(20)
    answer = core.services.heartbeat.beat()
    assert answer is not None and answer["version"]
    row = _kiosk_row(hall)
    assert row["last_seen"] is not None and row["outbox_depth"] == 1
    assert row["catalogue_version"] == core.catalogue.version
    assert row["health"]["printer"]["state"] == "failed" and row["health"]["idcard"]["state"] == "present"
    text = hall.hall("kiosks")
    assert "printer failed" in text.stdout
    core.stop()


def test_heartbeat_runs_in_the_background_and_survives_the_hall_being_away(hall, tmp_path):
    core = _core(tmp_path, hall, "sim://")
    core.services.heartbeat.client = type(core.services.client)("http://127.0.0.1:9", token=hall.token)   # nothing listens there
    core.services.heartbeat.start()
    _wait_for(lambda: core.services.heartbeat.last_error)
    core.services.heartbeat.client = core.services.client                                # the hall is back
    _wait_for(lambda: core.services.heartbeat.last_ok)
    assert _kiosk_row(hall)["last_seen"] is not None
    core.stop()

