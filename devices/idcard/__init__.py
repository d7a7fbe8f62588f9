"""Resident ID-card readers (二代证 SAM protocol): re-exports of the driver, card record and errors."""
from .card import Card, encode_text, parse_text
from .errors import (CardRemoved, ChecksumError, IdCardError, InvalidCard, LengthError, NoCard,
                     PortUnavailable, ReaderError, ReaderFault, ReaderUnplugged, Timeout)
from .photo import PhotoDecoder
from .poller import CardPoller
from .reader import IdCardReader
from .transport import Transport, open_transport

__all__ = [
    "Card", "encode_text", "parse_text", "IdCardError", "NoCard", "CardRemoved", "ChecksumError",
    "LengthError", "Timeout", "ReaderUnplugged", "PortUnavailable", "ReaderError", "ReaderFault", "InvalidCard",
    "PhotoDecoder", "CardPoller", "IdCardReader", "Transport", "open_transport",
]
