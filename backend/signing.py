"""The hall's catalogue signing key: generate it (private file 0600), load it, sign a release.

The private key is a PEM file (PKCS#8, unencrypted: the server must start unattended; protect it with the
file's permissions and the machine's disk encryption). Kiosks pin the public key, one base64 line.
"""
from __future__ import annotations

import base64
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from content.signature import signed_message


class SigningKeyError(Exception):
    """The signing key file cannot be used; the message names the file and why."""


@dataclass(frozen=True)
class SigningKey:
    private: Ed25519PrivateKey

    @property
    def public_text(self) -> str:
        """The public key as one base64 line: what kiosks put in `[catalogue] public_keys`."""
        raw = self.private.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        return base64.b64encode(raw).decode("ascii")

    def sign(self, release: int, bundle: bytes) -> str:
        """The base64 signature over this release of this bundle (content/signature.py says what is covered)."""
        return base64.b64encode(self.private.sign(signed_message(release, bundle))).decode("ascii")


def generate(out: Path | str) -> SigningKey:
    """Write a new private key to `out` (created 0600, never overwriting an existing file)."""
    out = Path(out)
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption())
    try:
        fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise SigningKeyError(f"{out} already exists: refusing to overwrite a signing key") from None
    except OSError as exc:
        raise SigningKeyError(f"{out}: {exc.strerror}") from None
    with os.fdopen(fd, "wb") as f:
        f.write(pem)
    return SigningKey(key)


def load(path: Path | str) -> SigningKey:
    """The key in a file written by `generate`; SigningKeyError naming the file when it is missing or not one."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SigningKeyError(f"signing key {path}: {exc.strerror}") from None
    if path.stat().st_mode & 0o077:
        raise SigningKeyError(f"signing key {path} is readable by others (chmod 600 {path})")
    try:
        key = serialization.load_pem_private_key(data, password=None)
    except (ValueError, TypeError):
        raise SigningKeyError(f"{path} is not a PEM private key") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise SigningKeyError(f"{path} is not an Ed25519 key")
    return SigningKey(key)
