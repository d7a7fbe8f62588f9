"""Background work always ends in exactly one callback, and loops never die: printing, card polling."""
from __future__ import annotations

import threading
import time

import pytest

from devices.idcard import IdCardReader, open_transport
from kiosk.background import Loop, run_task, wait_until
from kiosk.card_reader import CardReaderService
from kiosk.heartbeat import DeviceReport

LIMIT = 60     # generous: the machine is shared and loaded; a pass takes well under a second


class Calls:
    """What a task reported, and how many times (the test waits on the first, then checks there was one)."""

    def __init__(self):
        self.results: list = []
        self.errors: list = []
        self.event = threading.Event()

    def result(self, value):
        self.results.append(value)
        self.event.set()

    def error(self, exc):
        self.errors.append(exc)
        self.event.set()

    def wait(self):
        assert self.event.wait(LIMIT), "no callback: the task would have left its screen waiting"
        time.sleep(0.05)     # a second (wrong) callback would arrive about now
        assert len(self.results) + len(self.errors) == 1


@pytest.mark.parametrize("work,outcome", [(lambda: 42, "result"), (lambda: 1 / 0, "error"),
                                          (lambda: {}["missing"], "error")])
def test_a_task_ends_in_exactly_one_callback(work, outcome):
    calls = Calls()
    run_task("test", work, calls.result, calls.error)
    calls.wait()
    assert (calls.results == [42]) if outcome == "result" else isinstance(calls.errors[0], Exception)


def test_a_loop_survives_unexpected_errors_and_shows_the_last_one():
    seen, problems = [], []

    def step():
        seen.append(1)
        if len(seen) < 3:
            raise ValueError("the disk hiccuped")
        return None      # then wait to be woken

    loop = Loop("test-loop", step, backoff=0.01, max_backoff=0.05, on_error=problems.append).start()
    try:
        assert wait_until(lambda: len(seen) >= 3, LIMIT)
        assert problems == ["the disk hiccuped"] * 2 and loop.running and loop.last_error is None
    finally:
        loop.stop()


def _printing(url: str):
    from kiosk.printing import Printing
    return Printing(url, journey=None, devices=DeviceReport(), post=lambda fn: fn())


def test_a_printer_url_with_a_bad_port_answers_failed_instead_of_printing_for_ever():
    # Before: urlsplit's ValueError killed the print thread and the done screen said 正在打印… for ever.
    from devices.printer import printer_test_page

    calls = Calls()
    p = _printing("tcp://host:abc")
    p.print_async(printer_test_page("tcp://host:abc"), lambda ok, problem: calls.result((ok, problem)))
    calls.wait()
    ok, problem = calls.results[0]
    assert not ok and "port" in problem and p.devices.snapshot()["printer"]["state"] == "failed"


def test_an_unexpected_printing_error_still_answers():
    calls = Calls()
    _printing("sim://").print_async(object(), lambda ok, problem: calls.result((ok, problem)))
    calls.wait()
    assert calls.results[0][0] is False and calls.results[0][1].startswith("printer error")


def test_the_card_poller_survives_an_unexpected_reader_error_and_still_reads_the_card():
    # Before: CardPoller caught only IdCardError; anything else ended its thread, and the identify screen
    # waited for a card that could never be read. Fault injection: the first opening of the line raises
    # what a driver bug would (a real simulator and pty serve every later opening).
    service = CardReaderService("sim://", post=lambda fn: fn())
    opened = []

    def flaky_open(url, timeout):
        opened.append(url)
        if len(opened) == 1:
            raise RuntimeError("driver bug")
        return open_transport(url, timeout)

    service.reader = IdCardReader(service.sim.port, opener=flaky_open)
    cards, problems = [], []
    try:
        service.listen(cards.append, problems.append)
        service.place_sample("resident")
        assert wait_until(lambda: cards, LIMIT), f"no card read; problems: {problems}"
        assert problems and "RuntimeError" in problems[0]
    finally:
        service.close()
