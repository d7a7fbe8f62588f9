"""Every `kiosk` command reports a bad configuration in one line (exit 2), never a traceback."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest


def kiosk(*args, env=None, tmp_path=None):
    environ = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")}
    environ.update({"KIOSK_DATA_DIR": str(tmp_path), **(env or {})})
    return subprocess.run([sys.executable, "-m", "kiosk.cli", *args], env=environ, capture_output=True,
                          text=True, timeout=120)


@pytest.mark.parametrize("args", [("outbox", "status"), ("outbox", "flush", "--timeout", "1"),
                                  ("print", "test", "--preview", "x.png"), ("devices", "list")])
def test_a_bad_setting_is_one_line_not_a_traceback(args, tmp_path):
    r = kiosk(*args, env={"KIOSK_KIOSK_OUTBOX_MAX_MB": "lots", "KIOSK_DEVICES_PRINTER": "tcp://host:abc"},
              tmp_path=tmp_path)
    assert r.returncode == 2, r.stderr
    assert "Traceback" not in r.stderr and len(r.stderr.strip().splitlines()) == 1
    assert "outbox_max_mb" in r.stderr and "[devices] printer" in r.stderr


def test_speak_reads_the_ini_file(tmp_path):
    # `kiosk speak` used to read only the environment: the INI's [speech] section was ignored.
    ini = tmp_path / "kiosk.ini"
    ini.write_text("[speech]\nengine = /nonexistent/espeak-ng\n")
    r = kiosk("speak", "测试", "--out", str(tmp_path / "s.wav"), env={"KIOSK_CONFIG": str(ini)},
              tmp_path=tmp_path)
    assert r.returncode == 1 and "/nonexistent/espeak-ng" in r.stderr
    assert not (tmp_path / "s.wav").exists()
