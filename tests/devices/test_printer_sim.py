"""sim://: records bytes, answers DLE EOT per its fault settings, fails on demand with a clear error."""
from __future__ import annotations

import pytest

from devices.printer import (Document, HealthState, PaperStatus, PrinterError, SimPrinter,
                             open_printer, render)
from devices.printer.interface import parse_paper_status


def test_sim_records_exactly_the_rendered_job():
    p = open_printer("sim://")
    doc = Document().text("梅县，你好").cut()
    sent = p.print_document(doc)
    assert p.output == sent == render(doc)
    assert b"\x10\x04\x04" not in p.output   # status queries are answered, not recorded


@pytest.mark.parametrize("paper, status, state", [
    ("ok", PaperStatus.OK, HealthState.READY),
    ("near_end", PaperStatus.NEAR_END, HealthState.DEGRADED),
    ("out", PaperStatus.OUT, HealthState.FAILED),
    ("unknown", PaperStatus.UNKNOWN, HealthState.PRESENT),
])
def test_sim_reports_paper_status_and_health_from_url(paper, status, state):
    p = open_printer(f"sim://?paper={paper}")
    assert p.paper_status() is status
    assert p.health().state is state


def test_print_with_paper_out_raises_paper_out_and_sends_nothing():
    p = open_printer("sim://?paper=out")
    with pytest.raises(PrinterError) as err:
        p.print_document(Document().text("A012"))
    assert err.value.kind == "paper_out"
    assert "paper out" in str(err.value) and "\n" not in str(err.value)
    assert p.output == b""


def test_near_end_still_prints_but_health_is_degraded():
    p = open_printer("sim://?paper=near_end")
    p.print_document(Document().text("A012"))
    assert b"A012" in p.output
    health = p.health()
    assert health.state is HealthState.DEGRADED and "near end" in health.reason


def test_write_failure_is_device_gone_and_health_stays_failed_until_answered():
    p = open_printer("sim://?fail=write&paper=unknown")
    with pytest.raises(PrinterError) as err:
        p.print_document(Document().text("A012"))
    assert err.value.kind == "device_gone"
    assert "sim://" in str(err.value) and "\n" not in str(err.value)
    assert p.health().state is HealthState.FAILED


def test_write_timeout_is_reported_as_timeout():
    with pytest.raises(PrinterError) as err:
        open_printer("sim://?fail=timeout").print_document(Document().text("x"))
    assert err.value.kind == "write_timeout" and "timed out" in str(err.value)


def test_missing_device_fails_at_open_not_silently():
    with pytest.raises(PrinterError) as err:
        open_printer("sim://?fail=open")
    assert err.value.kind == "not_found"


def test_paper_running_out_between_jobs_stops_the_next_ticket():
    p = SimPrinter()
    p.print_document(Document().text("A011"))
    p.set_paper("out")
    with pytest.raises(PrinterError):
        p.print_document(Document().text("A012"))
    assert b"A011" in p.output and b"A012" not in p.output


@pytest.mark.parametrize("reply, status", [
    (b"\x12", PaperStatus.OK), (b"\x1e", PaperStatus.NEAR_END), (b"\x72", PaperStatus.OUT),
    (b"\x7e", PaperStatus.OUT), (b"", PaperStatus.UNKNOWN), (b"\xff", PaperStatus.UNKNOWN),
])
def test_dle_eot_reply_byte_decoding(reply, status):
    # python-escpos 3.1 reads an empty reply as "paper adequate"; we say unknown.
    assert parse_paper_status(reply) is status


def test_bad_sim_option_is_refused():
    with pytest.raises(PrinterError) as err:
        open_printer("sim://?paper=empty")
    assert err.value.kind == "bad_url"
    with pytest.raises(PrinterError):
        open_printer("sim://?colour=red")
