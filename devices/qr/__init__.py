"""QR codes: camera-frame decoding with encoding repair, a live decoder thread, hand-held scanners."""
from .cascade import DEFAULT_STAGES, ZBAR_ONLY_STAGES, CascadeDecoder, Stage, find_regions
from .decode import DecodedCode, ZbarDecoder, ZxingDecoder, load_image, to_gray
from .encoding import decode_raw, plausibility, repair_zbar_text
from .errors import ImageUnreadable, QrError, ScannerUnavailable, ScannerUnplugged
from .scanner import Scan, Scanner, open_scanner
from .worker import DecoderWorker, WorkerStats

__all__ = [
    "CascadeDecoder", "Stage", "DEFAULT_STAGES", "ZBAR_ONLY_STAGES", "find_regions", "DecodedCode",
    "ZbarDecoder", "ZxingDecoder", "load_image", "to_gray", "decode_raw", "plausibility", "repair_zbar_text",
    "QrError", "ImageUnreadable", "ScannerUnavailable", "ScannerUnplugged", "Scan", "Scanner", "open_scanner",
    "DecoderWorker", "WorkerStats", "decode_file",
]


def decode_file(path) -> list[DecodedCode]:
    """Every QR code in an image file, through the full cascade; ImageUnreadable if it is not an image."""
    return CascadeDecoder().decode(load_image(path))
