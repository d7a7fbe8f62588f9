"""Which catalogues a kiosk accepts from the hall: signed by a pinned key, and not older than its own.

The hall signs each release (content/signature.py: the bundle bytes and the release number) with its
Ed25519 key; the kiosk pins the public key(s) in `[catalogue] public_keys`. A bundle is refused when it is
unsigned, when no pinned key verifies it (one flipped byte, or another key), or when its release number is
lower than the release this kiosk holds (an older catalogue replayed: a downgrade), or equal with other
content. Two keys may be pinned while a hall changes keys; either one verifies.

With no key pinned the kiosk refuses every catalogue from the hall and keeps the one it has: a production
kiosk must never show an unverified catalogue. `kiosk run --simulate` pins the key of its local hall.
"""
from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass

from content.signature import decode_public_key, short, verify


class CatalogueUntrusted(Exception):
    """The signature or release number is not acceptable; the message says why, for staff."""


@dataclass
class Signed:
    """A fetched bundle with what the hall sent beside it."""

    data: bytes | None          # None: not modified (304)
    etag: str | None
    release: str | None = None
    signature: str | None = None
    key: str | None = None


def parse_keys(text: str) -> list[bytes]:
    """`[catalogue] public_keys`: comma-separated base64 Ed25519 public keys (ValueError names a bad one)."""
    return [decode_public_key(k) for k in text.split(",") if k.strip()]


class CatalogueTrust:
    def __init__(self, keys: list[bytes]):
        self.keys = keys

    @classmethod
    def from_config(cls, cfg) -> "CatalogueTrust":
        return cls(parse_keys(cfg.get("catalogue", "public_keys")))

    def check(self, got: Signed, held_release: int) -> int:
        """The release number of a bundle signed by a pinned key and not older than `held_release`;
        CatalogueUntrusted otherwise. (The same release with other content is refused by the caller,
        which knows the content's digest once the bundle is checked.)"""
        if not self.keys:
            raise CatalogueUntrusted("no catalogue public key configured ([catalogue] public_keys): "
                                     "catalogues from the hall are refused until one is")
        try:
            release = int(got.release or "")
        except ValueError:
            raise CatalogueUntrusted(f"no valid release number ({got.release!r})") from None
        if not got.signature:
            raise CatalogueUntrusted(f"release {release} is unsigned")
        try:
            signature = base64.b64decode(got.signature, validate=True)
        except (binascii.Error, ValueError):
            raise CatalogueUntrusted(f"release {release}: the signature is not base64") from None
        if not any(verify(k, signature, release, got.data) for k in self.keys):
            pinned = {base64.b64encode(k).decode() for k in self.keys}
            if got.key and got.key not in pinned:
                raise CatalogueUntrusted(f"release {release} is signed by key {short(got.key)}, "
                                         "which this kiosk does not trust")
            raise CatalogueUntrusted(f"release {release}: the signature does not match the bundle "
                                     "(changed after signing, or damaged on the way)")
        if release < held_release:
            raise CatalogueUntrusted(f"release {release} is older than release {held_release} held here "
                                     "(a downgrade): keeping the catalogue in use")
        return release
