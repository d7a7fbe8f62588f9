"""The lobby's now-serving band with a real hall server, a real `kiosk lobby` process under Xvfb and the
clerk's call-next API: a call reaches the band (and the announcer), a recall is a new call, the `--out`
labels carry the called ticket, and with the hall gone the band says so while the flowcharts go on."""
from __future__ import annotations

import json
import select
import subprocess
import sys
import time

import pytest
import requests

from queue_seed import hall_with_clerk
from support import ROOT, HallServer, free_port, kiosk_env, private_display, run_kiosk

PASSWORD = "correct horse battery 9"


@pytest.fixture(scope="module")
def lobby_display():
    with private_display("1920x1080x24") as display:
        yield display


@pytest.fixture(scope="module")
def queue_hall(tmp_path_factory):
    """A hall with a clerk at window A and four tickets waiting there."""
    hall = HallServer(tmp_path_factory.mktemp("queue-hall") / "hall.sqlite3")
    kiosk = hall_with_clerk(hall.db, password=PASSWORD)
    hall.start()
    login = requests.post(hall.url + "/v1/auth/login", json={"username": "clerk-a", "password": PASSWORD}, timeout=10)
    assert login.status_code == 200, login.text
    hall.clerk = {"Authorization": f"Bearer {login.json()['token']}"}
    for _ in range(4):
        r = requests.post(hall.url + "/v1/tickets", json={"theme": "5"}, timeout=10,
                          headers={"Authorization": f"Bearer {kiosk}"})
        assert r.status_code == 201, r.text
    yield hall
    hall.stop()


class Lines:
    """The lobby's stdout, one line per slide shown, call put on the band, announcement, connection change."""

    def __init__(self, proc: subprocess.Popen):
        self.proc, self.seen = proc, []

    def wait_for(self, wanted: str, timeout: float = 60) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for line in self.seen:
                if line.startswith(wanted):
                    self.seen.remove(line)
                    return line
            ready, _, _ = select.select([self.proc.stdout], [], [], 0.5)
            if ready:
                line = self.proc.stdout.readline()
                if not line:
                    break
                self.seen.append(line.strip())
        raise AssertionError(f"the lobby never printed {wanted!r}; it printed {self.seen}")


def call(hall, action: str = "call-next") -> dict:
    r = requests.post(f"{hall.url}/v1/windows/A/{action}", headers=hall.clerk, timeout=10)
    assert r.status_code == 200, r.text
    return r.json()


def test_a_called_ticket_reaches_the_band_and_the_announcer_and_the_band_says_when_the_hall_is_gone(
        queue_hall, lobby_display, tmp_path):
    env = kiosk_env(lobby_display, tmp_path / "data", KIOSK_BACKEND_URL=queue_hall.url,
                    KIOSK_ANNOUNCE_REPEATS="1")
    proc = subprocess.Popen([sys.executable, "-m", "kiosk.cli", "lobby", "--themes", "5,3", "--seconds", "2"],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    lines = Lines(proc)
    try:
        lines.wait_for("lobby calls connected")
        first = call(queue_hall)
        assert first["ticket"] == "A001"
        assert lines.wait_for("lobby call A001") == "lobby call A001 一件事综合受理专窗"
        # Said with the real espeak-ng; this machine has no sound card, so the player's failure is reported
        # (a hall's lobby PC plays it). Either way the call went through the announcer, once.
        spoken = lines.wait_for("lobby announce")
        assert spoken == "lobby announced A001" or spoken.startswith("lobby announcement of A001 failed: "), spoken
        assert call(queue_hall)["ticket"] == "A002"
        lines.wait_for("lobby call A002")
        assert call(queue_hall, "recall")["ticket"] == "A002"
        lines.wait_for("lobby call A002")              # a recall is called (and said) again
        # Headless pictures of the same hall: the labels carry the called ticket and the last ones.
        out = tmp_path / "slides"
        headless = {k: v for k, v in env.items() if k != "DISPLAY"}
        result = run_kiosk("lobby", "--themes", "5", "--out", str(out), env=headless, timeout=120)
        assert result.returncode == 0, result.stderr
        index = json.loads((out / "index.json").read_text(encoding="utf-8"))
        assert index["now_serving"]["connected"] is True
        assert [w["ticket"] for w in index["now_serving"]["windows"]] == ["A002"]
        assert index["now_serving"]["recent"] == ["A001"]
        texts = [lb["text"] for lb in json.loads((out / (index["slides"][0]["file"] + ".json"))
                                                 .read_text(encoding="utf-8"))["labels"]]
        assert "A002" in texts and "正在叫号" in texts and "最近叫号  A001" in texts, texts
        # The hall goes away: the band says so, and the flowcharts go on.
        queue_hall.stop()
        lines.wait_for("lobby calls unreachable")
        lines.wait_for("lobby 2/2 theme 3")
        lines.wait_for("lobby 1/2 theme 5")
        assert proc.poll() is None
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        if queue_hall.proc.poll() is not None:
            queue_hall.start()


def test_with_the_hall_unreachable_the_band_says_so_and_shows_no_ticket(lobby_display, tmp_path):
    env = kiosk_env(lobby_display, tmp_path / "data", KIOSK_BACKEND_URL=f"http://127.0.0.1:{free_port()}")
    env.pop("DISPLAY")
    out = tmp_path / "slides"
    result = run_kiosk("lobby", "--themes", "5", "--out", str(out), env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    index = json.loads((out / "index.json").read_text(encoding="utf-8"))
    assert index["now_serving"] == {"connected": False, "windows": [], "recent": []}
    texts = [lb["text"] for lb in json.loads((out / (index["slides"][0]["file"] + ".json"))
                                             .read_text(encoding="utf-8"))["labels"]]
    assert any(t.startswith("叫号系统连接中断") for t in texts), texts
    assert "婴儿“出生一件事”" in texts          # the slide itself is all there


@pytest.mark.parametrize("env, named", [({"KIOSK_LOBBY_POLL_MS": "5"}, "lobby.poll_ms"),
                                        ({"KIOSK_LOBBY_CALLS": "loud"}, "lobby.calls"),
                                        ({"KIOSK_ANNOUNCE_VOICES": "cmn,klingon"}, "klingon")])
def test_bad_lobby_call_settings_are_refused_at_start_naming_them(env, named):
    """What `kiosk lobby` checks before it opens a window (it prints the message and exits 1)."""
    from kiosk.config import load_config
    from kiosk.lobby import LobbyError, Rotation
    from screens.lobby_app import calls_settings

    cfg = load_config(environ={"KIOSK_CONFIG": "", **env})
    with pytest.raises(LobbyError, match=named):
        calls_settings(cfg, Rotation(None, [5]), headless=False)
