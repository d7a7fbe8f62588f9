"""Configuration: documented defaults, a file, then environment variables, with clear errors."""
from __future__ import annotations

import pytest

from kiosk.config import ConfigError, load_config


def test_defaults_apply_without_file_or_environment(tmp_path):
    cfg = load_config(environ={})
    assert cfg.window_size == (1080, 1920)
    assert cfg.get("devices", "printer") == "sim://"


def test_file_then_environment_override_in_that_order(tmp_path):
    ini = tmp_path / "kiosk.ini"
    ini.write_text("[kiosk]\nbackend_url = https://hall.example:8443\n[display]\nsize = 1920x1080\n")
    cfg = load_config(ini, environ={"KIOSK_DISPLAY_SIZE": "1280x720"})
    assert cfg.get("kiosk", "backend_url") == "https://hall.example:8443"
    assert cfg.window_size == (1280, 720)


def test_short_environment_names_for_backend_and_data_dir(tmp_path):
    cfg = load_config(environ={"KIOSK_BACKEND_URL": "http://127.0.0.1:9", "KIOSK_DATA_DIR": str(tmp_path)})
    assert cfg.get("kiosk", "backend_url") == "http://127.0.0.1:9" and cfg.data_dir == tmp_path


def test_unknown_setting_in_file_is_an_error_naming_it(tmp_path):
    ini = tmp_path / "kiosk.ini"
    ini.write_text("[display]\ncolour = red\n")
    with pytest.raises(ConfigError, match="colour"):
        load_config(ini, environ={})


@pytest.mark.parametrize("size", ["big", "10x10", "1080*1920"])
def test_bad_window_size_is_an_error_naming_the_setting(size):
    with pytest.raises(ConfigError, match="display.size"):
        load_config(environ={"KIOSK_DISPLAY_SIZE": size}).window_size


def test_missing_cjk_font_is_an_error_not_boxes():
    with pytest.raises(ConfigError, match="no CJK font"):
        load_config(environ={"KIOSK_DISPLAY_FONT": "/nonexistent/font.ttf"}).cjk_font()
