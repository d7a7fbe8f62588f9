"""QR codes in the journey, through the real widgets under Xvfb, with the simulated scanner: the real
serial driver on a pty, fed the bytes a USB-COM scanner sends (payload, CR LF). A business licence's QR
fills the form (a code that is not one is refused whole), then that application's receipt QR opens
its progress on the status lookup screen. Real hall server (the kiosk's local one)."""
from __future__ import annotations

import json

import pytest

from support import run_tour

pytestmark = pytest.mark.timeout(600)


@pytest.fixture(scope="module")
def tour(xvfb_display, tmp_path_factory):
    out = tmp_path_factory.mktemp("tour-qr")
    return out / "shots", run_tour(xvfb_display, out, "qr_licence", "qr_status_lookup", timeout=300)


def _labels(shots, index, what):
    [e] = [e for e in index["entries"] if e["what"] == what]
    return [lb["text"] for lb in json.loads((shots / (e["file"] + ".json")).read_text(encoding="utf-8"))["labels"]]


def test_a_code_that_is_not_a_licences_is_refused_and_fills_nothing(tour):
    shots, index = tour
    refused = index["checks"]["qr_licence"]["refused"]
    assert "不是营业执照" in refused["problem"]
    assert "credit-code" not in refused["values"] and "company-name" not in refused["values"]
    assert any("不是营业执照" in t for t in _labels(shots, index, "licence-refused"))


def test_the_licence_qr_fills_credit_code_and_name_marked_as_from_the_licence(tour):
    shots, index = tour
    lic = index["checks"]["qr_licence"]
    assert lic["values"] == {"credit-code": "91441403MA4W9C7N0A", "company-name": "梅州市梅县区示例物业管理有限公司"}
    assert lic["tags"] == {"credit-code": "来自营业执照二维码", "company-name": "来自营业执照二维码"}
    assert lic["problem_after"] == ""
    texts = _labels(shots, index, "licence-filled")
    assert "来自营业执照二维码" in texts and "91441403MA4W9C7N0A" in texts


def test_scanning_the_receipt_qr_opens_that_applications_progress(tour):
    shots, index = tour
    lookup = index["checks"]["qr_status_lookup"]
    result = index["checks"]["qr_licence"]["result"]
    assert "不是回执" in lookup["refused"]
    assert (lookup["receipt"], lookup["code"]) == (result["receipt"], result["lookup_code"])
    assert lookup["message"].startswith("预计办结")
    assert any("已接收" in t or "已分派" in t for t in lookup["texts"]), lookup["texts"]
