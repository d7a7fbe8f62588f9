"""The merge engine: one notice, one material list, one form, with situations selecting matters."""
from __future__ import annotations

import pytest

from content import load_catalogue
from content.merge import AnswerError, notice

SITUATION_THEME = '''
[[questions]]
id = "insurance"
text = "是否同时为宝宝办理医保参保？"
type = "single"
options = [
  { value = "yes", label = "办理", matters = ["resident-medical-insurance-enrolment"], materials = [{ ref = "bank-account-proof", key = false, form = "copy" }] },
  { value = "no", label = "暂不办理" },
]
'''


@pytest.fixture(scope="module")
def cat():
    return load_catalogue()


@pytest.fixture
def situated(catalogue_copy):
    theme = catalogue_copy / "themes" / "birth.toml"
    theme.write_text(theme.read_text(encoding="utf-8") + SITUATION_THEME, encoding="utf-8")
    return load_catalogue(catalogue_copy)


def _by_id(items):
    return {i["id"]: i for i in items}


def test_birth_notice_asks_for_each_parents_id_card_once_serving_all_three_matters(cat):
    n = notice(cat, cat.theme(5))
    ids = [m for m in n["materials"] if m["material"] == "resident-id-card"]
    assert sorted(m["holder"] for m in ids) == ["father", "mother"]
    for m in ids:
        assert len(m["serves"]) == 3 and m["key"]
    assert n["counts"]["materials_merged"] < n["counts"]["materials_separate"]
    assert n["counts"]["fields_merged"] < n["counts"]["fields_separate"]


def test_counts_add_up_to_what_each_matter_asks_on_its_own(cat):
    for theme in cat.themes.values():
        n = notice(cat, theme)
        omitted = {tm.ref: set(tm.omit) for tm in theme.matters}   # what the theme's casting leaves out
        separate = sum(len([u for u in cat.matters[m["id"]].materials if u.ref not in omitted[m["id"]]])
                       for m in n["matters"])
        assert n["counts"]["materials_separate"] >= separate
        assert n["counts"]["materials_merged"] == len(n["materials"])
        assert n["counts"]["fields_merged"] == len(n["fields"])
        # every merged item serves at least one matter, and serving counts sum to the separate total
        assert sum(len(m["serves"]) for m in n["materials"]) <= n["counts"]["materials_separate"]
        assert all(m["serves"] for m in n["materials"] + n["fields"])


def test_each_canonical_material_appears_once_per_person(cat):
    for theme in cat.themes.values():
        n = notice(cat, theme)
        keys = [(m["material"], m["holder"]) for m in n["materials"]]
        assert len(keys) == len(set(keys)), theme.name
        fkeys = [(f["field"], f["holder"]) for f in n["fields"]]
        assert len(fkeys) == len(set(fkeys)), theme.name


def test_original_for_one_matter_and_copy_for_another_merge_to_both(cat):
    n = notice(cat, cat.theme(5))
    hukou = _by_id(n["materials"])["household-register"]
    assert hukou["form"] == "original_and_copy"
    assert set(hukou["serves"]) == set(cat.theme(5).matter_ids)


def test_non_key_material_may_follow_later_and_key_wins_when_merged(cat):
    n = notice(cat, cat.theme(5))
    marriage = _by_id(n["materials"])["marriage-certificate"]
    assert marriage["key"] is False and marriage["may_follow_later"] is True
    assert _by_id(n["materials"])["birth-medical-certificate@newborn"]["key"] is True


def test_fields_from_the_id_card_are_marked_with_their_source(cat):
    fields = _by_id(notice(cat, cat.theme(5))["fields"])
    assert fields["name@father"]["source"] == "id_card"
    assert fields["name@father"]["label"] == "父亲姓名"
    assert fields["newborn-name"]["source"] == "typed"


def test_overall_time_is_dispatch_plus_slowest_matter_plus_return(cat):
    n = notice(cat, cat.theme(5))
    slowest = max(m["time_limit_days"] for m in n["matters"])
    assert n["time"]["total_working_days"] == 1 + slowest + 1
    assert n["time"]["separate_sum_working_days"] == sum(m["time_limit_days"] for m in n["matters"])


def test_choosing_an_option_selects_its_matter_and_adds_its_materials(situated):
    n = notice(situated, situated.theme(5), {"insurance": "yes"})
    assert "resident-medical-insurance-enrolment" in [m["id"] for m in n["matters"]]
    assert "bank-account-proof" in _by_id(n["materials"])


def test_declining_an_option_removes_its_matter_and_its_materials(situated):
    n = notice(situated, situated.theme(5), {"insurance": "no"})
    assert "resident-medical-insurance-enrolment" not in [m["id"] for m in n["matters"]]
    assert "bank-account-proof" not in _by_id(n["materials"])
    for m in n["materials"]:
        assert "resident-medical-insurance-enrolment" not in m["serves"]


def test_unanswered_question_shows_the_option_matters_as_conditional(situated):
    n = notice(situated, situated.theme(5))
    assert n["unanswered"] == ["insurance"]
    entry = next(m for m in n["matters"] if m["id"] == "resident-medical-insurance-enrolment")
    assert entry["conditional"] is True


@pytest.mark.parametrize("answers, message", [
    ({"colour": "red"}, "no question 'colour'"),
    ({"insurance": "maybe"}, "'maybe' is not an answer"),
    ({"insurance": "yes,no"}, "takes one answer"),
])
def test_bad_answers_are_refused_with_a_clear_message(situated, answers, message):
    with pytest.raises(AnswerError, match=message):
        notice(situated, situated.theme(5), answers)


def test_flowchart_runs_from_application_through_parallel_departments_to_delivery(cat):
    fc = notice(cat, cat.theme(5))["flowchart"]
    ids = [n["id"] for n in fc["nodes"]]
    assert ids[:3] == ["apply", "accept", "dispatch"] and ids[-2:] == ["collect", "deliver"]
    depts = [n for n in fc["nodes"] if n["kind"] == "department"]
    assert len(depts) == 3
    for d in depts:
        assert {"from": "dispatch", "to": d["id"], "label": "并联审批"} in fc["edges"]


def test_city_level_matters_show_the_forwarding_in_the_flowchart(cat):
    city_themes = [t for t in cat.themes.values()
                   if any(cat.matters[m].approval_level == "city" for m in t.matter_ids)]
    assert city_themes, "the seed has city-level matters (themes 9, 32, 36)"
    for theme in city_themes:
        fc = notice(cat, theme)["flowchart"]
        forwards = [n for n in fc["nodes"] if n["kind"] == "forward"]
        assert forwards and all(any(e["to"] == f["id"] and e["label"] == "转报市级" for e in fc["edges"])
                                for f in forwards)


def test_a_result_of_one_matter_is_not_asked_of_the_citizen_for_another_in_the_same_theme(cat):
    theme = cat.theme(6)
    n = notice(cat, theme, {"company_status": "new_company", "filing": "new"})
    licence = next(m for m in n["materials"] if m["material"] == "business-licence")
    assert licence["from_matter"] == "domestic-llc-establishment"
    assert licence["provide"] is False and licence["key"] is False
    assert n["counts"]["materials_to_provide"] == sum(1 for m in n["materials"] if m["provide"])


def test_an_existing_company_brings_its_own_business_licence(cat):
    n = notice(cat, cat.theme(6), {"company_status": "existing_company", "filing": "new"})
    licence = next(m for m in n["materials"] if m["material"] == "business-licence")
    assert licence["from_matter"] is None and licence["provide"] is True


def test_theme_3_situation_selects_exactly_one_kind_of_offsite_filing(cat):
    theme = cat.theme(3)
    q = theme.questions[0]
    seen = set()
    for opt in q.options:
        n = notice(cat, theme, {q.id: opt.value})
        assert len(n["matters"]) == 1
        seen.add(n["matters"][0]["id"])
    assert seen == set(theme.matter_ids)


def test_theme_20_utilities_are_each_optional_and_combine(cat):
    theme = cat.theme(20)
    q = theme.questions[0]
    assert q.type == "multi"
    one = notice(cat, theme, {q.id: q.options[0].value})
    every = notice(cat, theme, {q.id: ",".join(o.value for o in q.options)})
    assert len(one["matters"]) == 1 and len(every["matters"]) == 3
    assert {d["kind"] for d in every["departments"]} == {"utility"}
