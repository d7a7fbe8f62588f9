"""A lost, damaged or different key, a damaged outbox file, and what delivery leaves on disk.

Real SQLite files and the real `kiosk outbox` command in its own process.
"""
from __future__ import annotations

import base64
import os
import re
import stat
import time

import pytest
from cryptography.fernet import Fernet, InvalidToken

from content import load_catalogue
from kiosk.config import load_config
from kiosk.delivery import open_outbox
from kiosk.outbox import Outbox, OutboxUnavailable, load_or_create_key
from kiosk.sample import sample_application
from kiosk.sender import Sender
from support import run_kiosk


@pytest.fixture(scope="module")
def sample():
    return sample_application(load_catalogue(), "5")


def _env(data_dir) -> dict:
    env = {**os.environ, "KIOSK_DATA_DIR": str(data_dir), "KIOSK_BACKEND_URL": "http://127.0.0.1:9"}
    env.pop("KIOSK_CONFIG", None)
    return env


def _cfg(data_dir, monkeypatch):
    monkeypatch.setenv("KIOSK_DATA_DIR", str(data_dir))
    monkeypatch.setenv("KIOSK_BACKEND_URL", "http://127.0.0.1:9")
    monkeypatch.delenv("KIOSK_CONFIG", raising=False)
    return load_config()


def _queue_two(data_dir, monkeypatch, sample) -> None:
    box = open_outbox(_cfg(data_dir, monkeypatch))
    box.add("birth", *sample)
    box.add("birth", *sample)
    box.close()


def _status(data_dir):
    return run_kiosk("outbox", "status", "--json", env=_env(data_dir), timeout=120)


@pytest.mark.parametrize("damage", ["missing", "truncated", "different"])
def test_a_key_problem_stops_sending_says_so_in_one_line_and_marks_nothing_dead(tmp_path, monkeypatch, sample,
                                                                              damage):
    _queue_two(tmp_path, monkeypatch, sample)
    key_file = tmp_path / "keys" / "outbox.key"
    good = key_file.read_bytes()
    if damage == "missing":
        key_file.unlink()
    elif damage == "truncated":
        key_file.write_bytes(good[:20])
    else:
        key_file.write_bytes(Fernet.generate_key())
    result = _status(tmp_path)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "key" in lines[0] and "Traceback" not in result.stderr, result.stderr
    assert not key_file.exists() if damage == "missing" else True      # no new key made over the old items
    box = open_outbox(_cfg(tmp_path, monkeypatch))
    assert box.key_problem
    sender = Sender(box, client=None)
    assert sender.drain(deadline=time.time() + 1) is False
    with pytest.raises(OutboxUnavailable):
        box.add("birth", *sample)
    assert box.counts()["dead"] == 0 and box.counts()["pending"] == 2
    box.close()
    key_file.write_bytes(good)                 # staff put the right key back: all is well again
    box = open_outbox(_cfg(tmp_path, monkeypatch))
    assert box.key_problem is None and box.application(box.items()[0].id)["theme"] == sample[0]["theme"]


def test_staff_page_figures_name_the_key_problem_and_set_aside_files(tmp_path, monkeypatch, sample):
    from kiosk.core import KioskCore

    _queue_two(tmp_path, monkeypatch, sample)
    (tmp_path / "keys" / "outbox.key").write_bytes(Fernet.generate_key())
    (tmp_path / "outbox.set-aside-20261201-120000.sqlite3").write_bytes(b"garbage")
    core = KioskCore(_cfg(tmp_path, monkeypatch), load_catalogue())
    got = []
    core.staff.status_async(got.append)
    deadline = time.time() + 120
    while not got and time.time() < deadline:
        time.sleep(0.05)
    assert "different key" in got[0]["outbox_problem"]
    assert [a["waiting"] for a in got[0]["set_aside"]] == [None]
    assert core.services.intake_problem() == got[0]["outbox_problem"]      # no journey starts on this kiosk


def _corrupt(path) -> None:
    data = bytearray(path.read_bytes())
    data[4096:8192] = os.urandom(4096)          # the second page: the outbox table's root
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("damage", ["garbled", "zero-bytes"])
def test_a_damaged_outbox_is_set_aside_intact_and_a_fresh_one_used(tmp_path, monkeypatch, sample, damage):
    _queue_two(tmp_path, monkeypatch, sample)
    path = tmp_path / "outbox.sqlite3"
    if damage == "garbled":
        _corrupt(path)
    else:
        path.write_bytes(b"")
    before = path.read_bytes()
    result = _status(tmp_path)
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    assert "set aside" in result.stderr
    aside = list(tmp_path.glob("outbox.set-aside-*.sqlite3"))
    assert len(aside) == 1 and aside[0].read_bytes() == before       # kept byte for byte for staff
    box = open_outbox(_cfg(tmp_path, monkeypatch))
    assert box.counts()["pending"] == 0 and box.intake_problem() is None
    box.add("birth", *sample)                                          # the fresh one takes applications


def test_set_aside_file_still_readable_reports_how_many_wait(tmp_path, monkeypatch, sample):
    from kiosk.outbox_guard import set_aside_files

    _queue_two(tmp_path, monkeypatch, sample)
    os.replace(tmp_path / "outbox.sqlite3", tmp_path / "outbox.set-aside-20261201-120000.sqlite3")
    assert [a["waiting"] for a in set_aside_files(tmp_path)] == [2]


def test_outbox_cannot_take_an_application_when_nearly_full(tmp_path, sample):
    box = Outbox(tmp_path / "o.sqlite3", load_or_create_key(tmp_path / "k"), max_bytes=10 * 1024 ** 2)
    assert "full" in box.intake_problem(reserve=64 * 1024 ** 2)
    assert box.intake_problem(reserve=1024) is None


# -- crypto-shredding --------------------------------------------------------------------------------------

TOKEN = re.compile(rb"gAAAAA[A-Za-z0-9_\-]{40,}={0,2}")


def _decryptable(raw: bytes, keys: list[bytes]) -> list[bytes]:
    """Every Fernet token in `raw` that one of `keys` (or a key found decrypted on the way) opens."""
    keys = list(keys)
    opened = []
    changed = True
    while changed:
        changed = False
        for token in set(TOKEN.findall(raw)):
            for k in keys:
                try:
                    plain = Fernet(k).decrypt(token)
                except (InvalidToken, ValueError):
                    continue
                if plain not in opened:
                    opened.append(plain)
                    if len(plain) == 44 and base64.urlsafe_b64decode(plain):    # a data key: try it too
                        keys.append(plain)
                        changed = True
    return opened


def test_delivered_application_decrypts_to_nothing_from_the_raw_files(tmp_path, sample):
    body, pages = sample
    key = load_or_create_key(tmp_path / "keys" / "k")
    box = Outbox(tmp_path / "o.sqlite3", key)
    item = box.add("birth", body, pages)
    other = box.add("birth", body, pages)
    box.mark_delivered(item.id, "MX-261129-0001-8", "A001", {"receipt": "MX-261129-0001-8"})
    raw = b"".join(p.read_bytes() for p in tmp_path.glob("o.sqlite3*"))     # the file and its WAL, still open
    opened = _decryptable(raw, [key])
    apps = [o for o in opened if o.startswith(b"{")]
    assert len(apps) == 1             # the one still waiting opens (it must); the delivered one does not
    assert box.application(other.id) == body
    box.mark_delivered(other.id, "MX-261129-0002-6", None, {})
    raw = b"".join(p.read_bytes() for p in tmp_path.glob("o.sqlite3*"))
    assert [o for o in _decryptable(raw, [key]) if len(o) != len(b"meixian-outbox-key-check")] == []
    for secret in (body["form"]["id-number@father"], body["form"]["name@father"]):
        assert secret.encode() not in raw


def test_outbox_files_and_data_folder_are_private(tmp_path, sample):
    data = tmp_path / "data"
    box = Outbox(data / "outbox.sqlite3", load_or_create_key(data / "keys" / "k"))
    box.add("birth", *sample)
    assert stat.S_IMODE(data.stat().st_mode) == 0o700
    assert stat.S_IMODE((data / "keys").stat().st_mode) == 0o700
    for f in data.glob("outbox.sqlite3*"):
        assert stat.S_IMODE(f.stat().st_mode) == 0o600, f
