"""Fuzz target: ID card SAM frames and text blocks through the decoder and the card parser, and a real card
poller thread over the pty simulator fed look-alike cards."""
from __future__ import annotations

import random
import time
from dataclasses import replace

from .mutate import mutate_bytes, nasty_text
from .outcome import Outcome


def idcard(cases: int, seed: int) -> Outcome:
    """Mutated SAM frames through the frame decoder, and mutated text blocks (bytes and look-alike text)
    through the card parser, and a poller thread fed the worst of them must still be alive at the end."""
    from devices.idcard import sam_protocol as sam
    from devices.idcard.card import encode_text, parse_text
    from devices.idcard.errors import IdCardError
    from devices.idcard.fixtures import CARDS

    out = Outcome("ID card frames and texts", cases, seed)
    rng = random.Random(seed)
    cards = [c for c in CARDS.values() if c is not None]
    blocks = [encode_text(c) for c in cards]
    frames = [sam.encode_response(0x90, sam.build_read_data(b, b"\x00" * 1024)) for b in blocks[:2]]
    frames += [sam.encode_response(0x9F, b"\x00" * 4), sam.encode_response(0x80)]
    with out.timed():
        for i in range(cases):
            kind = i % 4
            try:
                if kind == 0:
                    dec = sam.FrameDecoder()
                    for body in dec.feed(mutate_bytes(rng, rng.choice(frames))):
                        resp = sam.Response.from_body(body)
                        if resp.data and len(resp.data) > 4:
                            text, _photo = sam.split_read_data(resp.data)
                            parse_text(text)
                elif kind == 1:
                    parse_text(mutate_bytes(rng, rng.choice(blocks)) if rng.random() < 0.8
                               else rng.choice(blocks)[:rng.randrange(256)])
                else:
                    card = rng.choice(cards)
                    attr = rng.choice(["id_number", "name", "birth", "valid_from", "valid_to", "sex", "nation",
                                       "address"])
                    value = nasty_text(rng, str(getattr(card, attr)))
                    try:
                        block = encode_text(replace(card, **{attr: value}))
                    except (ValueError, UnicodeEncodeError, KeyError, IdCardError):
                        out.refused += 1      # the simulator's encoder refuses it: nothing reaches a parser
                        continue
                    parse_text(block)
                out.accepted += 1
            except IdCardError:
                out.refused += 1
            except Exception as exc:  # noqa: BLE001 - this is what a fuzzer looks for
                out.finding(f"{type(exc).__name__}: case {i}")
    return out


def idcard_poller_survives(seed: int, cases: int = 40) -> bool:
    """A real poller over the pty simulator, given look-alike cards: alive after all of them."""
    from devices.idcard import CardPoller, IdCardReader
    from devices.idcard.card import encode_text
    from devices.idcard.fixtures import RESIDENT_CARD
    from devices.idcard.simulated import SimulatedReader

    rng = random.Random(seed)
    seen = []
    with SimulatedReader(RESIDENT_CARD) as sim:
        poller = CardPoller(IdCardReader(sim.port), on_card=seen.append, on_error=seen.append,
                            interval=0.01, read_timeout=2.0)
        try:
            for _ in range(cases):
                n = RESIDENT_CARD.id_number
                k = rng.randrange(17)
                number = n[:k] + rng.choice("²①٣５¹０") + n[k + 1:] if rng.random() < 0.5 else nasty_text(rng, n)
                card = replace(RESIDENT_CARD, id_number=number)
                try:
                    encode_text(card)       # what the simulated card can carry (36 bytes of UTF-16)
                except ValueError:
                    continue
                sim.place(card)
                before = len(seen)
                poller.poll_once()
                if len(seen) == before and not poller._last_error:
                    return False
            poller.start()
            time.sleep(0.2)
            return poller.running
        finally:
            poller.stop()
