"""The lobby's slides and rotation (kiosk/lobby.py), on the real catalogue and scratch copies of it."""
from __future__ import annotations

import pytest

from content import load_catalogue
from kiosk.lobby import LobbyError, Rotation, parse_seconds, parse_themes, slides


@pytest.fixture(scope="module")
def cat():
    return load_catalogue()


def test_every_enabled_theme_gets_a_slide_in_home_screen_order(cat):
    shown, notes = slides(cat)
    assert [s["no"] for s in shown] == [t.no for t in cat.enabled_themes()] and notes == []
    assert len(shown) == 40


def test_a_slide_carries_the_flowchart_departments_days_window_and_merged_documents(cat):
    [birth], _ = slides(cat, [5])
    assert birth["name"] == "婴儿“出生一件事”" and birth["name_en"] == "A baby's birth"
    assert [d["name"] for d in birth["departments"]] == ["公安局", "民政和人社局", "医疗保障局"]
    assert birth["working_days"] == 12
    assert (birth["materials"], birth["materials_separate"]) == (6, 16)
    assert birth["ticket_prefix"] == "A" and birth["window"] == "一件事综合受理专窗"
    depts = [n for n in birth["flowchart"]["nodes"] if n["kind"] == "department"]
    assert len(depts) == 3


def test_themes_are_shown_in_the_order_asked_and_unknown_numbers_are_noted(cat):
    shown, notes = slides(cat, [13, 5, 99, 3])
    assert [s["no"] for s in shown] == [13, 5, 3]
    assert notes == ["theme 99 is not in the catalogue: not shown"]


def test_theme_and_seconds_settings_are_checked():
    assert parse_themes("5, 3，13") == [5, 3, 13] and parse_themes("") == []
    with pytest.raises(LobbyError, match="theme numbers"):
        parse_themes("5,birth")
    assert parse_seconds("0.5") == 0.5
    for bad in ("0", "-1", "soon"):
        with pytest.raises(LobbyError):
            parse_seconds(bad)


def test_rotation_wraps_and_picks_up_a_theme_disabled_meanwhile(catalogue_copy):
    rotation = Rotation(catalogue_copy, [5, 11, 3])
    assert [rotation.current["no"], rotation.position] == [5, "1 / 3"]
    assert rotation.advance() is False and rotation.advance() is False
    theme = catalogue_copy / "themes" / "retirement.toml"      # number 11
    theme.write_text(theme.read_text(encoding="utf-8").replace("\nno = 11\n", "\nno = 11\nenabled = false\n"),
                     encoding="utf-8")
    assert rotation.advance() is True
    assert [s["no"] for s in rotation.slides] == [5, 3] and rotation.position == "1 / 2"
    assert rotation.notes == ["theme 11 is disabled in the catalogue: not shown"]


def test_rotation_keeps_the_last_good_catalogue_when_the_new_one_is_broken(catalogue_copy):
    rotation = Rotation(catalogue_copy, [5, 3])
    (catalogue_copy / "roles.toml").unlink()
    rotation.advance()
    assert rotation.advance() is True
    assert [s["no"] for s in rotation.slides] == [5, 3]


def test_a_lobby_with_nothing_to_show_refuses_to_start(catalogue_copy):
    with pytest.raises(LobbyError, match="no enabled theme"):
        Rotation(catalogue_copy, [99])
