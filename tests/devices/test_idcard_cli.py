"""`kiosk devices read-id`: one read, one JSON object, exit 1 with one line on failure."""
from __future__ import annotations

import argparse
import json

from kiosk.commands import devices as devices_cmd


def run(capsys, *argv):
    parser = argparse.ArgumentParser(prog="kiosk")
    devices_cmd.register(parser.add_subparsers(dest="group", required=True))
    args = parser.parse_args(["devices", "read-id", *argv])
    code = args.func(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_read_id_prints_the_card_as_one_json_object(capsys):
    code, out, err = run(capsys, "--port", "sim://", "--json", "--timeout", "1")
    assert code == 0 and err == ""
    data = json.loads(out)
    assert data["card_type"] == "resident" and data["name"] == "张三" and data["sex"] == "男"
    assert data["birth"] == "1990-01-01" and data["id_number"].startswith("441403")
    assert data["expired"] is False
    assert data["photo"] == {"format": "wlt", "bytes": 1024, "decoded": False}


def test_read_id_marks_an_expired_card(capsys):
    code, out, _ = run(capsys, "--port", "sim://?card=expired", "--json")
    assert code == 0 and json.loads(out)["expired"] is True


def test_read_id_without_a_card_exits_1_with_one_line(capsys):
    code, out, err = run(capsys, "--port", "sim://?card=none", "--json")
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and "no card" in err and "未放置身份证" in err


def test_read_id_refuses_a_wrong_check_digit(capsys):
    code, out, err = run(capsys, "--port", "sim://?card=bad_check_digit", "--json")
    assert code == 1 and out == "" and "check digit" in err


def test_read_id_reports_a_silent_reader(capsys):
    code, _, err = run(capsys, "--port", "sim://?silence=9", "--json", "--timeout", "0.2")
    assert code == 1 and "did not answer" in err


def test_read_id_reports_a_port_that_does_not_exist(capsys):
    code, _, err = run(capsys, "--port", "/dev/ttyNO_SUCH_READER")
    assert code == 1 and "/dev/ttyNO_SUCH_READER" in err


def test_read_id_plain_output_shows_labelled_fields(capsys):
    code, out, _ = run(capsys, "--port", "sim://?card=hkmotw_permit")
    assert code == 0 and "姓名: 陈小明" in out and "通行证号码: H12345678" in out
