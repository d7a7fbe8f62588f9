"""Parties kept apart: the merge joins the same material only for the same party, and the check fails the
catalogue where two parties' items would collapse into one."""
from __future__ import annotations

import re

import pytest

from content import load_catalogue, read_folder, validate
from content.checks_display import text_problem
from content.merge import notice


@pytest.fixture(scope="module")
def cat():
    return load_catalogue()


def _ids(n, kind):
    return {i["id"] for i in n[kind]}


def test_the_packaged_catalogue_passes_the_party_check():
    assert validate(read_folder()) == []


def test_theme_39_asks_two_organisations_each_with_its_own_agent(cat):
    n = notice(cat, cat.theme(39), {"stage": "before_installation,ready_for_use"})
    fields = _ids(n, "fields")
    for org, agent in (("installer", "installer_agent"), ("user_org", "user_agent")):
        assert {f"company-name@{org}", f"credit-code@{org}", f"name@{agent}", f"phone@{agent}"} <= fields
    materials = _ids(n, "materials")
    assert {"resident-id-card@installer_agent", "resident-id-card@user_agent",
            "application-form@installer", "application-form@user_org"} <= materials
    assert "company-name" not in fields and "resident-id-card" not in materials


@pytest.mark.parametrize("no, person", [(4, "employee"), (21, "employee"), (27, "intern")])
def test_employee_themes_ask_the_employer_for_the_employers_data(cat, no, person):
    n = notice(cat, cat.theme(no))
    fields = {f["id"]: f for f in n["fields"]}
    assert {"company-name@employer", "credit-code@employer", f"name@{person}", f"id-number@{person}"} <= set(fields)
    assert "business-licence@employer" in _ids(n, "materials")
    for f in n["fields"]:          # nothing of the organisation is asked of the employee, nor the reverse
        subject = cat.fields[f["field"]].subject
        if f["holder"] == person:
            assert subject != "organisation", f["id"]


def test_the_entrepreneur_is_the_employee_of_his_own_business(cat):
    n = notice(cat, cat.theme(26))
    fields = _ids(n, "fields")
    assert {"name", "id-number", "company-name@own_business", "name@employee"} <= fields
    assert "resident-id-card" in _ids(n, "materials") and "labour-contract" not in _ids(n, "materials")


def test_powers_of_attorney_are_per_principal(cat):
    car = notice(cat, cat.theme(22), {"car_loan": "yes"})
    assert {"power-of-attorney", "power-of-attorney@mortgagee", "resident-id-card@mortgagee_agent"} <= _ids(car, "materials")
    flat = notice(cat, cat.theme(10))
    assert {"power-of-attorney@seller", "power-of-attorney@buyer"} <= _ids(flat, "materials")


def test_removing_the_using_company_fails_the_check_naming_both_notes(catalogue_copy):
    path = catalogue_copy / "matters" / "special-equipment-use-registration.toml"
    path.write_text(path.read_text(encoding="utf-8").replace('filed_by = "user_org"', 'filed_by = "installer"'),
                    encoding="utf-8")
    errors = [str(e) for e in validate(read_folder(catalogue_copy))]
    merged = [e for e in errors if "special-equipment-installation" in e and "notes naming different parties" in e]
    assert any("施工单位" in e and "使用单位" in e for e in merged)


def test_removing_the_employer_puts_company_data_on_the_employee_and_fails(catalogue_copy):
    path = catalogue_copy / "matters" / "employment-registration.toml"
    path.write_text(re.sub(r'^filed_by = .*\n', "", path.read_text(encoding="utf-8"), flags=re.M), encoding="utf-8")
    errors = [str(e) for e in validate(read_folder(catalogue_copy))]
    assert any("hiring-employees" in e and "'company-name' is an organisation's" in e for e in errors)


def test_a_role_cast_that_the_matter_does_not_have_is_an_error(catalogue_copy):
    path = catalogue_copy / "themes" / "internship-subsidy.toml"
    text = path.read_text(encoding="utf-8").replace('parties = { employee = "intern" } },\n  { ref = "employment-registration"',
                                                    'parties = { spouse = "intern" } },\n  { ref = "employment-registration"', 1)
    path.write_text(text, encoding="utf-8")
    assert any("has no party 'spouse'" in str(e) for e in validate(read_folder(catalogue_copy)))


@pytest.mark.parametrize("text, bad", [("<无犯罪记录证明>", True), ("‹无犯罪记录证明>", True), ("**注意**", True),
                                       ("住房和城乡建设（城管）局", False), ("《就业创业证》申领", False),
                                       ("我要开办食品经营(副食店、士多店)", False), ("未闭合（括号", True)])
def test_display_text_with_stray_brackets_or_markup_is_flagged(text, bad):
    assert (text_problem(text) is not None) == bad


def test_a_matter_shown_with_its_angle_brackets_fails_the_check(catalogue_copy):
    path = catalogue_copy / "matters" / "no-criminal-record-certificate-issue.toml"
    path.write_text(re.sub(r'^display_name = .*\n', "", path.read_text(encoding="utf-8"), flags=re.M), encoding="utf-8")
    assert any("markup '<'" in str(e) for e in validate(read_folder(catalogue_copy)))


def test_theme_32_shows_its_matter_without_brackets_and_40_its_department_as_citizens_know_it(cat):
    assert [m["name"] for m in notice(cat, cat.theme(32))["matters"]][0] == "无犯罪记录证明开具"
    assert notice(cat, cat.theme(40))["matters"][1]["department_name"] == "住房和城乡建设（城管）局"


@pytest.mark.parametrize("no", [3, 5, 10, 11, 13, 15])
def test_the_doubtful_themes_record_where_each_requirement_was_checked_and_stay_pending(cat, no):
    for tm in cat.theme(no).matters:
        m = cat.matters[tm.ref]
        assert m.sources and m.review == "pending", m.id


def test_a_power_of_attorney_held_by_the_agent_instead_of_its_principal_fails(catalogue_copy):
    path = catalogue_copy / "matters" / "vehicle-mortgage-registration.toml"
    text = path.read_text(encoding="utf-8").replace('ref = "power-of-attorney", holder = "mortgagee"',
                                                    'ref = "power-of-attorney", holder = "mortgagee_agent"')
    path.write_text(text, encoding="utf-8")
    assert any("power of attorney is its principal's" in str(e) for e in validate(read_folder(catalogue_copy)))
