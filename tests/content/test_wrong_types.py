"""Wrongly typed documents get their schema errors listed, every one, never a traceback: the checks beyond
the schemas read only documents that passed their schema (as hassfest does)."""
from __future__ import annotations

import json

from content import read_bundle, read_folder, validate
from support import run_kiosk


def break_types(docs: dict) -> None:
    """`no = [5]`, `aliases = 7`, options as strings: each used to crash the reference checks."""
    docs["themes/birth.toml"]["no"] = [5]
    docs["departments.toml"]["department"][0]["aliases"] = 7
    docs["themes/offsite-medical-filing.toml"]["questions"][0]["options"] = ["retiree", "temporary"]


def _bundle_errors() -> list[str]:
    data = json.loads(read_folder().to_bundle())
    break_types(data["documents"])
    return [str(e) for e in validate(read_bundle(json.dumps(data).encode()))]


def test_every_wrong_type_is_listed_with_its_file_and_path():
    errors = _bundle_errors()
    assert any(e.startswith("themes/birth.toml: no:") for e in errors), errors
    assert any(e.startswith("departments.toml: department/0/aliases:") for e in errors), errors
    assert any(e.startswith("themes/offsite-medical-filing.toml: questions/0/options/0:") for e in errors)
    assert any(e.startswith("themes/offsite-medical-filing.toml: questions/0/options/1:") for e in errors)


def test_a_broken_document_does_not_bring_reference_errors_elsewhere():
    # The broken theme's matters are still its own and its departments still known: only schema errors.
    errors = _bundle_errors()
    assert not any("not part of any theme" in e or "unknown department" in e for e in errors), errors


def test_content_check_lists_every_error_without_a_traceback(catalogue_copy):
    theme = catalogue_copy / "themes" / "birth.toml"
    theme.write_text(theme.read_text(encoding="utf-8").replace("\nno = 5\n", "\nno = [5]\n"), encoding="utf-8")
    depts = catalogue_copy / "departments.toml"
    depts.write_text(depts.read_text(encoding="utf-8").replace('aliases = ["市场监管局"]', "aliases = 7"),
                     encoding="utf-8")
    r = run_kiosk("content", "check", "--dir", str(catalogue_copy))
    assert r.returncode == 1 and "Traceback" not in r.stderr + r.stdout
    out = r.stdout + r.stderr
    assert "themes/birth.toml: no:" in out and "aliases" in out
