"""Citizens find a theme by hanzi, full pinyin or pinyin initials."""
from __future__ import annotations

import pytest

from content import load_catalogue
from content.search import ThemeIndex, pinyin_of


@pytest.fixture(scope="module")
def index():
    return ThemeIndex(load_catalogue())


def test_pinyin_of_a_theme_name_gives_full_and_initials():
    assert pinyin_of("出生一件事") == ("chu sheng yi jian shi", "csyjs")


@pytest.mark.parametrize("query", ["出生", "csyjs", "chusheng", "cs", "新生儿", "上户口", "xse"])
def test_birth_theme_is_found_first(index, query):
    assert index.search(query)[0].id == "birth"


def test_blank_and_unmatched_queries_find_nothing(index):
    assert index.search("   ") == []
    assert index.search("qqqzzz") == []


def test_travel_themes_found_by_a_keyword(index):
    found = [t.no for t in index.search("港澳")]
    assert 16 in found and 17 in found
