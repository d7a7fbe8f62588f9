"""The plan's places: the district centre, its branch halls and the towns' 党群服务中心, and a kiosk that
knows where it stands (`[kiosk] location`)."""
from __future__ import annotations

import pytest

from content import load_catalogue
from content.merge import notice
from kiosk.config import ConfigError, load_config
from kiosk.core import KioskCore


@pytest.fixture(scope="module")
def cat():
    return load_catalogue()


def core_at(tmp_path, location: str, cat) -> KioskCore:
    (tmp_path / "kiosk.ini").write_text(f"[kiosk]\nlocation = {location}\n", encoding="utf-8")
    cfg = load_config(path=tmp_path / "kiosk.ini", environ={"KIOSK_DATA_DIR": str(tmp_path / "k")})
    return KioskCore(cfg, cat)


def test_the_catalogue_has_the_centre_its_branches_and_every_town_centre(cat):
    kinds = [loc.kind for loc in cat.locations.values()]
    assert kinds.count("district_centre") == 1 and kinds.count("branch") == 2
    towns = [loc for loc in cat.locations.values() if loc.kind == "town_centre"]
    assert len(towns) == 18 and all(loc.name.endswith("党群服务中心") for loc in towns)
    assert len({loc.ticket_prefix for loc in cat.locations.values()}) == len(cat.locations)


def test_every_theme_says_where_it_is_handled(cat):
    for theme in cat.themes.values():
        places = cat.handled_at(theme)
        assert places[0] == cat.theme_location(theme)
        if theme.town_centres:
            assert len(places) == 19, theme.no
        else:
            assert places == [cat.theme_location(theme)] and theme.town_note, theme.no


def test_a_town_kiosk_takes_a_birth_at_its_own_window(tmp_path, cat):
    core = core_at(tmp_path, "town-songkou", cat)
    core.journey.begin(cat.theme(5).id)
    n = core.journey.notice()
    assert n["location"]["taken_here"] and n["location"]["id"] == "town-songkou"
    assert core.journey.elsewhere_text(n) == ""
    assert n["location"]["ticket_prefix"] == "T" and n["location"]["window"] == "一件事专窗（松口镇党群服务中心）"


def test_a_town_kiosk_sends_a_new_car_to_the_traffic_police_branch_with_address_window_and_hours(tmp_path, cat):
    core = core_at(tmp_path, "town-songkou", cat)
    theme = cat.theme(22)
    place, here = core.journey.where(theme)
    assert not here and place.id == "traffic-police-branch"
    core.journey.begin(theme.id)
    text = core.journey.elsewhere_text(core.journey.notice())
    assert "本点不能办理" in text and "交警大队分厅" in text
    assert "地址：梅州市梅县区" in text and "窗口：一件事专窗（交警大队分厅）" in text
    assert "办公时间：以现场公布的时间为准" in text     # hours not confirmed: nothing invented


def test_a_centre_kiosk_takes_every_theme_as_before(tmp_path, cat):
    core = core_at(tmp_path, "service-centre", cat)
    for theme in cat.themes.values():
        place, here = core.journey.where(theme)
        assert here and place == cat.theme_location(theme)


def test_town_kiosk_lists_which_themes_it_takes(cat):
    taken = [t.no for t in cat.themes.values() if cat.where(t, "town-chengjiang")[1]]
    sent = sorted(t.no for t in cat.themes.values() if not cat.where(t, "town-chengjiang")[1])
    assert sent == [9, 16, 17, 18, 22, 24, 25, 31, 33] and len(taken) == 31


def test_an_unknown_location_is_refused_at_start_naming_the_setting(tmp_path, cat):
    with pytest.raises(ConfigError, match="kiosk.location 'town-atlantis'"):
        core_at(tmp_path, "town-atlantis", cat)


def test_notice_names_the_town_centre_when_asked_there(cat):
    n = notice(cat, cat.theme(3), here="town-meixi")
    assert n["location"]["name"] == "梅西镇党群服务中心" and n["location"]["ticket_prefix"] == "L"


def test_the_kiosk_claims_the_saving_of_the_citizens_own_path(tmp_path, cat):
    core = core_at(tmp_path, "service-centre", cat)
    core.journey.begin(cat.theme(3).id)
    core.journey.answer("filing_type", "work")
    assert core.journey.path_claim() == (3, 0)         # one filing: nothing merged, nothing claimed
    core.journey.begin(cat.theme(5).id)
    n = core.journey.notice()["counts"]
    assert core.journey.path_claim() == (n["materials_merged"], n["materials_separate"] - n["materials_merged"])


def test_the_lobby_claims_the_most_common_paths_saving(cat):
    from content.paths import common_path
    from kiosk.lobby import slide

    theme = cat.theme(3)
    s = slide(cat, theme)
    counts = notice(cat, theme, common_path(theme))["counts"]
    assert (s["materials"], s["materials_separate"]) == (counts["materials_merged"], counts["materials_separate"]) == (3, 3)


def test_a_theme_whose_results_come_back_by_different_channels_says_how_each_does(cat):
    apart = [t for t in cat.themes.values() if not notice(cat, t)["delivery_together"]]
    assert apart      # themes 12, 21, 26, 27, 29: payments to the bank, certificates at the window
    for theme in apart:
        n = notice(cat, theme)
        assert n["delivery_note"].startswith("各事项没有共同的送达方式")
        assert all(m["name"] in n["delivery_note"] for m in n["matters"])
