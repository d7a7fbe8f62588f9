"""Building the outbox, the hall client and the sender from configuration, in one place."""
from __future__ import annotations

from .config import Config
from .hall_client import HallClient
from .outbox import KeyProblem, Outbox, load_or_create_key
from .sender import Sender


def open_outbox(cfg: Config) -> Outbox:
    """The outbox, checked: a missing, damaged or different key opens it read-only in effect (counts, no
    sending, no new applications) with `key_problem` saying why; a damaged file is set aside first."""
    data = cfg.data_dir
    path = data / "outbox.sqlite3"
    max_bytes = int(cfg.get("kiosk", "outbox_max_mb")) * 1024 ** 2
    try:
        key = load_or_create_key(data / "keys" / "outbox.key", path)
    except KeyProblem as exc:
        return Outbox(path, None, max_bytes=max_bytes, key_problem=str(exc))
    return Outbox(path, key, max_bytes=max_bytes)


def hall_client(cfg: Config) -> HallClient:
    return HallClient(cfg.get("kiosk", "backend_url"), token=cfg.token(), ca_file=cfg.get("kiosk", "ca_file") or None)


def sender(cfg: Config, outbox: Outbox | None = None) -> Sender:
    return Sender(outbox or open_outbox(cfg), hall_client(cfg))
