"""The SAM protocol driver: find, select, read over any transport, with typed errors and reconnects."""
from __future__ import annotations

import logging
import time
from typing import Callable

from . import sam_protocol as sam
from .card import Card, parse_text
from .errors import ChecksumError, IdCardError, LengthError, ReaderUnplugged, Timeout
from .photo import PhotoDecoder
from .transport import Transport, open_transport

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT = 3.0   # a real read (card crypto plus 1295 bytes) takes about a second


class IdCardReader:
    """One resident ID-card reader.

    Opens its transport lazily and again after `ReaderUnplugged`, so a reader pulled out and plugged
    back in works on the next call without restarting the kiosk. Not thread-safe: one caller at a time
    (the poller, or a command).
    """

    def __init__(self, url: str | None = None, *, transport: Transport | None = None,
                 opener: Callable[[str, float], Transport] = open_transport,
                 photo_decoder: PhotoDecoder | None = None) -> None:
        if url is None and transport is None:
            raise ValueError("give a reader URL or an open transport")
        self.url = url
        self._transport = transport
        self._opener = opener
        self.photo_decoder = photo_decoder

    # -- line handling -------------------------------------------------------------------------------
    def _line(self, timeout: float) -> Transport:
        if self._transport is None:
            if self.url is None:
                raise ReaderUnplugged("no URL to reconnect to")
            self._transport = self._opener(self.url, timeout)
        return self._transport

    def close(self) -> None:
        """Release the line (a later call reopens it)."""
        if self._transport is not None:
            self._transport.close()
            self._transport = None

    def __enter__(self) -> "IdCardReader":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _remaining(self, deadline: float) -> float:
        left = deadline - time.monotonic()
        if left <= 0:
            raise Timeout(f"no complete reply within the time allowed ({self._name()})")
        return left

    def _name(self) -> str:
        return self._transport.name if self._transport is not None else str(self.url)

    def _receive(self, line: Transport, deadline: float) -> sam.Response:
        decoder = sam.FrameDecoder()
        while True:
            want = decoder.needed()
            chunk = line.read(want, self._remaining(deadline))
            bodies = decoder.feed(chunk)
            if bodies:
                return sam.Response.from_body(bodies[0])
            if len(chunk) < want:
                raise Timeout(f"reader {self._name()} went silent")

    def transact(self, command: tuple[int, int], deadline: float, data: bytes = b"") -> sam.Response:
        """Send one command and return the reader's reply; a garbled exchange is repeated once.

        Line noise on a serial cable is usually a one-off; failing twice in a row points at the cable or
        the reader, and the caller should hear about it rather than wait.
        """
        try:
            for attempt in (1, 2):
                line = self._line(self._remaining(deadline))
                try:
                    line.discard_input()
                    line.write(sam.encode_request(command, data))
                    reply = self._receive(line, deadline)
                    if reply.sw3 in (sam.SW_CHECKSUM, sam.SW_LENGTH):
                        raise sam.status_error(reply)
                    return reply
                except (ChecksumError, LengthError) as exc:
                    if attempt == 2:
                        raise
                    log.info("retrying %02X %02X after %s", command[0], command[1], exc)
                    line.discard_input(quiet=0.02)
        except ReaderUnplugged:
            self.close()  # the next call reopens the port: the reader may be back by then
            raise
        raise AssertionError("unreachable")

    # -- card ----------------------------------------------------------------------------------------
    def read_card(self, timeout: float = DEFAULT_TIMEOUT) -> Card:
        """Read the card on the reader now, within `timeout` seconds in all.

        Returns a checked Card or raises a typed IdCardError whose `reason` is one Chinese+English line:
        NoCard, CardRemoved (place it again), ChecksumError/LengthError (after one retry), Timeout,
        ReaderUnplugged (the next call reconnects), ReaderError (SAM failure), InvalidCard.
        """
        deadline = time.monotonic() + timeout
        found = self.transact(sam.FIND_CARD, deadline)
        if found.sw3 != sam.SW_CARD_FOUND:
            raise sam.status_error(found)
        selected = self.transact(sam.SELECT_CARD, deadline)
        if selected.sw3 != sam.SW_OK:
            raise sam.status_error(selected)
        reply = self.transact(sam.READ_TEXT_PHOTO, deadline)
        if reply.sw3 != sam.SW_OK:
            raise sam.status_error(reply)
        try:
            text, photo = sam.split_read_data(reply.data)
        except LengthError:
            # The frame checked out but its inner lengths do not: ask again once, like a bad frame.
            reply = self.transact(sam.READ_TEXT_PHOTO, deadline)
            if reply.sw3 != sam.SW_OK:
                raise sam.status_error(reply)
            text, photo = sam.split_read_data(reply.data)
        card = parse_text(text, photo)
        self._decode_photo(card)
        return card

    def _decode_photo(self, card: Card) -> None:
        if self.photo_decoder is None or not card.photo_wlt:
            return
        try:
            card.photo_bmp = bytes(self.photo_decoder.decode(card.photo_wlt))
        except Exception as exc:  # a vendor library failing must not lose the text we did read
            log.warning("photo decoder failed: %s", exc)
            card.photo_bmp = None

    def status(self, timeout: float = 1.0) -> sam.Response:
        """Ask the reader for its status (11 FF): a health check that needs no card."""
        return self.transact(sam.READER_STATUS, time.monotonic() + timeout)


__all__ = ["IdCardReader", "IdCardError", "DEFAULT_TIMEOUT"]
