"""The hall server's HTTP API (FastAPI). Its OpenAPI document, committed as backend/openapi.json, is the
contract kiosks are built against; tests check the server against it with schemathesis."""

from typing import Annotated

from fastapi import Depends, FastAPI, Header, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from pydantic import Field

from content import ContentInvalid, load_documents, read_bundle
from content import signature as signature_header

from . import (accounts, applications, catalogue_api, catalogue_versions, kiosks, limits, matters, progress, queue,
               service, staff_api, waits)
from .accounts import Principal
from .authz import require_role
from .console import mount as mount_console
from .console import status as citizen
from .hall import Hall
from .models import (CAPPED_ERRORS, LOOKUP_ERRORS, AppOut, ApplicationIn, CatalogueOut, FinalizeIn,
                     HeartbeatIn, Key, KioskIn, PublicStatusOut, StatusIn, StatusOut, TicketIn, TicketOut)
from .offloop import OffLoopJSONRoute

API_VERSION = "1.1.1"     # 1.1: staff accounts, the window queue, the desk (issue 11); 1.1.1: one Error
#                           schema for every route, DeskOut.matters typed as MatterStatus, WaitOut extends
#                           WaitInfo (the same data; backend/models.py)


def _methods_for(app: FastAPI, scope) -> list[str]:
    from starlette.routing import Match

    methods: set[str] = set()
    for route in app.router.routes:
        match, _child = route.matches(scope)
        if match != Match.NONE and getattr(route, "methods", None):
            methods |= route.methods
    return sorted(methods)


def create_app(hall: Hall) -> FastAPI:
    app = FastAPI(title="Meixian hall server", version=API_VERSION,
                  description="Applications, parallel dispatch, statuses, queue tickets and catalogue "
                              "publishing for the 一件事 kiosks. Kiosks send `Authorization: Bearer "
                              "<kiosk-id>:<secret>`. Staff send `Authorization: Bearer <token>` from "
                              "`POST /v1/auth/login` (or an API token from `kiosk-hall token-add`); the roles "
                              "clerk, reviewer, editor and supervisor are checked route by route. The hall's "
                              "HALL_STAFF_TOKEN is for automation on /v1/staff routes only.")
    app.router.route_class = OffLoopJSONRoute      # JSON bodies parsed on a worker thread (backend/offloop.py)

    console = mount_console(app, hall)     # the staff pages at /console/ (backend/console/)

    @app.exception_handler(service.Refused)
    def _refused(_req, exc: service.Refused):
        return JSONResponse({"error": str(exc), "details": exc.details}, status_code=exc.status)

    @app.exception_handler(StarletteHTTPException)
    def _http(req, exc: StarletteHTTPException):
        headers = getattr(exc, "headers", None)
        if exc.status_code == 405:
            # Starlette names only the first route that matched the path; a path served by several
            # routes (GET and POST /v1/staff/kiosks) must list all of its methods.
            headers = {**(headers or {}), "Allow": ", ".join(_methods_for(app, req.scope))}
        return JSONResponse({"error": str(exc.detail), "details": []}, status_code=exc.status_code, headers=headers)

    @app.exception_handler(RequestValidationError)
    def _invalid(_req, exc: RequestValidationError):
        details = [{"loc": [str(p) for p in e.get("loc", ())], "msg": e.get("msg", "")} for e in exc.errors()]
        return JSONResponse({"error": "invalid request", "details": details}, status_code=422)

    def kiosk(authorization: Annotated[str | None, Header()] = None) -> str:
        if not authorization or not authorization.startswith("Bearer ") or ":" not in authorization[7:]:
            raise service.Refused(401, "kiosk credential required")
        kiosk_id = kiosks.kiosk_for(hall.engine, authorization[7:])
        if kiosk_id is None:
            raise service.Refused(401, "unknown kiosk or wrong credential")
        return kiosk_id

    def user_ok(credential: str) -> bool:
        """A staff user's session or API token that is still good (accounts.check_token's rules)."""
        try:
            with hall.engine.connect() as conn:
                accounts.check_token(conn, credential)
        except service.Refused:
            return False
        return True

    # Credential and body size before any route reads a byte; lookups rate limited (backend/limits.py).
    limits.install(app, page_cap=service.MAX_PAGE_BYTES, verify=lambda cred: bool(
        hall.is_staff_token(cred) or kiosks.kiosk_for(hall.engine, cred) or user_ok(cred)))

    Kiosk = Annotated[str, Depends(kiosk)]
    Staff = Annotated[Principal, Depends(staff_api.principal_dependency(hall))]
    app.include_router(staff_api.build(hall))
    waits.register(app, hall)              # GET /v1/queue/wait/{letter} (issue 13)
    # The catalogue editor (backend/catalogue_api.py): the staff token or any staff user for now; the
    # editor pages add the role check (editor, reviewer of the department) on top.
    app.include_router(catalogue_api.router(hall, staff_api.principal_dependency(hall)))

    @app.get("/v1/health", response_model=dict)
    def health():
        hall.refresh()
        return {"status": "ok", "api": API_VERSION, "catalogue_version": hall.catalogue.version}

    @app.get("/v1/catalogue", response_model=CatalogueOut, responses=CAPPED_ERRORS)
    def catalogue(_k: Kiosk):
        hall.refresh()
        return {"version": hall.catalogue.version, "digest": hall.catalogue.digest}

    @app.get("/v1/catalogue/bundle", responses={**CAPPED_ERRORS, 304: {"description": "Not modified"}, 200: {
        "content": {"application/json": {}}, "headers": {
            "X-Catalogue-Release": {"description": "The release number (signed; kiosks refuse older ones)",
                                    "schema": {"type": "integer"}},
            "X-Catalogue-Signature": {"description": "Base64 Ed25519 signature over the release number and the "
                                                     "bundle bytes (content/signature.py); absent: unsigned",
                                      "schema": {"type": "string"}},
            "X-Catalogue-Key": {"description": "The signing public key, base64", "schema": {"type": "string"}}}}})
    def catalogue_bundle(_k: Kiosk, if_none_match: Annotated[str | None, Header()] = None):
        hall.refresh()
        # The release number is part of the ETag: a rollback to content a kiosk still holds is a new release.
        etag = f'"{hall.catalogue.digest}-{hall.release}"'
        if if_none_match == etag:
            return Response(status_code=304, headers={"ETag": etag})
        with hall.engine.connect() as conn:
            row = catalogue_versions.get(conn, hall.release)
        signature, key = catalogue_versions.signature_for(hall, row)
        headers = {"ETag": etag, signature_header.RELEASE_HEADER: str(row.number)}
        if signature:
            headers.update({signature_header.SIGNATURE_HEADER: signature, signature_header.KEY_HEADER: key})
        return Response(row.bundle, media_type="application/json", headers=headers)

    @app.put("/v1/staff/catalogue", response_model=CatalogueOut, responses=CAPPED_ERRORS)
    async def publish(s: Staff, request: Request):
        import anyio

        require_role(s, "editor", "automation")
        bundle = await request.body()
        try:    # checking a catalogue takes a while: off the event loop, so other requests go on
            cat = await anyio.to_thread.run_sync(lambda: load_documents(read_bundle(bundle)))
        except ContentInvalid as exc:
            raise service.Refused(422, "catalogue refused", [str(e) for e in exc.errors]) from None
        await anyio.to_thread.run_sync(lambda: hall.publish(bundle, cat, by="staff (bundle)"))
        return {"version": cat.version, "digest": cat.digest}

    @app.post("/v1/applications", response_model=AppOut, status_code=201,
              responses={**CAPPED_ERRORS, 200: {"model": AppOut}})
    def create(body: ApplicationIn, k: Kiosk, response: Response, idempotency_key: Annotated[Key, Header()]):
        with hall.tx() as conn:
            out, created = applications.create_application(conn, hall.catalogue, k, idempotency_key,
                                                      body.model_dump(exclude_none=True))
        if not created:
            response.status_code = 200
        return out

    @app.put("/v1/applications/{app_id}/pages/{page_id}", status_code=201,
             responses={**CAPPED_ERRORS, 200: {"description": "Already stored"}, 201: {"description": "Stored"}},
             openapi_extra={"requestBody": {"required": True, "content": {"image/jpeg": {"schema": {
                 "type": "string", "format": "binary"}}}}})
    async def page(app_id: str, page_id: str, k: Kiosk, request: Request,
                   x_content_sha256: Annotated[str, Header(pattern=r"^[0-9a-fA-F]{64}$")]):
        import anyio

        data = await request.body()     # at most the page cap: backend/limits.py refused anything larger

        def store():                    # hashing and the database write off the event loop
            with hall.tx() as conn:
                return applications.put_page(conn, k, app_id, page_id, x_content_sha256, data)
        created = await anyio.to_thread.run_sync(store)
        return Response(status_code=201 if created else 200)

    @app.post("/v1/applications/{app_id}/finalize", response_model=StatusOut, responses=CAPPED_ERRORS)
    def finalize(app_id: str, body: FinalizeIn, k: Kiosk):
        with hall.tx() as conn:
            return applications.finalize(conn, hall.catalogue, hall.calendar, k, app_id, body.ticket)

    @app.get("/v1/applications/{app_id}", response_model=StatusOut, responses=CAPPED_ERRORS)
    def own_status(app_id: str, k: Kiosk):
        with hall.engine.connect() as conn:
            row = applications.get_own(conn, k, app_id)
            return progress.status_view(conn, row)

    @app.get("/v1/status/{receipt}", response_model=PublicStatusOut, responses=LOOKUP_ERRORS)
    def public_status(receipt: str, code: Annotated[str, Field(max_length=32)]):
        with hall.engine.connect() as conn:
            return progress.lookup(conn, receipt, code)

    @app.get("/s/{receipt}", include_in_schema=False)
    def status_page(request: Request, receipt: str, code: str = ""):
        """The page a phone opens from the receipt QR: progress department by department, no personal data."""
        try:
            with hall.engine.connect() as conn:
                view = progress.lookup(conn, receipt, code)
                masked = citizen.masked_applicant(conn, view["receipt"])
        except service.Refused:
            return citizen.not_found(console, request)
        return citizen.render(console, request, view, masked)

    @app.post("/v1/tickets", response_model=TicketOut, status_code=201, responses=CAPPED_ERRORS)
    def ticket(body: TicketIn, k: Kiosk):
        with hall.tx() as conn:
            return queue.issue_ticket(conn, hall.catalogue, body.theme, k)

    @app.post("/v1/kiosks/self/heartbeat", response_model=CatalogueOut, responses=CAPPED_ERRORS)
    def heartbeat(body: HeartbeatIn, k: Kiosk):
        with hall.tx() as conn:
            kiosks.heartbeat(conn, k, body.health, body.outbox_depth, body.catalogue_version)
        return {"version": hall.catalogue.version, "digest": hall.catalogue.digest}

    @app.post("/v1/staff/kiosks", status_code=201, response_model=dict, responses=CAPPED_ERRORS)
    def add_kiosk(body: KioskIn, s: Staff):
        require_role(s, "automation")
        return {"id": body.id, "token": kiosks.register_kiosk(hall, body.id, rotate=body.rotate)}

    @app.get("/v1/staff/kiosks", response_model=list[dict], responses=CAPPED_ERRORS)
    def staff_kiosks(s: Staff):
        require_role(s, "automation")
        with hall.engine.connect() as conn:
            return kiosks.list_kiosks(conn)

    @app.get("/v1/staff/applications", response_model=list[dict], responses=CAPPED_ERRORS)
    def staff_list(s: Staff):
        require_role(s, "automation")
        with hall.engine.connect() as conn:
            return progress.list_applications(conn)

    @app.post("/v1/staff/applications/{receipt}/matters/{matter_id}/status", response_model=StatusOut,
              responses=CAPPED_ERRORS)
    def staff_move(receipt: str, matter_id: str, body: StatusIn, s: Staff):
        with hall.tx() as conn:
            return matters.move_status(conn, receipt, matter_id, body.status, s.username, body.note, principal=s)

    return app
