"""Shared fixtures: a real X server (Xvfb) for UI tests, and a scratch copy of the catalogue."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "content" / "data"


@pytest.fixture(scope="session")
def xvfb_display():
    """Our own Xvfb (portrait 1080x1920, GLX) so UI tests never depend on the caller's screen."""
    from support import private_display

    with private_display("1080x1920x24") as display:
        yield display


@pytest.fixture
def ui_env(xvfb_display, tmp_path):
    """Environment for a kiosk process on the test X server, with its own data folder."""
    from support import kiosk_env

    return kiosk_env(xvfb_display, tmp_path / "data")


@pytest.fixture
def catalogue_copy(tmp_path) -> Path:
    """A writable copy of the packaged catalogue, for tests that break it on purpose."""
    dest = tmp_path / "catalogue"
    shutil.copytree(DATA, dest)
    return dest


@pytest.fixture
def small_table(tmp_path, monkeypatch):
    """Point the Hakka table at a copy covering only `chars` (readings borrowed from the packaged table)."""
    from kiosk.speech import calls

    readings, letters = calls.hakka_table()

    def use(chars: str) -> None:
        lines = ["[readings]"] + [f'"{c}" = "{readings.get(c, "yit")}"' for c in dict.fromkeys(chars)
                               if "\u3400" <= c <= "\u9fff"]
        lines += ["[letters]"] + [f'{k} = "{v}"' for k, v in letters.items()]
        path = tmp_path / "hakka.toml"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        monkeypatch.setattr(calls, "HAKKA_FILE", path)
        calls.hakka_table.cache_clear()

    yield use
    calls.hakka_table.cache_clear()
