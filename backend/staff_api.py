"""The staff half of the JSON API: login, the window queue, the desk, the reviewers' queue, the audit trail.
Thin routes over accounts / queue / desk, which check roles; the console pages call the same functions."""

from typing import Annotated

from fastapi import APIRouter, Depends, Header, Query, Request, Response
from pydantic import Field

from . import accounts, desk, queue
from .accounts import Principal
from .models import (ERRORS, CallOut, DeskOut, Error, HandoverIn, Letter, LoginIn, LoginOut, PublicCall, QueueOut,
                     Receipt, ReturnIn, UserOut)
from .offloop import OffLoopJSONRoute
from .service import MAX_PAGE_BYTES, Refused


def principal_dependency(hall):
    """The bearer token's user (401 without one); the hall's HALL_STAFF_TOKEN is the automation principal."""

    def staff(authorization: Annotated[str | None, Header()] = None) -> Principal:
        if not authorization or not authorization.startswith("Bearer ") or len(authorization) > 512:
            raise Refused(401, "staff credential required (Authorization: Bearer <token>)")
        token = authorization[7:]
        if hall.is_staff_token(token):
            return accounts.AUTOMATION
        with hall.engine.connect() as conn:
            p, stale = accounts.check_token(conn, token)
        if stale:       # idle logout counts from the last use; written at most once a minute
            with hall.tx() as conn:
                accounts.touch(conn, token)
        return p

    return staff


def build(hall) -> APIRouter:
    r = APIRouter(route_class=OffLoopJSONRoute)
    Staff = Annotated[Principal, Depends(principal_dependency(hall))]

    def human(p: Principal) -> Principal:
        if p.role == "automation":
            raise Refused(403, "the automation token does not work the desk: log in as a staff user")
        return p

    @r.post("/v1/auth/login", response_model=LoginOut,
            responses={**ERRORS, 423: {"model": Error}, 429: {"model": Error}})
    def login(body: LoginIn, request: Request):
        with hall.tx() as conn:
            return accounts.login(conn, body.username, body.password,
                                  request.client.host if request.client else None)

    @r.post("/v1/auth/logout", status_code=204, responses=ERRORS)
    def logout(_p: Staff, authorization: Annotated[str, Header()]):
        with hall.tx() as conn:
            accounts.logout(conn, authorization[7:])
        return Response(status_code=204)

    @r.get("/v1/auth/me", response_model=dict, responses=ERRORS)
    def me(p: Staff):
        return p.as_dict()

    @r.get("/v1/queue/now-serving", response_model=list[PublicCall])
    def now_serving():
        """Public, for the lobby: the latest call at each window today. Ticket numbers only."""
        with hall.engine.connect() as conn:
            return queue.now_serving(conn, hall.catalogue)

    @r.get("/v1/queue/calls", response_model=list[PublicCall])
    def calls(after: Annotated[int, Query(ge=0, le=2**53)] = 0, limit: Annotated[int, Query(ge=1, le=50)] = 10):
        """Public: today's calls and recalls newer than `after`, newest first."""
        with hall.engine.connect() as conn:
            return queue.recent_calls(conn, hall.catalogue, after, limit)

    @r.post("/v1/windows/{letter}/call-next", response_model=CallOut, responses=ERRORS)
    def call_next(letter: Letter, p: Staff):
        with hall.tx() as conn:
            return queue.call_next(conn, hall.catalogue, letter, human(p))

    @r.post("/v1/windows/{letter}/recall", response_model=CallOut, responses=ERRORS)
    def recall(letter: Letter, p: Staff):
        with hall.tx() as conn:
            return queue.recall(conn, hall.catalogue, letter, human(p))

    @r.post("/v1/windows/{letter}/skip", response_model=CallOut, responses=ERRORS)
    def skip(letter: Letter, p: Staff):
        with hall.tx() as conn:
            return queue.skip(conn, hall.catalogue, letter, human(p))

    @r.get("/v1/windows/{letter}/queue", response_model=QueueOut, responses=ERRORS)
    def window_queue(letter: Letter, p: Staff):
        with hall.engine.connect() as conn:
            return queue.window_queue(conn, hall.catalogue, letter, human(p))

    @r.get("/v1/desk/applications", response_model=list[dict], responses=ERRORS)
    def desk_list(p: Staff, status: Annotated[str | None, Query(max_length=24)] = None,
                  limit: Annotated[int, Query(ge=1, le=500)] = 100):
        with hall.engine.connect() as conn:
            return desk.desk_list(conn, hall.catalogue, human(p), status, limit)

    @r.get("/v1/desk/applications/{receipt}", response_model=DeskOut, responses=ERRORS)
    def desk_view(receipt: Receipt, p: Staff):
        with hall.engine.connect() as conn:
            return desk.view(conn, hall.catalogue, receipt, human(p))

    @r.get("/v1/desk/applications/{receipt}/pages/{page_id}", responses={
        **ERRORS, 200: {"content": {"image/jpeg": {"schema": {"type": "string", "format": "binary"}}}}})
    def desk_page(receipt: Receipt, page_id: Annotated[str, Field(max_length=64)], p: Staff):
        with hall.engine.connect() as conn:
            data = desk.page(conn, hall.catalogue, receipt, page_id, human(p))
        kind = "image/png" if data[:4] == b"\x89PNG" else "image/jpeg"
        return Response(data, media_type=kind, headers={"Cache-Control": "private, no-store"})

    @r.post("/v1/desk/applications/{receipt}/originals", response_model=DeskOut, responses=ERRORS)
    def originals(receipt: Receipt, p: Staff):
        with hall.tx() as conn:
            return desk.sight_originals(conn, hall.catalogue, receipt, human(p))

    @r.post("/v1/desk/applications/{receipt}/accept", response_model=DeskOut, responses=ERRORS)
    def accept(receipt: Receipt, p: Staff):
        with hall.tx() as conn:
            return desk.accept(conn, hall.catalogue, hall.calendar, receipt, human(p))

    @r.post("/v1/desk/applications/{receipt}/return", response_model=DeskOut, responses=ERRORS)
    def return_(receipt: Receipt, body: ReturnIn, p: Staff):
        with hall.tx() as conn:
            return desk.return_for_correction(conn, hall.catalogue, receipt, body.reasons, human(p))

    @r.put("/v1/desk/applications/{receipt}/owed/{material}", response_model=DeskOut,
           responses={**ERRORS, 413: {"model": Error}, 415: {"model": Error}},
           openapi_extra={"requestBody": {"required": True, "content": {"image/jpeg": {"schema": {
               "type": "string", "format": "binary"}}}}})
    async def owed(receipt: Receipt, material: Annotated[str, Field(max_length=96)], p: Staff, request: Request):
        data = b""
        async for chunk in request.stream():
            data += chunk
            if len(data) > MAX_PAGE_BYTES:
                raise Refused(413, f"page larger than {MAX_PAGE_BYTES} bytes")
        with hall.tx() as conn:
            return desk.owed_received(conn, hall.catalogue, receipt, material, data, human(p))

    @r.post("/v1/desk/applications/{receipt}/handover", response_model=DeskOut, responses=ERRORS)
    def handover(receipt: Receipt, body: HandoverIn, p: Staff):
        with hall.tx() as conn:
            return desk.handover(conn, hall.catalogue, receipt, body.how, human(p))

    @r.get("/v1/review/matters", response_model=list[dict], responses=ERRORS)
    def review(p: Staff, department: Annotated[str | None, Query(max_length=64)] = None,
               limit: Annotated[int, Query(ge=1, le=500)] = 200):
        with hall.engine.connect() as conn:
            return desk.reviewer_matters(conn, hall.catalogue, hall.calendar, human(p), department, limit)

    @r.get("/v1/audit", response_model=list[dict], responses=ERRORS)
    def audit(p: Staff, receipt: Annotated[str | None, Query(max_length=32)] = None,
              user: Annotated[str | None, Query(max_length=64)] = None,
              limit: Annotated[int, Query(ge=1, le=1000)] = 200):
        from .authz import require_role

        require_role(human(p), "supervisor")
        with hall.engine.connect() as conn:
            return accounts.audit_trail(conn, receipt, user, limit)

    @r.get("/v1/reports/today", response_model=dict, responses=ERRORS)
    def report_today(p: Staff):
        """The supervisor's dashboard as JSON: tickets and waits per window, applications per theme, overdue
        matters, kiosks with their last heartbeat and faults, silent kiosks as alerts (backend/reports.py)."""
        from . import reports

        with hall.engine.connect() as conn:
            return reports.today(conn, hall.catalogue, hall.calendar, human(p), reports.heartbeat_seconds())

    @r.get("/v1/users", response_model=list[UserOut], responses=ERRORS)
    def users(p: Staff):
        from .authz import require_role

        require_role(human(p), "supervisor")
        with hall.engine.connect() as conn:
            return accounts.list_users(conn)

    return r
