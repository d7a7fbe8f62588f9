"""A real hall server on 127.0.0.1 for the module, and kiosk environments pointing at it."""
from __future__ import annotations

import pytest

from support import HallServer


@pytest.fixture(scope="module")
def hall(tmp_path_factory):
    server = HallServer(tmp_path_factory.mktemp("hall") / "hall.sqlite3")
    token = server.add_kiosk("kiosk-a")
    server.start()
    server.token = token
    yield server
    server.stop()
