"""The band's state from the hall's answers: new calls (and recalls) once each, in order; calls from before
the lobby started shown but not announced; unreachable only after several failed polls; nothing kept but
ticket, window and time."""
from __future__ import annotations

from kiosk.now_serving import FAILURES_BEFORE_DOWN, Board, parse


def call(i: int, w: str = "A", ticket: int | None = None) -> dict:
    return {"window": w, "window_name": f"{w}窗", "ticket": f"{w}{ticket or i:03d}",
            "called_at": f"2026-12-01T10:{i:02d}:00", "call_id": i, "kind": "call", "receipt": "MX-SECRET"}


def test_calls_before_start_are_shown_not_announced_then_each_new_call_once():
    board = Board(recent_count=3)
    assert board.update({"windows": [call(1)], "recent": [call(1)]}) == []
    assert [c.ticket for c in board.windows] == ["A001"]
    new = board.update({"windows": [call(2), call(3, "B")], "recent": [call(1)]})     # recent not yet refetched
    assert [c.ticket for c in new] == ["A002", "B003"] and board.newest.ticket == "B003"
    assert board.update({"windows": [call(2), call(3, "B")], "recent": [call(3, "B"), call(2), call(1)]}) == []
    assert [c.ticket for c in board.history] == ["A001"]


def test_a_recall_is_a_new_call_and_the_history_lists_each_ticket_once():
    board = Board(recent_count=3)
    board.update({"windows": [call(1)], "recent": []})
    board.update({"windows": [call(2)], "recent": [call(2), call(1)]})
    again = board.update({"windows": [call(3, ticket=2)], "recent": [call(3, ticket=2), call(2), call(1)]})
    assert [(c.ticket, c.call_id) for c in again] == [("A002", 3)]
    assert [c.ticket for c in board.history] == ["A001"]


def test_the_band_turns_unreachable_only_after_several_failed_polls_and_back_on_an_answer():
    board = Board()
    board.update([call(1)])                        # a plain list of the latest per window is read too
    turned = [board.failed() for _ in range(FAILURES_BEFORE_DOWN)]
    assert turned == [False] * (FAILURES_BEFORE_DOWN - 1) + [True] and board.connected is False
    board.update([call(1)])
    assert board.connected is True and board.failures == 0
    fresh = Board()
    assert fresh.failed() is True and fresh.connected is False     # never reached: say so at once


def test_nothing_but_ticket_window_and_time_is_kept():
    latest, _recent = parse({"windows": [call(1)], "recent": []})
    kept = vars(latest[0])
    assert set(kept) == {"ticket", "window", "prefix", "called_at", "call_id"}
    assert "MX-SECRET" not in repr(kept)
