"""The hall's web console at /console/ (server-rendered Jinja2 pages over the same service layer as the JSON
API) and the citizen's status page at /s/{receipt}. `mount(app, hall)` adds both to the hall server."""
from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.staticfiles import StaticFiles

from .web import HERE, Console, ConsoleError


def mount(app: FastAPI, hall) -> Console:
    from . import confirm, dashboard, desk, editor, login, releases, reviewer, status, window

    console = Console(hall)
    app.mount("/console/static", StaticFiles(directory=HERE / "static"), name="console-static")
    for module in (login, window, desk, reviewer, dashboard, status, editor, releases, confirm):
        app.include_router(module.routes(console), include_in_schema=False)

    @app.exception_handler(ConsoleError)
    def _console_error(request: Request, exc: ConsoleError):
        return console.error_page(request, exc)

    return console
