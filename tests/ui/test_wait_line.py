"""The wait a citizen is told on paper, from the hall: `kiosk print ticket --preview` asks the hall and prints
"前面还有 N 人，预计等待约 M 分钟", or the plain "请留意叫号" when the hall is down or has no history today.
(The done screen's line is checked on the tour's birth and offline journeys in test_journeys.py.)"""
from __future__ import annotations

import datetime as dt
import os

from PIL import Image

from devices.printer import Document
from kiosk import printouts
from queue_seed import seed_window
from support import HallServer, free_port, run_kiosk


def _texts(doc: Document) -> list[str]:
    return [item.text for item in doc.items if hasattr(item, "text")]


def test_the_printed_ticket_carries_the_estimate_or_the_plain_line():
    when = dt.datetime(2026, 12, 1, 9, 30)
    told = printouts.ticket("婴儿“出生一件事”", "A006", "一件事综合受理专窗", "梅县区政务服务中心", when,
                            wait={"ahead": 2, "minutes": 12})
    plain = printouts.ticket("婴儿“出生一件事”", "A006", "一件事综合受理专窗", "梅县区政务服务中心", when)
    assert printouts.wait_line({"ahead": 2, "minutes": None}) == "请留意叫号"
    assert "前面还有 2 人，预计等待约 12 分钟" in _texts(told)
    assert "请留意叫号" in _texts(plain) and not any("前面还有" in t for t in _texts(plain))


def test_ticket_preview_asks_the_hall_for_the_wait(tmp_path):
    env = {**os.environ, "KIOSK_DATA_DIR": str(tmp_path / "data")}
    env.pop("KIOSK_CONFIG", None)
    hall = HallServer(tmp_path / "hall.sqlite3")
    seed_window(hall.db, "A", served_minutes=(4, 6, 8), waiting=3)
    hall.start()
    try:
        result = run_kiosk("print", "ticket", "--number", "A007", "--theme", "5", "--printer", "sim://",
                           "--hall", hall.url, "--preview", str(tmp_path / "told.png"), env=env)
    finally:
        hall.stop()
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == "前面还有 3 人，预计等待约 18 分钟"
    assert Image.open(tmp_path / "told.png").size[0] == 576


def test_with_the_hall_unreachable_the_ticket_gets_the_plain_line(capsys):
    from kiosk.commands.printing import hall_wait

    wait = hall_wait(f"http://127.0.0.1:{free_port()}", "A")      # a real refused connection
    assert wait is None and printouts.wait_line(wait) == "请留意叫号"
    assert "not reachable" in capsys.readouterr().err
