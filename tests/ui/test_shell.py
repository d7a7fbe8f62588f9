"""The first Kivy shell starts under Xvfb, lists the themes by category and draws real hanzi."""
from __future__ import annotations

import json
from pathlib import Path

from PIL import Image

from hanzi import hanzi_labels, label_match
from support import run_kiosk

KIVY_ROBOTO = str(Path(__import__("kivy").__file__).parent / "data" / "fonts" / "Roboto-Regular.ttf")
WQY = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"


def _smoke(ui_env, tmp_path, **extra_env):
    shot = str(tmp_path / "home.png")
    env = {**ui_env, **extra_env}
    result = run_kiosk("run", "--smoke", "--screenshot", shot, env=env)
    assert result.returncode == 0, result.stderr
    Path(shot + ".stdout").write_text(result.stdout)
    return shot


def test_smoke_run_draws_a_portrait_home_screen_listing_themes_by_category(ui_env, tmp_path):
    shot = _smoke(ui_env, tmp_path)
    assert Path(shot).with_name("home.png.stdout").read_text().split("\n")[:2] == \
        ["kiosk: first interactive frame", "kiosk: home drawn"]     # attract first, then home (start-up bench)
    assert Image.open(shot).size == (1080, 1920)
    texts = [lb["text"] for lb in json.loads(Path(shot + ".json").read_text(encoding="utf-8"))["labels"]]
    assert any(t.startswith("个人办事") for t in texts)
    assert any(t.startswith("企业办事") for t in texts)
    assert "梅县区“一件事”自助服务" in texts


def test_screenshot_shows_hanzi_not_missing_glyph_boxes(ui_env, tmp_path):
    shot = _smoke(ui_env, tmp_path)
    labels = hanzi_labels(shot)
    assert len(labels) >= 3
    scores = [label_match(shot, lb, WQY) for lb in labels[:6]]
    assert min(scores) > 0.6, list(zip([lb["text"] for lb in labels], scores))


def test_the_hanzi_check_fails_with_the_default_font(ui_env, tmp_path):
    shot = _smoke(ui_env, tmp_path, KIOSK_DISPLAY_FONT=KIVY_ROBOTO)
    labels = hanzi_labels(shot)
    scores = [label_match(shot, lb, WQY) for lb in labels[:6]]
    assert max(scores) < 0.5, scores


def test_run_without_a_display_says_so_in_one_line_and_fails(ui_env):
    env = {k: v for k, v in ui_env.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    result = run_kiosk("run", "--smoke", env=env)
    assert result.returncode == 1
    assert result.stderr.strip().count("\n") == 0 and "no display" in result.stderr


def test_run_refuses_an_invalid_catalogue(ui_env, catalogue_copy):
    (catalogue_copy / "roles.toml").unlink()
    result = run_kiosk("run", "--smoke", env={**ui_env, "KIOSK_KIOSK_CONTENT_DIR": str(catalogue_copy)})
    assert result.returncode == 1 and "roles.toml" in result.stderr


def test_the_core_command_line_still_starts_the_app_in_a_new_process(ui_env):
    """`python -m kiosk.cli run` (the core may not import the UI) becomes `python -m screens`; the installed
    `kiosk` command (screens/cli.py, which the other tests use) starts it in its own process."""
    import subprocess
    import sys

    from support import ROOT

    result = subprocess.run([sys.executable, "-m", "kiosk.cli", "run", "--smoke"], cwd=ROOT, env=ui_env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "kiosk: first interactive frame" in result.stdout and "kiosk: home drawn" in result.stdout
