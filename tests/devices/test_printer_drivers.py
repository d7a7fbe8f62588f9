"""Real transports by URL: file, TCP and serial (over a pty) carry the job and read DLE EOT back."""
from __future__ import annotations

import ast
import os
import pathlib
import socket
import threading
import time

import pytest

from devices.printer import (Document, HealthState, PaperStatus, PrinterError, open_printer,
                             render)

STATUS_QUERY = b"\x10\x04\x04"


def test_file_driver_writes_the_whole_stream_and_reports_unknown_paper(tmp_path):
    out = tmp_path / "out.bin"
    p = open_printer(f"file://{out}")
    doc = Document().text("梅县，你好").big("A012").qr("https://receipt.kiosk.invalid/r/A012").cut()
    p.print_document(doc)
    p.close()
    assert out.read_bytes() == render(doc)
    assert p.paper_status() is PaperStatus.UNKNOWN
    assert p.health().state is HealthState.PRESENT


def test_file_driver_into_missing_folder_names_the_path():
    with pytest.raises(PrinterError) as err:
        open_printer("file:///nonexistent-dir/out.bin")
    assert err.value.kind == "not_found" and "/nonexistent-dir/out.bin" in str(err.value)


def test_usb_without_pyusb_or_libusb_or_printer_names_what_is_missing():
    try:
        import usb.backend.libusb1
        have_pyusb, have_libusb = True, usb.backend.libusb1.get_backend() is not None
    except ImportError:
        have_pyusb = have_libusb = False
    with pytest.raises(PrinterError) as err:
        open_printer("usb://0416:5011")
    if not have_pyusb:
        assert err.value.kind == "missing_package" and "pyusb" in str(err.value)
    elif not have_libusb:
        assert err.value.kind == "missing_package" and "libusb" in str(err.value)
    else:   # no printer with that id is plugged in here
        assert err.value.kind == "not_found"


@pytest.mark.parametrize("url", ["usb://nothex", "lpt:///dev/lp0", "serial://", "tcp://:9100",
                                 "sim://?width=70", "sim://?text=fancy"])
def test_bad_urls_are_refused_with_the_url_in_the_message(url):
    with pytest.raises(PrinterError) as err:
        open_printer(url)
    assert err.value.kind == "bad_url" and url.split("?")[0].rstrip("/") in str(err.value)


def test_url_options_choose_paper_width_and_fallbacks():
    p = open_printer("sim://?width=58&text=raster&qr=image")
    assert (p.options.paper_dots, p.options.text, p.options.qr) == (384, "raster", "image")


class _FakeNetworkPrinter:
    """A TCP listener that answers DLE EOT 4 with `status` and keeps every other byte."""

    def __init__(self, status: bytes) -> None:
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.status, self.received = status, bytearray()
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        conn, _ = self.server.accept()
        with conn:
            while chunk := conn.recv(65536):
                if STATUS_QUERY in chunk:
                    conn.sendall(self.status)
                self.received.extend(chunk.replace(STATUS_QUERY, b""))


def test_tcp_printer_receives_the_job_and_answers_near_end():
    fake = _FakeNetworkPrinter(b"\x1e")
    p = open_printer(f"tcp://127.0.0.1:{fake.port}?timeout=3")
    assert p.paper_status() is PaperStatus.NEAR_END
    sent = p.print_document(Document().text("梅县，你好").cut())
    p.close()
    deadline = time.monotonic() + 3
    while bytes(fake.received) != sent and time.monotonic() < deadline:
        time.sleep(0.01)
    assert bytes(fake.received) == sent


def test_tcp_printer_reporting_paper_out_refuses_the_job():
    fake = _FakeNetworkPrinter(b"\x72")
    p = open_printer(f"tcp://127.0.0.1:{fake.port}?timeout=3")
    with pytest.raises(PrinterError) as err:
        p.print_document(Document().text("A012"))
    p.close()
    assert err.value.kind == "paper_out"


def test_tcp_printer_not_listening_is_not_found():
    with socket.create_server(("127.0.0.1", 0)) as s:
        port = s.getsockname()[1]
    with pytest.raises(PrinterError) as err:
        open_printer(f"tcp://127.0.0.1:{port}?timeout=1")
    assert err.value.kind == "not_found" and "127.0.0.1" in str(err.value)


def test_serial_printer_over_a_pty_reads_status_and_gets_the_job():
    master, slave = os.openpty()
    received = bytearray()

    def serve() -> None:
        while True:
            try:
                chunk = os.read(master, 4096)
            except OSError:
                return
            if STATUS_QUERY in chunk:
                os.write(master, b"\x12")
            received.extend(chunk.replace(STATUS_QUERY, b""))

    threading.Thread(target=serve, daemon=True).start()
    try:
        p = open_printer(f"serial://{os.ttyname(slave)}?baud=19200")
        assert p.health().state is HealthState.READY
        sent = p.print_document(Document().text("，。、（）").cut())
        deadline = time.monotonic() + 3
        while bytes(received) != sent and time.monotonic() < deadline:
            time.sleep(0.01)
        p.close()
        assert bytes(received) == sent
    finally:
        os.close(slave)
        os.close(master)


def test_printer_package_never_imports_kivy_kiosk_or_screens():
    root = pathlib.Path(__file__).resolve().parents[2] / "devices" / "printer"
    for path in root.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        assert ast.get_docstring(tree), f"{path.name} lacks its one-line docstring"
        for node in ast.walk(tree):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            for name in names:
                assert name.split(".")[0] not in {"kivy", "kiosk", "screens"}, (path.name, name)
