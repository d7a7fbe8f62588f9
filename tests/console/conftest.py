"""The console's tests: a real `kiosk-hall serve` on 127.0.0.1 with the tour's accounts and kiosk applications
(backend/console/journeys.py prepares both), one headless Chromium for the module, and a plain HTTP client that
fills the console's forms as a browser would (for the checks that need no browser)."""
from __future__ import annotations

import pytest

from backend.console.world import World, prepare
from console_client import ConsoleClient
from support import HallServer


@pytest.fixture(scope="module")
def world(request, tmp_path_factory):
    """The hall of the module, with APPLICATIONS (module constant, default 3) kiosk applications waiting."""
    folder = tmp_path_factory.mktemp("console")
    server = HallServer(folder / "hall.sqlite3", env={"HALL_HEARTBEAT_S": "2"}).start()
    try:
        yield prepare(World(server.url, server.db, folder), getattr(request.module, "APPLICATIONS", 3))
    finally:
        server.stop()


@pytest.fixture(scope="module")
def browser():
    from backend.console.browser import Browser

    b = Browser((1366, 768))
    yield b
    b.close()


@pytest.fixture
def client(world):
    return ConsoleClient(world.url)
