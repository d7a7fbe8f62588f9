"""The record of checked catalogues (content/checked.py): the same bytes checked by the same code are built
without checking again; any change to any file is checked in full, and a bad catalogue is never recorded."""
from __future__ import annotations

import json

import pytest

import content
from content import ContentInvalid, load_bundle, load_catalogue, read_folder
from content import checked as checked_mod


def _refuse_checks(monkeypatch):
    """A spy in place of the checker: the test fails if a full check runs (no real part can tell us that)."""
    def no_check(_docs):
        raise AssertionError("the full check ran")
    monkeypatch.setattr(content, "validate", no_check)


def test_a_checked_folder_is_recorded_and_the_next_load_builds_it_without_checking(catalogue_copy, tmp_path,
                                                                                    monkeypatch):
    record = tmp_path / "checked"
    first = load_catalogue(catalogue_copy, record)
    assert (record / "folder.json").is_file()
    _refuse_checks(monkeypatch)
    again = load_catalogue(catalogue_copy, record)
    assert again.digest == first.digest and again.version == first.version
    assert [t.no for t in again.enabled_themes()] == [t.no for t in first.enabled_themes()]


def test_a_changed_file_is_checked_in_full_and_refused_if_bad(catalogue_copy, tmp_path):
    record = tmp_path / "checked"
    load_catalogue(catalogue_copy, record)
    (catalogue_copy / "roles.toml").write_text("this is = not [valid toml", encoding="utf-8")
    with pytest.raises(ContentInvalid) as exc:
        load_catalogue(catalogue_copy, record)
    assert any(e.file == "roles.toml" for e in exc.value.errors)


def test_a_stray_file_changes_the_key_and_is_refused(catalogue_copy, tmp_path):
    record = tmp_path / "checked"
    load_catalogue(catalogue_copy, record)
    (catalogue_copy / "themes" / "notes.txt").write_text("draft", encoding="utf-8")
    with pytest.raises(ContentInvalid, match="unexpected file"):
        load_catalogue(catalogue_copy, record)


def test_a_bad_catalogue_is_never_recorded(catalogue_copy, tmp_path):
    record = tmp_path / "checked"
    (catalogue_copy / "roles.toml").unlink()
    with pytest.raises(ContentInvalid):
        load_catalogue(catalogue_copy, record)
    assert not (record / "folder.json").exists()


def test_a_damaged_record_means_a_full_check_and_a_fresh_record(catalogue_copy, tmp_path):
    record = tmp_path / "checked"
    load_catalogue(catalogue_copy, record)
    (record / "folder.json").write_text('{"key": "x", "docs": ', encoding="utf-8")
    cat = load_catalogue(catalogue_copy, record)
    assert json.loads((record / "folder.json").read_text(encoding="utf-8"))["key"] == \
        checked_mod.folder_key(catalogue_copy)
    assert cat.digest == load_catalogue(catalogue_copy).digest


def test_a_change_to_the_checker_gives_a_new_key(catalogue_copy, monkeypatch):
    before = checked_mod.folder_key(catalogue_copy)
    monkeypatch.setattr(checked_mod, "_checker_digest", "another version of the checks")
    assert checked_mod.folder_key(catalogue_copy) != before


def test_a_checked_bundle_is_recorded_and_other_bytes_are_checked(catalogue_copy, tmp_path, monkeypatch):
    record = tmp_path / "checked"
    bundle = read_folder(catalogue_copy).to_bundle()
    first = load_bundle(bundle, record)
    broken = bundle.replace(b'"roles.toml"', b'"roles.tomm"')
    with pytest.raises(ContentInvalid):
        load_bundle(broken, record)
    _refuse_checks(monkeypatch)
    assert load_bundle(bundle, record).digest == first.digest
