"""One device-URL parser: every family refuses a misspelt option, names it, and takes its own options."""
from __future__ import annotations

import pytest

from devices.camera import CameraError
from devices.idcard import PortUnavailable
from devices.idcard.serial_transport import parse_serial_url
from devices.printer import PrinterError, open_printer
from devices.qr.errors import ScannerUnavailable
from devices.qr.scanner import open_scanner
from devices.urls import DeviceUrlError, check_device_url, parse_device_url


def test_misspelt_baud_is_refused_by_the_card_reader_as_by_the_printer():
    # Before one parser, the card reader silently dropped `buad` and opened at 115200.
    with pytest.raises(PortUnavailable, match="unknown option.*buad"):
        parse_serial_url("serial:///dev/ttyUSB0?buad=9600")
    with pytest.raises(PrinterError, match="unknown option.*buad"):
        open_printer("serial:///dev/ttyS0?buad=9600", connect=False)
    with pytest.raises(ScannerUnavailable, match="unknown option.*buad"):
        open_scanner("serial:///dev/ttyACM0?buad=9600")


@pytest.mark.parametrize("family,url", [("idcard", "serial:///dev/ttyUSB0?buad=9600"),
                                        ("printer", "tcp://10.0.0.5:9100?widht=58"),
                                        ("camera", "v4l2:///dev/video0?heigth=1080"),
                                        ("qr", "evdev:///dev/input/event3?garb=0")])
def test_every_family_refuses_unknown_options_when_checked(family, url):
    with pytest.raises(DeviceUrlError, match="unknown option"):
        check_device_url(family, url)


def test_a_printer_port_that_is_not_a_number_is_a_printer_error_not_a_crash():
    with pytest.raises(PrinterError, match="port"):
        open_printer("tcp://host:abc", connect=False)


def test_plain_paths_and_options_parse_alike():
    assert parse_serial_url("/dev/ttyUSB0") == ("/dev/ttyUSB0", {"baudrate": 115200, "bytesize": 8,
                                                                 "parity": "N", "stopbits": 1})
    assert parse_serial_url("serial:///dev/ttyUSB0?baud=9600&parity=E")[1]["baudrate"] == 9600
    u = parse_device_url("/dev/video0", "camera")
    assert (u.scheme, u.path) == ("v4l2", "/dev/video0")
    assert parse_device_url("tcp://10.0.0.5:9101", "printer").port == 9101
    with pytest.raises(CameraError, match="not a number"):
        from devices.camera import open_camera
        open_camera("v4l2:///dev/video0?width=wide", connect=False)
    with pytest.raises(DeviceUrlError, match="unknown scheme"):
        check_device_url("printer", "lpt://1")
    with pytest.raises(DeviceUrlError, match="VID:PID"):
        check_device_url("printer", "usb://printer")
