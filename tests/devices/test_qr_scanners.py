"""Hand-held scanners: serial mode over a real pty, keyboard-wedge key events, and opening by URL."""
from __future__ import annotations

import evdev.ecodes as ec
import pytest

from devices.qr import ScannerUnavailable, open_scanner
from devices.qr.keymap import KEYMAP, KeyWedgeParser, key_events
from devices.qr.serial_scanner import SerialScanner
from devices.qr.simulated import PtyScannerPeer

DOWN, UP = 1, 0


@pytest.mark.parametrize("encoding", ["utf-8", "gbk"])
def test_serial_scanner_reads_chinese_lines_over_a_pty(encoding):
    with open_scanner("sim://") as scanner:
        scanner.peer.scan("梅县区政务服务中心 A017", encoding)
        scanner.peer.scan("MX-2024-0001", encoding)
        first, second = scanner.read(2), scanner.read(2)
    assert (first.text, first.encoding, first.raw) == ("梅县区政务服务中心 A017", encoding,
                                                        "梅县区政务服务中心 A017".encode(encoding))
    assert (second.text, second.encoding) == ("MX-2024-0001", "ascii")


@pytest.mark.parametrize("terminator", ["cr", "lf", "crlf"])
def test_serial_scanner_reassembles_scans_split_into_small_writes(terminator):
    with open_scanner(f"sim://?terminator={terminator}&chunk=3") as scanner:
        scanner.peer.scan("申请编号：MX-7")
        scanner.peer.scan("second")
        assert scanner.read(3).text == "申请编号：MX-7"
        assert scanner.read(3).text == "second"
        assert scanner.read(0.2) is None


def test_real_serial_driver_opened_by_url_on_a_pty():
    peer = PtyScannerPeer(b"\r")
    try:
        with open_scanner(f"serial://{peer.path}?baud=115200") as scanner:
            assert isinstance(scanner, SerialScanner)
            peer.send_raw(b"\r\n")  # an empty line is not a scan
            peer.scan("程江镇", "gbk")
            scan = scanner.read(2)
        assert (scan.text, scan.encoding) == ("程江镇", "gbk")
    finally:
        peer.close()


def test_wedge_parser_types_shifted_characters_and_ends_on_enter():
    """A real /dev/input device cannot be created here (no uinput in the test sandbox), so the parser is
    fed the exact event sequence a US-layout HID scanner sends, using evdev's own key codes."""
    events = [
        (ec.EV_MSC, ec.MSC_SCAN, 0x70004),                     # scanners interleave MSC_SCAN: ignored
        (ec.EV_KEY, ec.KEY_LEFTSHIFT, DOWN), (ec.EV_KEY, ec.KEY_M, DOWN), (ec.EV_KEY, ec.KEY_M, UP),
        (ec.EV_KEY, ec.KEY_X, DOWN), (ec.EV_KEY, ec.KEY_X, UP), (ec.EV_KEY, ec.KEY_LEFTSHIFT, UP),
        (ec.EV_SYN, ec.SYN_REPORT, 0),
        (ec.EV_KEY, ec.KEY_RIGHTSHIFT, DOWN), (ec.EV_KEY, ec.KEY_SEMICOLON, DOWN),
        (ec.EV_KEY, ec.KEY_SEMICOLON, UP), (ec.EV_KEY, ec.KEY_RIGHTSHIFT, UP),
        (ec.EV_KEY, ec.KEY_2, DOWN), (ec.EV_KEY, ec.KEY_2, UP), (ec.EV_KEY, ec.KEY_MINUS, DOWN),
        (ec.EV_KEY, ec.KEY_MINUS, UP), (ec.EV_KEY, ec.KEY_A, DOWN), (ec.EV_KEY, ec.KEY_A, 2),  # repeat
        (ec.EV_KEY, ec.KEY_A, UP), (ec.EV_KEY, ec.KEY_KP7, DOWN), (ec.EV_KEY, ec.KEY_KP7, UP),
        (ec.EV_KEY, ec.KEY_ENTER, DOWN), (ec.EV_KEY, ec.KEY_ENTER, UP),
        (ec.EV_KEY, ec.KEY_1, DOWN), (ec.EV_KEY, ec.KEY_1, UP),
    ]
    parser = KeyWedgeParser()
    assert parser.feed_all(events) == ["MX:2-a7"]
    assert parser.feed_all([(ec.EV_KEY, ec.KEY_KPENTER, DOWN)]) == ["1"]  # the rest waits for its Enter


def test_wedge_parser_honours_caps_lock_for_letters_only():
    events = [(ec.EV_KEY, ec.KEY_CAPSLOCK, DOWN), (ec.EV_KEY, ec.KEY_Q, DOWN), (ec.EV_KEY, ec.KEY_1, DOWN),
              (ec.EV_KEY, ec.KEY_LEFTSHIFT, DOWN), (ec.EV_KEY, ec.KEY_Q, DOWN), (ec.EV_KEY, ec.KEY_LEFTSHIFT, UP),
              (ec.EV_KEY, ec.KEY_ENTER, DOWN)]
    assert KeyWedgeParser().feed_all(events) == ["Q1q"]


def test_keymap_uses_the_kernels_key_codes():
    for name, chars in [("KEY_A", "aA"), ("KEY_SLASH", "/?"), ("KEY_APOSTROPHE", "'\""), ("KEY_0", "0)"),
                        ("KEY_KPDOT", ".."), ("KEY_SPACE", "  "), ("KEY_EQUAL", "=+")]:
        assert KEYMAP[getattr(ec, name)] == tuple(chars), name


def test_simulated_wedge_round_trips_a_url_through_the_parser():
    url = "https://zwfw.meixian.example/q?id=A-17&Lang=ZH"
    with open_scanner("sim://?mode=wedge") as scanner:
        scanner.scan(url)
        assert scanner.read(1).text == url
        assert scanner.read(0.01) is None


def test_wedge_cannot_type_hanzi_and_says_to_use_serial_mode():
    with pytest.raises(ValueError, match="serial"):
        key_events("梅县")


@pytest.mark.parametrize("url,message", [
    ("evdev:///dev/input/by-id/usb-no-such-scanner-event-kbd", "no such input device"),
    ("serial:///dev/ttyNOSUCH0?baud=9600", "cannot open"),
    ("serial:///dev/ttyACM0?baud=fast", "not a number"),
    ("sim://?colour=red", "unknown option"),
    ("hid://0416:5011", "unknown scheme"),
])
def test_missing_or_misconfigured_scanner_fails_loudly(url, message):
    with pytest.raises(ScannerUnavailable, match=message):
        open_scanner(url)
