"""`kiosk print ticket|test`: prints through the URL, writes a preview, exits 1 with one line on failure."""
from __future__ import annotations

import argparse

from PIL import Image

from kiosk.commands import printing


def _run(*argv: str) -> int:
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="group", required=True)
    printing.register(sub)
    args = parser.parse_args(list(argv))
    return args.func(args)


def test_print_ticket_to_file_and_preview(tmp_path, capsys):
    out, png = tmp_path / "job.bin", tmp_path / "ticket.png"
    rc = _run("print", "ticket", "--number", "A012", "--theme-name", "新生儿出生一件事",
              "--window", "5号窗口", "--printer", f"file://{out}", "--preview", str(png))
    assert rc == 0
    job = out.read_bytes()
    assert "新生儿出生一件事".encode("gb18030") in job and b"A012" in job
    assert Image.open(png).width == 576
    assert "printed" in capsys.readouterr().out


def test_print_test_page_has_punctuation_qr_big_number_and_cut(tmp_path):
    out = tmp_path / "job.bin"
    assert _run("print", "test", "--printer", f"file://{out}") == 0
    job = out.read_bytes()
    assert "，。、（）".encode("gb18030")[:2] in job
    assert b"\x1d(k" in job and b"\x1d!\x33" in job and b"\x1dV\x00" in job


def test_paper_out_exits_1_with_a_one_line_reason(capsys):
    rc = _run("print", "ticket", "--number", "A012", "--theme-name", "x",
              "--printer", "sim://?paper=out")
    err = capsys.readouterr().err
    assert rc == 1
    assert err.count("\n") == 1 and "paper out" in err


def test_near_end_prints_and_warns(capsys):
    assert _run("print", "test", "--printer", "sim://?paper=near_end") == 0
    assert "near end" in capsys.readouterr().err


def test_missing_usb_library_or_device_exits_1_naming_it(capsys):
    assert _run("print", "test", "--printer", "usb://0416:5011") == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and ("pyusb" in err or "libusb" in err or "not found" in err)
