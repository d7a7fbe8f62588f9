"""Building the outbox, the hall client and the sender from configuration, in one place."""
from __future__ import annotations

from .config import Config
from .hall_client import HallClient
from .outbox import Outbox, load_or_create_key
from .sender import Sender


def open_outbox(cfg: Config) -> Outbox:
    data = cfg.data_dir
    key = load_or_create_key(data / "keys" / "outbox.key")
    return Outbox(data / "outbox.sqlite3", key, max_bytes=int(cfg.get("kiosk", "outbox_max_mb")) * 1024 ** 2)


def hall_client(cfg: Config) -> HallClient:
    return HallClient(cfg.get("kiosk", "backend_url"), token=cfg.token(), ca_file=cfg.get("kiosk", "ca_file") or None)


def sender(cfg: Config, outbox: Outbox | None = None) -> Sender:
    return Sender(outbox or open_outbox(cfg), hall_client(cfg))
