"""The tour's QR journeys: a business licence's QR fills the form; a receipt's QR opens its progress.

The simulated scanner is the real serial driver on a pty: the journey writes the bytes a USB-COM
scanner sends (the payload, then CR LF) to the scanner's end of the line, as a citizen's scan would.
"""
from __future__ import annotations

import uuid

from .tour_steps import SAMPLE, SPECIAL, form_without_card, go_home

#: a property-management company (theme 34 asks for its credit code and name); the code's check
#: character is right (GB 32100), the name as the licence QR of a Guangdong licence carries it
LICENCE_CODE = "91441403MA4W9C7N0A"
LICENCE_QR = ("http://www.gsxt.gov.cn/corp-query-entprise-info?uniscid=" + LICENCE_CODE +
              "&entname=%E6%A2%85%E5%B7%9E%E5%B8%82%E6%A2%85%E5%8E%BF%E5%8C%BA%E7%A4%BA%E4%BE%8B%E7%89%A9%E4%B8%9A"
              "%E7%AE%A1%E7%90%86%E6%9C%89%E9%99%90%E5%85%AC%E5%8F%B8")
COMPANY = "梅州市梅县区示例物业管理有限公司"
NOT_A_LICENCE = "https://mp.weixin.qq.com/s/some-article"


def _peer(tour):
    """The simulated scanner's end of the pty, once the kiosk has the scanner open."""
    core = tour.app.core
    yield from tour.wait(lambda: core.services.qr.scanner is not None, "the QR scanner to open")
    return core.services.qr.scanner.peer


def _tags(tour) -> dict[str, str]:
    from .form import FieldRow
    screen = tour.app.sm.get_screen("form")
    return {w.field_id: w.tag for w in screen.walk(restrict=True) if isinstance(w, FieldRow) and w.tag}


def _send_application(core) -> dict:
    """The rest of the application made up and sent the way the outbox sends one (create, pages,
    finalize), so the status lookup has a real receipt to find; the journey's point is the QR."""
    import cv2
    import numpy as np

    values = core.journey.form_values()
    for f in core.journey.fields():
        if f["source"] == "derived" or values.get(f["id"]) or not f["required"]:
            continue
        value = f["options"][0] if f["type"] == "choice" and f["options"] else \
            SPECIAL.get(f["id"]) or SPECIAL.get(f["field"]) or SAMPLE.get(f["type"], "梅县")
        core.journey.set_value(f["id"], value)
    page = cv2.imencode(".jpg", np.full((200, 140, 3), 235, np.uint8))[1].tobytes()
    for m in core.journey.materials_to_capture():
        if m["key"]:
            core.journey.add_page(m["id"], page)
        else:
            core.journey.defer(m["id"])
    body, pages = core.journey.application()
    created = core.services.client.create_application(uuid.uuid4().hex, body)
    for p in pages:
        core.services.client.put_page(created["id"], p["page_id"], p["sha256"], p["data"])
    return core.services.client.finalize(created["id"], ticket=False)


def qr_licence(tour):
    """Theme 34's form: a code that is not a licence's is refused, then the licence's QR fills the form."""
    core = tour.app.core
    yield from form_without_card(tour, 34)
    peer = yield from _peer(tour)
    screen = tour.app.sm.get_screen("form")
    peer.scan(NOT_A_LICENCE)
    yield from tour.wait(lambda: bool(screen.licence_problem), "the refusal of a code that is not a licence's")
    yield 0.3
    yield from tour.snap("licence-refused")
    refused = {"problem": screen.licence_problem, "values": dict(core.session.form)}
    peer.scan(LICENCE_QR)
    yield from tour.wait(lambda: core.session.form.get("credit-code@company") == LICENCE_CODE, "the licence QR to fill the form")
    yield 0.3
    yield from tour.snap("licence-filled")
    tour.checks["qr_licence"] = {"refused": refused, "values": {k: core.session.form.get(k) for k in
                                                                ("credit-code@company", "company-name@company")},
                                 "tags": _tags(tour), "problem_after": screen.licence_problem}
    result = _send_application(core)
    tour.checks["qr_licence"]["result"] = {"receipt": result["receipt"], "lookup_code": result["lookup_code"],
                                           "status_url": core.journey.status_url(result)}
    tour.app.finish()
    yield from tour.wait_for_step("attract")


def qr_status_lookup(tour):
    """Status lookup: scanning the receipt's QR opens that application's progress at once."""
    result = tour.checks["qr_licence"]["result"]
    yield from go_home(tour)
    yield from tour.press("lookup")
    yield from tour.wait_for_step("lookup")
    peer = yield from _peer(tour)
    screen = tour.app.sm.get_screen("lookup")
    peer.scan(NOT_A_LICENCE)
    yield from tour.wait(lambda: "不是回执" in screen.message, "the refusal of a code that is not a receipt's")
    refused = screen.message
    peer.scan(result["status_url"])
    yield from tour.wait(lambda: len(screen.ids.results.children) > 0, "the progress of the scanned receipt")
    yield 0.3
    yield from tour.snap("status-by-qr")
    texts = [w.text for w in screen.ids.results.walk(restrict=True) if isinstance(getattr(w, "text", None), str)]
    tour.checks["qr_status_lookup"] = {"refused": refused, "receipt": screen.receipt, "code": screen.code,
                                       "message": screen.message, "texts": texts}


JOURNEYS = {"qr_licence": qr_licence, "qr_status_lookup": qr_status_lookup}
