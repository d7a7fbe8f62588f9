"""Input that is not pinyin gives empty candidates with a reason, never an exception."""
from __future__ import annotations

import argparse
import json

import pytest

from kiosk.commands import keyboard
from kiosk.ime import Engine

ENGINE = Engine()


@pytest.mark.parametrize("bad", ["123", "zhang3", "mei,xian", "梅县", "!!", "a" * 500, "zhang" * 30])
def test_bad_input_gives_no_candidates_and_an_error(bad):
    result = ENGINE.candidates(bad)
    assert result.candidates == [] and result.error


@pytest.mark.parametrize("empty", ["", " ", "'", "' '"])
def test_empty_input_gives_no_candidates_and_no_error(empty):
    result = ENGINE.candidates(empty)
    assert result.candidates == [] and result.error is None


def test_letters_that_cannot_be_split_give_an_error():
    result = ENGINE.candidates("iiii")
    assert result.candidates == [] and "cannot split" in result.error


def run(capsys, *argv) -> tuple[int, str]:
    p = argparse.ArgumentParser()
    sub = p.add_subparsers(dest="g")
    keyboard.register(sub)
    args = p.parse_args(list(argv))
    code = args.func(args)
    return code, capsys.readouterr().out


def test_command_prints_candidates_and_segments_as_json(capsys):
    code, out = run(capsys, "keyboard", "pinyin", "meixian", "--json")
    data = json.loads(out)
    assert code == 0 and data["segments"] == ["mei", "xian"] and data["candidates"][0]["text"] == "梅县"


def test_command_pages(capsys):
    _c, first = run(capsys, "keyboard", "pinyin", "shi", "--json")
    _c, second = run(capsys, "keyboard", "pinyin", "shi", "--json", "--page", "1")
    a = [c["text"] for c in json.loads(first)["candidates"]]
    b = [c["text"] for c in json.loads(second)["candidates"]]
    assert a and b and not set(a) & set(b)


def test_command_reports_bad_input_with_exit_code_2(capsys):
    code, out = run(capsys, "keyboard", "pinyin", "12", "--json")
    data = json.loads(out)
    assert code == 2 and data["candidates"] == [] and "not pinyin" in data["error"]


def test_places_command_lists_full_addresses(capsys):
    code, out = run(capsys, "keyboard", "places", "cj", "--json")
    assert code == 0 and json.loads(out)["places"][0]["full"] == "广东省梅州市梅县区程江镇"
