"""Saving fails at the very end of a journey, on the real widgets under Xvfb: the outbox's SQLite may grow
no more (max_page_count pinned to its pages: the SQLITE_FULL a full disk gives, raised by SQLite itself).
The citizen is told plainly what to do and nothing they gave is wiped; 呼叫工作人员 answers."""
from __future__ import annotations

from support import run_tour


def test_when_saving_fails_at_the_end_the_citizen_is_told_plainly_and_nothing_is_wiped(xvfb_display, tmp_path):
    index = run_tour(xvfb_display, tmp_path, "save_fails", timeout=600)
    seen = index["checks"]["save_fails"]
    assert seen["step"] == "submitting"
    assert "申请没有保存成功" in seen["status"] and "呼叫工作人员" in seen["status"]
    assert seen["theme"] and seen["form_kept"] > 0 and seen["pages_kept"] > 0
    assert seen["outbox_ref"] is None                                   # nothing half-saved
    assert seen["counts_after"] == seen["counts_before"]
    shots = [e["what"] for e in index["entries"] if e["journey"] == "save_fails"]
    assert "save-failed" in shots and "save-failed-staff-called" in shots
