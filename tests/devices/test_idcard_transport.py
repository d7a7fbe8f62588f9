"""Transports chosen by URL, and the layering rules of the ID-card package."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

import devices.idcard
from devices.idcard import IdCardError, IdCardReader, LengthError, PortUnavailable, open_transport
from devices.idcard import sam_protocol as sam
from devices.idcard.fixtures import FOREIGN_CARD
from devices.idcard.serial_transport import parse_serial_url

PACKAGE = Path(devices.idcard.__file__).parent


def test_serial_url_carries_port_and_baud_and_defaults_to_8n1():
    port, settings = parse_serial_url("serial:///dev/ttyUSB0?baud=9600")
    assert port == "/dev/ttyUSB0" and settings["baudrate"] == 9600
    port, settings = parse_serial_url("/dev/ttyS1")
    assert port == "/dev/ttyS1"
    assert settings == {"baudrate": 115200, "bytesize": 8, "parity": "N", "stopbits": 1}


def test_port_that_cannot_open_is_named_in_the_error():
    with pytest.raises(PortUnavailable) as exc:
        open_transport("serial:///dev/ttyDOES_NOT_EXIST?baud=115200")
    assert "/dev/ttyDOES_NOT_EXIST" in exc.value.reason and "无法打开" in exc.value.reason


def test_bad_serial_setting_is_refused_with_the_url():
    with pytest.raises(PortUnavailable) as exc:
        open_transport("serial:///dev/ttyUSB0?baud=fast")
    assert "baud=fast" in exc.value.reason


def test_pyserial_loop_url_reads_back_exactly_what_was_written():
    with open_transport("loop://", 0.2) as line:
        line.write(sam.encode_request(sam.FIND_CARD))
        assert line.read(10, 0.2) == bytes.fromhex("AA AA AA 96 69 00 03 20 01 22")
        assert line.read(5, 0.05) == b""  # silence gives fewer bytes, not an exception


def test_line_that_echoes_requests_gives_a_typed_error_not_a_crash():
    with IdCardReader("loop://") as reader:
        with pytest.raises(LengthError):
            reader.read_card(0.3)


def test_sim_url_starts_a_simulator_with_the_named_card():
    with IdCardReader("sim://?card=foreign_permanent") as reader:
        assert reader.read_card(0.5) == FOREIGN_CARD


def test_sim_url_with_unknown_card_or_setting_is_refused():
    with pytest.raises(PortUnavailable, match="no sample card"):
        open_transport("sim://?card=nobody")
    with pytest.raises(PortUnavailable, match="unknown option"):
        open_transport("sim://?jam=1")


def test_every_error_is_an_idcard_error_with_both_languages():
    for name in ("NoCard", "CardRemoved", "ChecksumError", "LengthError", "Timeout", "ReaderUnplugged",
                 "PortUnavailable", "InvalidCard"):
        err = getattr(devices.idcard, name)("detail")
        assert isinstance(err, IdCardError)
        zh, en = err.reason.split(" / ", 1)
        assert any("\u4e00" <= ch <= "\u9fff" for ch in zh) and en.isascii() and "\n" not in err.reason


@pytest.mark.parametrize("path", sorted(PACKAGE.glob("*.py")), ids=lambda p: p.name)
def test_module_never_imports_ui_or_kiosk_and_stays_small_with_a_docstring(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            imported.add(node.module.split(".")[0])
    assert not imported & {"kivy", "kiosk", "screens"}
    doc = ast.get_docstring(tree)
    assert doc and "\n" not in doc.strip()
    assert len(path.read_text(encoding="utf-8").splitlines()) < 300
