"""What changes for citizens between two catalogues (content/diff.py), on edited copies of the real one."""
from __future__ import annotations

from content import load_documents, read_folder
from content.diff import changes, summary

LIVE = load_documents(read_folder())


def test_documents_fields_fees_and_renames_per_theme_are_listed():
    docs = read_folder()
    birth = docs.docs["matters/birth-registration.toml"]
    birth["materials"] = [m for m in birth["materials"] if m["ref"] != "marriage-certificate"]
    birth["materials"].append({"ref": "commitment-letter", "key": True, "form": "original"})
    birth["fields"].append({"ref": "email", "required": False})
    birth["fee"] = {"amount": 20, "note": "工本费"}
    docs.docs["themes/birth.toml"]["name"] = "新生儿出生一件事"
    d = changes(LIVE, load_documents(docs))
    assert d["changed"] and d["renamed"] == [{"id": "birth", "no": 5, "from": LIVE.themes["birth"].name,
                                              "to": "新生儿出生一件事"}]
    [theme] = [t for t in d["themes"] if t["no"] == 5]
    assert [m["id"] for m in theme["materials_removed"]] == ["marriage-certificate"]
    assert [m["id"] for m in theme["materials_added"]] == ["commitment-letter"]
    assert [f["id"] for f in theme["fields_added"]] == ["email"] and "fields_removed" not in theme
    assert [m["id"] for m in d["matters"]] == ["birth-registration"] and d["matters"][0]["fee"] == [0, 20]
    assert 5 in d["matters"][0]["themes"]
    lines = summary(d)
    assert "- theme 5 document 结婚证" in lines and "+ theme 5 form field 电子邮箱" in lines and "~ 国（境）内出生登记: fee 0 → 20 yuan" in lines


def test_an_identical_catalogue_changes_nothing_for_citizens():
    d = changes(LIVE, load_documents(read_folder()))
    assert not d["changed"] and summary(d) == ["no change a citizen would see"]
