"""Sample documents for tests, the CLI and field engineers: a queue ticket and a printer test page."""
from __future__ import annotations

from datetime import datetime

from .document import Document

HALL = "梅县区政务服务中心"
#: Placeholder until kiosk/ owns the receipt address; .invalid can never resolve to someone's site.
RECEIPT_URL = "https://receipt.kiosk.invalid/r/{number}"


def sample_ticket(number: str, theme_name: str, window: str | None = None,
                  when: datetime | None = None, receipt_url: str | None = None) -> Document:
    """A queue ticket shaped like the real one; kiosk/ owns the production template."""
    when = when or datetime.now()
    doc = (Document()
           .text(HALL, align="center", bold=True, width=1, height=2)
           .text("“一件事”自助服务", align="center")
           .separator()
           .text("您的排队号", align="center")
           .big(number)
           .feed(1)
           .text(f"事项：{theme_name}", bold=True))
    if window:
        doc.text(f"窗口：{window}")
    (doc.text(f"时间：{when:%Y-%m-%d %H:%M}")
        .separator()
        .text("请留意叫号，过号请重新取号。")
        .feed(1)
        .qr(receipt_url or RECEIPT_URL.format(number=number))
        .text("扫码查看办理回执", align="center")
        .cut())
    return doc


def printer_test_page(url: str = "") -> Document:
    """What a field engineer prints first: if line 2 is garbled but line 3 reads well, set text=raster."""
    return (Document()
            .text("打印机测试页 PRINTER TEST", align="center", bold=True, height=2)
            .text("中文：梅县区，你好。材料、表格（复印件）", raster=False)
            .text("图像：梅县区，你好。材料、表格（复印件）", raster=True)
            .text("ASCII: 0123456789 ABC abc !?#")
            .text("加粗 BOLD", bold=True)
            .text("倍宽倍高 2x2", width=2, height=2)
            .text("居中 center", align="center")
            .text("居右 right", align="right")
            .separator()
            .big("A012")
            .qr("https://receipt.kiosk.invalid/test?中文=梅县")
            .text(url or "", align="center")
            .cut())
