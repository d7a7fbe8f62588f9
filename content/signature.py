"""What a catalogue signature covers, shared by the hall (which signs) and the kiosk (which verifies).

The hall signs, with Ed25519, the exact bundle bytes a kiosk stores together with the release number the
hall gave that publication: a flipped byte, another release number or another key all fail the check.
The release number is what lets a kiosk refuse an older catalogue replayed to it (a downgrade).
"""
from __future__ import annotations

import base64
import binascii

PREFIX = b"meixian-catalogue-signature/1\0"

#: HTTP headers beside the bundle: the release number, the signature and the public key that made it.
RELEASE_HEADER, SIGNATURE_HEADER, KEY_HEADER = "X-Catalogue-Release", "X-Catalogue-Signature", "X-Catalogue-Key"


def signed_message(release: int, bundle: bytes) -> bytes:
    """The bytes that are signed: a fixed prefix, the release number and the bundle, unambiguous."""
    return PREFIX + str(int(release)).encode("ascii") + b"\0" + bundle


def decode_public_key(text: str) -> bytes:
    """A public key written as one base64 line (as `kiosk-hall keygen` prints it): 32 raw bytes, or ValueError."""
    try:
        raw = base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError):
        raise ValueError(f"{text.strip()[:60]!r} is not base64") from None
    if len(raw) != 32:
        raise ValueError(f"{text.strip()[:60]!r} is not an Ed25519 public key (32 bytes, got {len(raw)})")
    return raw


def verify(public_key: bytes, signature: bytes, release: int, bundle: bytes) -> bool:
    """True when `signature` is `public_key`'s over this release of this bundle."""
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    try:
        Ed25519PublicKey.from_public_bytes(public_key).verify(signature, signed_message(release, bundle))
    except (InvalidSignature, ValueError):
        return False
    return True


def short(public_key_text: str) -> str:
    """A key as people compare it on screens and in logs: the first 12 characters of its base64."""
    return public_key_text.strip()[:12] + "…"
