"""The catalogue holds the plan's 40 themes exactly as its appendix table lists them."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from content import load_catalogue

SEED = Path(__file__).resolve().parents[2] / "content" / "seed" / "appendix.tsv"
CITY_NOTE = "市级审批"


@dataclass
class SeedRow:
    no: int
    name: str
    location: str
    notes: list[str]
    matters: list[tuple[str, str, str, bool]] = field(default_factory=list)  # name, dept, location, city


def parse_seed() -> list[SeedRow]:
    """Parse the table with its two layouts (see content/seed/README.md)."""
    rows: list[SeedRow] = []
    for line in SEED.read_text(encoding="utf-8").splitlines()[1:]:
        if not line.strip():
            continue
        cells = [c.strip() for c in line.split("\t")] + [""] * 6
        no, theme, matters, depts, location, note = cells[:6]
        if no:
            row = SeedRow(int(no), theme, location, [])
            rows.append(row)
            names, deps = matters.split(" "), depts.split(" ")
            assert len(names) == len(deps), line
            theme_note = note if note and note != CITY_NOTE else ""
            if theme_note:
                row.notes.append(theme_note)
            for n, d in zip(names, deps):
                row.matters.append((n, d, location, note == CITY_NOTE))
        else:
            row = rows[-1]
            row.matters.append((matters, depts, location or row.location, note == CITY_NOTE))
    return rows


SEED_ROWS = parse_seed()


def test_seed_table_parses_into_forty_themes():
    assert [r.no for r in SEED_ROWS] == list(range(1, 41))
    assert sum(len(r.matters) for r in SEED_ROWS) == 115


@pytest.fixture(scope="module")
def cat():
    return load_catalogue()


def test_catalogue_has_exactly_the_seed_themes(cat):
    assert sorted(t.no for t in cat.themes.values()) == list(range(1, 41))
    for row in SEED_ROWS:
        assert cat.theme(row.no).name == row.name


@pytest.mark.parametrize("row", SEED_ROWS, ids=lambda r: f"theme{r.no}")
def test_theme_matters_departments_and_levels_match_the_seed(cat, row):
    theme = cat.theme(row.no)
    assert len(theme.matters) == len(row.matters), "matter count differs from the table"
    for tm, (name, dept_spelling, location, city) in zip(theme.matters, row.matters):
        matter = cat.matters[tm.ref]
        assert matter.name == name
        assert matter.department == cat.department_named(dept_spelling).id, name
        assert matter.approval_level == ("city" if city else "district"), name
        effective = cat.locations[tm.location or theme.location].name if (tm.location or theme.location) else ""
        assert effective == location, f"{name}: location {effective!r} != table {location!r}"
    assert list(theme.notes) == row.notes
    assert theme.more_matters_later == bool(row.notes)


def test_department_spellings_of_the_seed_resolve_to_one_body_each(cat):
    assert cat.department_named("市场监管局").id == cat.department_named("市场监督管理局").id
    assert cat.department_named("卫健").id == cat.department_named("卫生健康局").id
    assert cat.department_named("住房和城乡建设(城管)局").id == cat.department_named("住房和城乡建设局").id
    for utility in ("中燃", "粤海水务", "供电"):
        assert cat.department_named(utility).kind == "utility"


def _qualifiers(spelling: str) -> list[str]:
    return re.findall(r"[(（]([^)）]+)[)）]", spelling)


@pytest.mark.parametrize("row", SEED_ROWS, ids=lambda r: f"theme{r.no}")
def test_department_names_shown_keep_what_the_plan_adds_in_brackets(cat, row):
    """住房和城乡建设(城管)局: citizens know the body by its 城管 — the name shown keeps it."""
    from content.merge import notice

    shown = {m["id"]: m["department_name"] for m in notice(cat, cat.theme(row.no))["matters"]}
    for tm, (name, dept_spelling, _location, _city) in zip(cat.theme(row.no).matters, row.matters):
        for qualifier in _qualifiers(dept_spelling):
            assert qualifier in shown[tm.ref], f"{name}: {shown[tm.ref]!r} drops the plan's ({qualifier})"
