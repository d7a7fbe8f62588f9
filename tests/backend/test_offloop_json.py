"""JSON bodies are parsed on a worker thread, never on the event loop, and a body the parser cannot take
(malformed, or nested deeper than it goes) is a 422, not a 500. The real app under a real uvicorn server on
127.0.0.1, in this process so that a spy on json.loads can tell whether the parse ran where an event loop
runs: a spy, because no outside observer can tell which thread of the server parsed a body."""
from __future__ import annotations

import asyncio
import json
import threading
import time

import pytest
import requests
import uvicorn

import backend.offloop as offloop
from backend.api import create_app
from backend.hall import Hall
from support import free_port


@pytest.fixture(scope="module")
def url(tmp_path_factory):
    hall = Hall(f"sqlite:///{tmp_path_factory.mktemp('offloop') / 'hall.sqlite3'}")
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(hall), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 120
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "the hall server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=60)


def _on_event_loop() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


def test_a_login_body_is_parsed_off_the_event_loop(url, monkeypatch):
    parsed_on_loop = []
    real = json.loads

    def spy(text):
        parsed_on_loop.append(_on_event_loop())
        return real(text)
    monkeypatch.setattr(offloop.json, "loads", spy)
    r = requests.post(url + "/v1/auth/login", json={"username": "nobody", "password": "wrong-password"}, timeout=60)
    assert r.status_code == 401, r.text                  # the route ran on what the worker parsed
    assert parsed_on_loop == [False]


@pytest.mark.parametrize("body", [b'{"username": "a", "password": ', b"[" * 100_000 + b"]" * 100_000],
                         ids=["cut-off", "nested-100000-deep"])
def test_a_body_the_parser_cannot_take_is_a_422_not_a_500(url, body):
    r = requests.post(url + "/v1/auth/login", data=body, headers={"Content-Type": "application/json"}, timeout=60)
    assert r.status_code == 422 and r.json()["details"][0]["loc"] == ["body"], r.text
