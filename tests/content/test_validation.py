"""The validator finds every problem, in every file, with its file and path, and the kiosk refuses bad content."""
from __future__ import annotations

import json

import pytest

from content import ContentInvalid, load_catalogue, read_bundle, read_folder, validate
from support import run_kiosk


def test_packaged_catalogue_is_valid():
    assert validate(read_folder()) == []


def _errors(folder):
    return [str(e) for e in validate(read_folder(folder))]


def test_every_error_is_reported_with_file_and_path_not_just_the_first(catalogue_copy):
    matter = catalogue_copy / "matters" / "birth-registration.toml"
    text = matter.read_text(encoding="utf-8")
    text = text.replace('department = "public-security"', 'department = "police-dept"')
    text = text.replace('ref = "birth-place"', 'ref = "place-of-birth-nowhere"')
    matter.write_text(text, encoding="utf-8")
    theme = catalogue_copy / "themes" / "birth.toml"
    theme.write_text(theme.read_text(encoding="utf-8").replace('category = "personal"', 'category = "people"'),
                     encoding="utf-8")
    errors = _errors(catalogue_copy)
    assert any(e.startswith("matters/birth-registration.toml: department:") and "police-dept" in e for e in errors)
    assert any(e.startswith("matters/birth-registration.toml: fields/3/ref:") for e in errors)
    assert any(e.startswith("themes/birth.toml: category:") for e in errors)
    assert len(errors) >= 3


def test_id_must_match_file_name(catalogue_copy):
    src = catalogue_copy / "materials" / "id-photo.toml"
    (catalogue_copy / "materials" / "photo.toml").write_text(src.read_text(encoding="utf-8"), encoding="utf-8")
    assert any("materials/photo.toml: id:" in e for e in _errors(catalogue_copy))


def test_unknown_keys_are_rejected_by_the_schema(catalogue_copy):
    f = catalogue_copy / "fields" / "phone.toml"
    f.write_text(f.read_text(encoding="utf-8") + 'colour = "red"\n', encoding="utf-8")
    assert any(e.startswith("fields/phone.toml") and "colour" in e for e in _errors(catalogue_copy))


def test_placeholder_text_is_an_error(catalogue_copy):
    f = catalogue_copy / "materials" / "id-photo.toml"
    f.write_text(f.read_text(encoding="utf-8").replace("白底", "白底（待补充）"), encoding="utf-8")
    assert any("materials/id-photo.toml: description: placeholder" in e for e in _errors(catalogue_copy))


def test_broken_toml_is_reported_and_other_files_still_checked(catalogue_copy):
    (catalogue_copy / "fields" / "email.toml").write_text('id = "email\nlabel = ', encoding="utf-8")
    f = catalogue_copy / "fields" / "phone.toml"
    f.write_text(f.read_text(encoding="utf-8").replace('type = "phone"', 'type = "telephone"'), encoding="utf-8")
    errors = _errors(catalogue_copy)
    assert any(e.startswith("fields/email.toml: not valid TOML") for e in errors)
    assert any(e.startswith("fields/phone.toml: type:") for e in errors)


def test_situation_option_must_select_matters_of_its_own_theme(catalogue_copy):
    theme = catalogue_copy / "themes" / "birth.toml"
    theme.write_text(theme.read_text(encoding="utf-8") + '''
[[questions]]
id = "who"
text = "谁来办理？"
type = "single"
options = [
  { value = "parent", label = "父母", matters = ["birth-registration"] },
  { value = "other", label = "其他", matters = ["marriage-registration-elsewhere"] },
]
''', encoding="utf-8")
    errors = _errors(catalogue_copy)
    assert any("questions/0/options/1/matters/0" in e and "not one of this theme's matters" in e for e in errors)


def test_loading_refuses_an_invalid_catalogue(catalogue_copy):
    (catalogue_copy / "departments.toml").unlink()
    with pytest.raises(ContentInvalid) as info:
        load_catalogue(catalogue_copy)
    assert any(e.file == "departments.toml" for e in info.value.errors)


def test_content_check_command_exits_1_listing_errors(catalogue_copy):
    f = catalogue_copy / "fields" / "phone.toml"
    f.write_text(f.read_text(encoding="utf-8").replace('source = "typed"', 'source = "guessed"'), encoding="utf-8")
    result = run_kiosk("content", "check", "--dir", str(catalogue_copy))
    assert result.returncode == 1
    assert "fields/phone.toml: source:" in result.stdout


def test_content_check_command_passes_on_the_packaged_catalogue():
    result = run_kiosk("content", "check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "catalogue OK" in result.stdout


def test_bundle_round_trip_gives_the_same_catalogue():
    docs = read_folder()
    again = read_bundle(docs.to_bundle())
    assert again.docs == docs.docs and again.digest() == docs.digest()


@pytest.mark.parametrize("blob", [b"\xff\xfe", b"[]", b'{"format": "other"}', b'{"format": "kiosk-catalogue/1",'])
def test_malformed_bundle_is_an_error_not_a_crash(blob):
    docs = read_bundle(blob)
    assert docs.errors and validate(docs)


def test_bundle_missing_registry_is_reported():
    docs = read_folder()
    data = json.loads(docs.to_bundle())
    del data["documents"]["roles.toml"]
    errors = validate(read_bundle(json.dumps(data).encode()))
    assert any(e.file == "roles.toml" for e in errors)


@pytest.mark.parametrize("registry", ["roles.toml", "departments.toml", "locations.toml"])
def test_a_catalogue_missing_a_registry_file_is_an_error_naming_it_not_a_crash(registry):
    from content.source import Documents

    docs = dict(read_folder().docs)
    del docs[registry]
    assert [str(e) for e in validate(Documents(docs=docs))] == [f"{registry}: missing: every catalogue has this file"]
