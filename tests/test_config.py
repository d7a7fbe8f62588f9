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
    with pytest.raises(ConfigError, match=r"\[display\] size"):
        load_config(environ={"KIOSK_DISPLAY_SIZE": size}).window_size


def test_missing_cjk_font_is_an_error_not_boxes():
    with pytest.raises(ConfigError, match="no CJK font"):
        load_config(environ={"KIOSK_DISPLAY_FONT": "/nonexistent/font.ttf"}).cjk_font()


def test_every_bad_value_is_named_in_one_message_at_load():
    # Before typed settings these loaded fine: outbox_max_mb failed with a traceback where the outbox
    # opened, heartbeat_s after the sender had started (stopping the heartbeat and catalogue sync).
    env = {"KIOSK_KIOSK_OUTBOX_MAX_MB": "lots", "KIOSK_KIOSK_HEARTBEAT_S": "soon",
           "KIOSK_CATALOGUE_SYNC_MINUTES": "-1", "KIOSK_DEVICES_IDCARD": "serial:///dev/ttyUSB0?buad=9600",
           "KIOSK_DEVICES_PRINTER": "tcp://host:abc", "KIOSK_DISPLAY_LANGUAGE": "fr"}
    with pytest.raises(ConfigError) as err:
        load_config(environ=env)
    message = str(err.value)
    assert message.startswith("6 bad setting(s)") and "\n" not in message
    for name in ("[kiosk] outbox_max_mb", "[kiosk] heartbeat_s", "[catalogue] sync_minutes",
                 "buad", "[devices] printer", "[display] language"):
        assert name in message


def test_settings_are_typed_once_and_read_by_section():
    cfg = load_config(environ={"KIOSK_KIOSK_HEARTBEAT_S": "2.5", "KIOSK_KIOSK_OUTBOX_MAX_MB": "10"})
    assert cfg.kiosk.heartbeat_s == 2.5 and cfg.get("kiosk", "outbox_max_mb") == 10
    assert cfg.display.size == (1080, 1920)
    changed = cfg.replace({("display", "size"): "1920x1080"})
    assert changed.window_size == (1920, 1080) and cfg.window_size == (1080, 1920)
    with pytest.raises(ConfigError, match="display"):
        cfg.replace({("display", "size"): "huge"})


def test_a_setting_declared_with_a_kind_is_checked_without_other_code(monkeypatch):
    # Adding a setting is one declaration: (default, doc, kind).
    from kiosk import config
    from kiosk.settings_kinds import whole

    monkeypatch.setitem(config.DEFAULTS, "test_only", {"count": ("3", "a test setting", whole(0, 9))})
    assert load_config(environ={}).test_only.count == 3
    with pytest.raises(ConfigError, match=r"\[test_only\] count = '12': must be 0 to 9"):
        load_config(environ={"KIOSK_TEST_ONLY_COUNT": "12"})
