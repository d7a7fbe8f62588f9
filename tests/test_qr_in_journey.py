"""What a scanned code does: a receipt's status address, a business licence's credit code (GB 32100 check
character) and name, all or nothing; the scanner service over a real pty; `kiosk devices scan-qr`."""
from __future__ import annotations

import json
import subprocess
import time
from pathlib import Path

import pytest

from content import load_catalogue
from devices.qr.simulated import PtyScannerPeer
from kiosk.config import load_config
from kiosk.core import KioskCore
from kiosk.licence_fill import fill_from_licence
from kiosk.qr_payloads import NotALicence, licence_from_qr, receipt_from_qr
from kiosk.qr_service import QrScanService

ROOT = Path(__file__).resolve().parent.parent
CODE = "91441403MA4W9C7N0A"          # check character A is right
BAD = "91441403MA4W9C7N0B"           # one character off: fails the check


def test_the_receipt_qr_gives_its_number_and_code():
    assert receipt_from_qr("http://hall:8750/s/MX-261129-0001-8?code=AB12cd34") == ("MX-261129-0001-8", "AB12CD34")
    assert receipt_from_qr("https://x.example/s/MX-261129-0001-X?code=ab12cd34") == ("MX-261129-0001-X", "AB12CD34")
    assert receipt_from_qr("http://hall/s/not-a-receipt?code=ab12cd34") is None
    # past the 9,999th receipt of a day the number grows to five or six digits (backend/receipts.py)
    assert receipt_from_qr("http://hall/s/MX-261129-10000-3?code=K7M2P9Q4R8T6") == ("MX-261129-10000-3", "K7M2P9Q4R8T6")
    assert receipt_from_qr("http://hall/s/MX-261129-0001-8") is None          # no lookup code
    assert receipt_from_qr("梅县区政务服务中心") is None


@pytest.mark.parametrize("payload, name", [
    (f"http://www.gsxt.gov.cn/corp-query?uniscid={CODE}&entname=%E6%A2%85%E5%B7%9E%E7%A4%BA%E4%BE%8B", "梅州示例"),
    (f"https://gsxt.gdgs.gov.cn/aiccips/?creditCode={CODE}", None),
    (f"统一社会信用代码：{CODE}；名称：梅州市梅县区示例商贸有限公司", "梅州市梅县区示例商贸有限公司"),
    (CODE, None),
])
def test_a_business_licence_qr_gives_the_checked_code_and_the_name_it_carries(payload, name):
    data = licence_from_qr(payload)
    assert (data.credit_code, data.company_name) == (CODE, name)


@pytest.mark.parametrize("payload, why", [
    ("https://mp.weixin.qq.com/s/article", "不是营业执照"),
    (f"http://example.com/?uniscid={CODE}", "不是营业执照"),          # right code, wrong issuer
    (f"http://www.gsxt.gov.cn/?uniscid={BAD}&entname=x", "校验不通过"),
    (f"统一社会信用代码：{BAD}；名称：梅州示例", "校验不通过"),
    ("http://www.gsxt.gov.cn/index.html", "没有统一社会信用代码"),
    (BAD, "不是营业执照"),
])
def test_anything_else_is_refused_with_a_reason(payload, why):
    with pytest.raises(NotALicence) as exc:
        licence_from_qr(payload)
    assert why in str(exc.value)


@pytest.fixture
def core(tmp_path):
    (tmp_path / "kiosk.ini").write_text("")
    core = KioskCore(load_config(path=tmp_path / "kiosk.ini", environ={"KIOSK_DATA_DIR": str(tmp_path / "k")}),
                     load_catalogue())
    core.journey.begin("34")          # property management: asks for the company's name and credit code
    yield core
    core.stop()


def test_the_licence_fills_code_and_name_and_marks_them_until_edited(core):
    filled = fill_from_licence(core.journey, f"统一社会信用代码：{CODE}；名称：梅州示例物业有限公司")
    assert sorted(filled) == ["company-name@company", "credit-code@company"]
    values = core.journey.form_values()
    assert values["credit-code@company"] == CODE and values["company-name@company"] == "梅州示例物业有限公司"
    assert core.session.from_licence == {"company-name@company", "credit-code@company"}
    core.journey.set_value("company-name@company", "另一家公司")      # the citizen changed it: no longer from the QR
    assert core.session.from_licence == {"credit-code@company"}
    core.session.wipe()
    assert core.session.from_licence == set()


def test_a_refused_code_touches_no_field(core):
    core.journey.set_value("company-name@company", "已填写的名称")
    with pytest.raises(NotALicence):
        fill_from_licence(core.journey, f"统一社会信用代码：{BAD}；名称：梅州示例")
    values = core.journey.form_values()
    assert values["company-name@company"] == "已填写的名称" and not values.get("credit-code@company")
    assert core.session.from_licence == set()


def test_the_scan_service_hands_scans_from_the_serial_line_to_the_screen_showing():
    notes, got = [], []
    service = QrScanService("sim://", "sim://", post=lambda fn: fn(), note=lambda *a: notes.append(a))
    service.start()
    try:
        assert service.wait_open(20)
        peer = service.scanner.peer
        peer.scan("梅县区政务服务中心".encode("gbk"))          # the bytes a serial scanner sends, GBK here
        time.sleep(0.5)
        assert got == []                                        # no screen takes scans: dropped
        service.set_handler(got.append)
        peer.chunk = 3                                          # split into small writes, as a slow line does
        peer.scan("お問い合わせ".encode("shift_jis"))
        deadline = time.monotonic() + 20
        while not got and time.monotonic() < deadline:
            time.sleep(0.05)
        assert [(s.text, s.encoding) for s in got] == [("お問い合わせ", "shift_jis")]
        assert ("qr", "ready") == notes[0][:2]
    finally:
        service.stop()


def test_a_missing_scanner_is_reported_failed_not_simulated(tmp_path):
    notes = []
    service = QrScanService(f"serial://{tmp_path}/ttyNONE", "sim://", post=lambda fn: fn(),
                            note=lambda *a: notes.append(a))
    service.start()
    try:
        deadline = time.monotonic() + 20
        while not notes and time.monotonic() < deadline:
            time.sleep(0.05)
        assert notes and notes[0][:2] == ("qr", "failed") and "ttyNONE" in notes[0][2]
        assert service.scanner is None
    finally:
        service.stop()


def test_cli_scan_qr_reads_one_scan_from_a_serial_line_and_says_what_it_is():
    peer = PtyScannerPeer()
    try:
        proc = subprocess.Popen([str(ROOT / ".venv/bin/kiosk"), "devices", "scan-qr", "--port",
                                 f"serial://{peer.path}?baud=9600", "--json", "--timeout", "60"],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        ready = proc.stderr.readline().decode()            # the line is open (opening it drops old input)
        assert "waiting" in ready, ready
        peer.scan(f"统一社会信用代码：{CODE}；名称：梅州示例".encode("gbk"))
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err.decode()
        data = json.loads(out)
        assert data["encoding"] == "gbk" and data["text"].startswith("统一社会信用代码")
        assert data["meaning"] == {"kind": "business_licence", "credit_code": CODE, "company_name": "梅州示例"}
    finally:
        peer.close()


def test_cli_scan_qr_fails_with_the_reason_when_there_is_no_scanner(tmp_path):
    r = subprocess.run([str(ROOT / ".venv/bin/kiosk"), "devices", "scan-qr", "--port",
                        f"serial://{tmp_path}/ttyNONE", "--timeout", "1"], capture_output=True, text=True,
                       timeout=120)
    assert r.returncode == 1 and "ttyNONE" in r.stderr


def test_a_receipt_held_up_to_the_camera_is_read_once(tmp_path):
    """`qr = camera`: the frames of the (simulated) document camera showing a receipt's QR on a desk."""
    import cv2
    import numpy as np

    from devices.qr import open_scanner
    from devices.qr.synth import render_code

    url = "http://hall:8750/s/MX-261129-0001-8?code=ab12cd34"
    frame = np.full((1080, 1920, 3), 120, np.uint8)
    code = cv2.cvtColor(render_code(url.encode(), module_px=8), cv2.COLOR_GRAY2BGR)
    frame[200:200 + code.shape[0], 600:600 + code.shape[1]] = code
    cv2.imwrite(str(tmp_path / "receipt.jpg"), frame)
    scanner = open_scanner("camera", f"sim://?files={tmp_path / 'receipt.jpg'}&fps=20")
    try:
        scan = scanner.read(20)
        assert scan is not None and receipt_from_qr(scan.text) == ("MX-261129-0001-8", "AB12CD34")
        assert scanner.read(0.5) is None          # still in view: the same scan, not a new one
    finally:
        scanner.close()


def test_with_two_organisations_each_licence_fills_its_own_party(tmp_path):
    (tmp_path / "kiosk.ini").write_text("")
    core = KioskCore(load_config(path=tmp_path / "kiosk.ini", environ={"KIOSK_DATA_DIR": str(tmp_path / "k")}),
                     load_catalogue())
    core.journey.begin("39")
    core.journey.answer("stage", "before_installation,ready_for_use")
    assert fill_from_licence(core.journey, f"统一社会信用代码：{CODE}；名称：施工公司") == ["credit-code@installer",
                                                                              "company-name@installer"]
    assert fill_from_licence(core.journey, f"统一社会信用代码：{CODE}；名称：使用公司") == ["credit-code@user_org",
                                                                              "company-name@user_org"]
    assert core.journey.form_values()["company-name@installer"] == "施工公司"
    core.stop()
