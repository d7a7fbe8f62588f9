"""Errors of the QR package: one base class so callers can catch everything QR-related at once."""
from __future__ import annotations


class QrError(Exception):
    """Base of every QR error; the message is meant for a log line or the hall staff, not a stack trace."""


class ImageUnreadable(QrError):
    """A file or buffer is not an image we can decode (missing, corrupt, empty, or garbage bytes)."""


class ScannerUnavailable(QrError):
    """A scanner cannot be opened: bad URL, missing package, missing device or no permission."""


class ScannerUnplugged(QrError):
    """An open scanner stopped answering (USB cable pulled, device node gone)."""
