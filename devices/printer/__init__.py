"""The receipt printer: documents, ESC/POS rendering, drivers opened by URL, simulator and preview."""
from .document import BigText, Cut, Document, Feed, QRCode, Separator, Text
from .interface import Health, HealthState, PaperStatus, Printer, PrinterError
from .preview import PreviewError, preview_image, save_preview
from .render import RenderOptions, encode_text, render
from .sample import sample_ticket, printer_test_page
from .simulated import SimPrinter
from .urls import open_printer

__all__ = [
    "BigText", "Cut", "Document", "Feed", "QRCode", "Separator", "Text",
    "Health", "HealthState", "PaperStatus", "Printer", "PrinterError",
    "PreviewError", "preview_image", "save_preview",
    "RenderOptions", "encode_text", "render",
    "sample_ticket", "printer_test_page", "SimPrinter", "open_printer",
]
