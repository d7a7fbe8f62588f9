"""The optional WLT photo decoder plug-in: an interface only, since decoding needs a licensed vendor library."""
from __future__ import annotations

from typing import Protocol, runtime_checkable


@runtime_checkable
class PhotoDecoder(Protocol):
    """Turns the card's 1024-byte WLT photo into BMP bytes (102×126).

    The WLT format is only decodable by the licensed vendor library (wlt2bmp); a site that has one wraps
    it in this interface. Without one the kiosk keeps the WLT bytes and shows no photo: it never makes
    one up.
    """

    def decode(self, wlt: bytes) -> bytes:
        """Return BMP bytes, or raise any exception if this photo cannot be decoded."""
        ...
