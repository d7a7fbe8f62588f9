"""JSON request bodies parsed on a worker thread, not on the event loop.

FastAPI parses a JSON body with `await request.json()` on the event loop before the route runs: while one
large body is parsed, every other request (the lobby's now-serving poll, /v1/health) waits. The body limits
(backend/limits.py) cap what can arrive; this route class moves the parse itself to a worker thread and
leaves the result where FastAPI looks for it (`Request._json`), so validation and the route are unchanged.
"""
from __future__ import annotations

import json

import anyio
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from starlette.requests import Request


def _is_json(request: Request) -> bool:
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    return media == "application/json" or media.endswith("+json")


class OffLoopJSONRoute(APIRoute):
    def get_route_handler(self):
        handler = super().get_route_handler()

        async def parse_then_handle(request: Request):
            if _is_json(request):
                body = await request.body()
                if body:
                    try:
                        request._json = await anyio.to_thread.run_sync(json.loads, body)
                    except (ValueError, RecursionError):   # malformed, or nested deeper than the parser goes
                        return JSONResponse({"error": "invalid request",
                                             "details": [{"loc": ["body"], "msg": "the body is not valid JSON"}]},
                                            status_code=422)
            return await handler(request)

        return parse_then_handle
