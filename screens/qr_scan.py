"""What a scan does on the screens that take one: status lookup (a receipt's QR) and the form (a
business licence's QR). The meaning of a code is decided in kiosk/; this draws the outcome."""
from __future__ import annotations

from kiosk.i18n import _
from kiosk.licence_fill import MARK, NotALicence, fill_from_licence, wants_licence
from kiosk.qr_payloads import receipt_from_qr

from . import style
from .widgets import Card, KLabel


def receipt_scanned(screen, scan) -> None:
    """Lookup: a receipt's QR fills the number and code and searches at once."""
    found = receipt_from_qr(scan.text)
    if found is None:
        screen.message = _("这不是回执上的二维码。请扫描回执上的二维码，或输入受理编号和查询码。")
        return
    screen.receipt, screen.code = found
    screen.search()


def licence_hint(screen):
    """The line above the form's fields saying a licence QR can fill them, with the last refusal."""
    if not wants_licence(screen.core.journey):
        return None
    card = Card()
    card.add_widget(KLabel(text=_("可扫描营业执照上的二维码，自动填写统一社会信用代码和企业名称。"), role="muted"))
    if screen.licence_problem:
        card.add_widget(KLabel(text=screen.licence_problem, role="heading", color=style.ACCENT))
    return card


def licence_scanned(screen, scan) -> None:
    """Form: a business licence's QR fills the credit code (and name); any other code is refused whole."""
    if not wants_licence(screen.core.journey):
        return
    try:
        fill_from_licence(screen.core.journey, scan.text)
        screen.licence_problem = ""
    except NotALicence as exc:
        screen.licence_problem = _(str(exc))
    screen.build_rows(screen._problems_shown())


def licence_tag(core, field_id: str) -> str:
    return _(MARK) if field_id in core.session.from_licence else ""
