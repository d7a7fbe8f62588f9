"""The Hakka readings table (kiosk/speech/hakka.toml): the hak voice says every entry as Hakka, with the tone
written; every hanzi of the UI strings and of the packaged catalogue has a reading; polyphones read as the
words of our texts need.

The voice check runs one espeak-ng process over all the entries (one entry a line), not one per entry.
"""
from __future__ import annotations

import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from kiosk.speech.calls import hakka_table, to_hakka

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import hakka_coverage  # noqa: E402

MARKS = {"\u0302": "1", "\u0300": "2", "\u0301": "3", "\u030d": "6"}   # â à á a̍ (4 and 5 unmarked)


def written_tone(syllable: str) -> str:
    """The tone a syllable's spelling asks for: its digit, its mark, else 5 (ending -p/-t/-k) or 4."""
    d = unicodedata.normalize("NFD", syllable)
    if d[-1] in "123456":
        return d[-1]
    for mark, tone in MARKS.items():
        if mark in d:
            return tone
    return "5" if d[-1] in "ptk" else "4"


def hak_phonemes(lines: list[str]) -> list[str]:
    """espeak-ng's phoneme listing of each line, one process for all of them (each line ends a clause)."""
    text = "".join(f"{line} .\n" for line in lines)
    out = subprocess.run(["espeak-ng", "-q", "-v", "hak", "-x", "--stdin"], input=text.encode(),
                         capture_output=True, check=True, timeout=120).stdout.decode()
    return [row.strip() for row in out.splitlines() if row.strip()]


def test_the_hak_voice_says_every_reading_as_hakka_with_the_tone_written():
    readings, letters = hakka_table()
    entries = [(f"readings {k}", v) for k, v in readings.items()] + [(f"letters {k}", v) for k, v in letters.items()]
    phonemes = hak_phonemes([v for _k, v in entries])
    assert len(phonemes) == len(entries), "espeak-ng gave a phoneme line per entry no more"
    wrong = []
    for (key, reading), said in zip(entries, phonemes):
        want = [written_tone(s) for s in reading.split()]
        # "(en)" marks where espeak-ng gave up on Hakka and switched to English; no digit means no syllable said
        if "(en)" in said or re.findall(r"[1-6]", said) != want:
            wrong.append(f"{key} = {reading!r}: the voice said {said!r}, tones {'-'.join(want)} were written")
    assert not wrong, "\n".join(wrong[:40])


def test_every_hanzi_of_the_ui_strings_and_the_packaged_catalogue_has_a_reading():
    missing = {source: chars for source, chars in hakka_coverage.missing_hanzi(ROOT).items() if chars}
    assert set(missing) <= set(hakka_coverage.SOURCES)
    assert not missing, ("hanzi with no Hakka reading: " + "; ".join(f"{s}: {''.join(c)}" for s, c in missing.items())
                         + " - add each to kiosk/speech/hakka.toml (a Meixian reading in the voice's spelling),"
                           " then run .venv/bin/python tools/hakka_coverage.py --check")


def test_a_hanzi_without_a_reading_is_named_per_source(tmp_path):
    (tmp_path / "kiosk/locale").mkdir(parents=True)
    (tmp_path / "kiosk/locale/kiosk.pot").write_text('msgid ""\nmsgstr ""\n\nmsgid "请到窗口"\nmsgstr ""\n',
                                                     encoding="utf-8")
    (tmp_path / "screens").mkdir()
    (tmp_path / "screens/x.kv").write_text("Label:\n    text: _('龘齉')\n", encoding="utf-8")   # never in our texts
    (tmp_path / "content/data/themes").mkdir(parents=True)
    (tmp_path / "content/data/themes/t.toml").write_text('# 鼋 in a comment is never shown\nname = "龘办事"\n',
                                                         encoding="utf-8")
    missing = hakka_coverage.missing_hanzi(tmp_path)
    assert missing == {"kiosk.pot": [], "screens/*.kv": ["齉", "龘"], "code literals": [], "catalogue": ["龘"]}


@pytest.mark.parametrize("text, reading", [
    ("银行卡", "ngiùn hòng khà"),            # 行 hòng in 银行 ...
    ("通行证", "thûng hàng tsṳn"),           # ... hàng in 通行证, 行驶, 行政
    ("行政", "hàng tsṳn"),
    ("重新", "tshùng sîn"),                 # 重 tshùng (again) ...
    ("重大", "tshung thai"),                # ... tshung (heavy, weighty)
    ("处理", "tshú lî"),                    # 处 tshú (to handle) ...
    ("办事处", "phan sṳ tshu"),              # ... tshu (a place)
    ("会计", "khoai ki"),                   # 会 khoai (accounts) ...
    ("社会", "sa fi"),                      # ... fi (a gathering)
    ("前面还有", "tshièn mien hàn yû"),       # 还 hàn (still)
    ("中华人民共和国", "tsûng fà ngìn mìn khiung4 fò koet"),   # 和 fò in 共和国, vò (and) alone
    ("调查", "thiàu tshà"),
    ("调动", "tiau thung"),
])
def test_polyphones_in_our_texts_get_the_reading_of_their_word(text, reading):
    assert to_hakka(text) == reading
