"""Address type-ahead finds Meizhou places by hanzi, full pinyin or initials, as full addresses."""
from __future__ import annotations

import tomllib

import pytest

from kiosk.ime import search_places
from kiosk.ime.places import PLACES_FILE, load


def fulls(query: str) -> list[str]:
    return [p.full for p in search_places(query)]


@pytest.mark.parametrize("query", ["cj", "chengjiang", "chengj", "程江", "程"])
def test_chengjiang_is_found_by_initials_pinyin_and_hanzi(query):
    assert fulls(query)[0] == "广东省梅州市梅县区程江镇"


def test_county_comes_before_its_towns():
    assert fulls("meixian")[0] == "广东省梅州市梅县区"
    assert fulls("梅县区")[0] == "广东省梅州市梅县区"


def test_polyphone_readings_come_from_the_data_file():
    assert fulls("shejiang")[0] == "广东省梅州市梅县区畲江镇"
    assert fulls("dabu")[0] == "广东省梅州市大埔县"
    assert fulls("changsha")[0] == "广东省梅州市梅江区长沙镇"


def test_a_query_with_the_parent_name_finds_the_child():
    assert "广东省梅州市梅县区雁洋镇" in fulls("梅县区雁")


def test_villages_have_their_whole_hierarchy():
    assert fulls("qiaoxi")[0] == "广东省梅州市梅县区雁洋镇桥溪村"


def test_all_eight_county_level_divisions_are_listed():
    counties = {p.name for p in load() if p.level == "county"}
    assert counties == {"梅江区", "梅县区", "兴宁市", "平远县", "蕉岭县", "大埔县", "丰顺县", "五华县"}


def test_meixian_towns_from_the_brief_are_all_present():
    towns = {p.name for p in load() if p.level == "town" and "梅县区" in p.full}
    for name in ["程江", "扶大", "畲江", "雁洋", "松口", "丙村", "南口", "梅南", "白渡", "石扇", "城东", "石坑",
                 "大坪", "水车", "梅西", "隆文", "桃尧", "松源", "新城", "华侨城"]:
        assert any(t.startswith(name) for t in towns), name


def test_data_file_says_it_is_partial():
    text = PLACES_FILE.read_text(encoding="utf-8")
    assert "PARTIAL" in text and tomllib.loads(text)["village"]


@pytest.mark.parametrize("query", ["", "   ", "123", "zzzzzz", "北京"])
def test_no_match_gives_an_empty_list(query):
    assert fulls(query) == []


def test_limit_is_respected():
    assert len(search_places("m", limit=3)) == 3
