"""The catalogue editor's API: draft, checks, diff, preview, publish, history, rollback, department review.

One service layer (catalogue_draft, catalogue_versions, catalogue_review) under this API, the command line
(backend/cli/catalogue.py) and the console's pages. Who may do what (backend/authz.py): an editor or supervisor
edits, publishes and rolls back; a reviewer reads and answers only their own department's review sheet; the
hall's automation token (HALL_STAFF_TOKEN, `kiosk-hall publish --url`) does what an editor does. The person
acting is the signed-in user; only the automation token may name one in the request (`by`), as the CLI does.
"""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path
from fastapi.responses import HTMLResponse

from content import load_documents
from content.diff import changes, summary
from content.preview import notices, theme_html
from content.texts import parse_texts

from . import catalogue_draft, catalogue_review, catalogue_versions, service
from .accounts import Principal
from .authz import require_role
from .models import CAPPED_ERRORS, ByIn, CommentIn, EditsIn, SourcesIn
from .offloop import OffLoopJSONRoute

Number = Annotated[int, Path(ge=1, le=2**31 - 1, description="A release number")]

def _draft_catalogue(hall):
    texts, _ = catalogue_draft.load(hall)
    errors = catalogue_draft.check(texts)
    if errors:
        raise service.Refused(422, f"the draft has {len(errors)} error(s)",
                              [f"{e['file']}: {e['path']}: {e['message']}" for e in errors])
    return load_documents(parse_texts(texts))


def _released(hall, number: int, by: str, action: str) -> dict:
    return {"release": number, "version": hall.catalogue.version, "digest": hall.catalogue.digest,
            "action": action, "by": by}


EDITORS = ("editor", "automation")          # and supervisor (require_role lets a supervisor do everything)


def actor(p: Principal, by: str | None) -> str:
    """Who is recorded: the signed-in user; the automation token's caller as it names itself."""
    if p.role == "automation":
        return by or "automation"
    return p.username


def require_department(p: Principal, department: str, answer: bool = False) -> None:
    """A department's review sheet: read by its own reviewers, editors, the supervisor, automation; answered
    (confirm, comment) by its own reviewers, the supervisor and automation only: editors do not confirm
    their own edits."""
    require_role(p, "reviewer", "automation") if answer else require_role(p, "reviewer", *EDITORS)
    if p.role == "reviewer" and p.department != department:
        raise service.Refused(403, f"the review sheet of {department} is not yours "
                                   f"(you review for {p.department})")


def router(hall, staff) -> APIRouter:
    """The routes, guarded by the app's `staff` dependency."""
    def live():      # a release published meanwhile by `kiosk-hall … --db` or another server process
        hall.refresh()

    # (Depends as defaults, not Annotated aliases: this module's annotations are strings that FastAPI
    # resolves in the module's globals, where a local alias is not.)
    def editor(p: Principal = Depends(staff)) -> Principal:
        return require_role(p, *EDITORS)

    r = APIRouter(route_class=OffLoopJSONRoute, prefix="/v1/staff/catalogue", dependencies=[Depends(staff), Depends(live)],
                  tags=["catalogue editor"],
                  responses=CAPPED_ERRORS)

    @r.get("/draft", response_model=dict)
    def draft(p: Principal = Depends(editor)):
        """The draft: its base release, every error (file, path, message), the home order, the changes."""
        return catalogue_draft.view(hall)

    @r.post("/draft/edits", response_model=dict)
    def edit(body: EditsIn, p: Principal = Depends(editor)):
        """Apply operations and save; the same checks as `kiosk content check`, each error with its field path."""
        return catalogue_draft.edit(hall, body.ops, actor(p, body.by))

    @r.put("/draft", response_model=dict)
    def import_draft(body: SourcesIn, p: Principal = Depends(editor)):
        """Replace the draft with a folder's files (`kiosk-hall catalogue import`); its errors."""
        errors = catalogue_draft.replace(hall, dict(body.sources), actor(p, body.by))
        return {"ok": not errors, "errors": errors}

    @r.get("/draft/sources", response_model=dict)
    def draft_sources(p: Principal = Depends(editor)):
        texts, base = catalogue_draft.load(hall)
        return {"base": base, "sources": texts}

    @r.get("/diff", response_model=dict)
    def diff(p: Principal = Depends(editor)):
        """What changes for citizens if the draft is published now."""
        d = changes(hall.catalogue, _draft_catalogue(hall))
        return {**d, "summary": summary(d)}

    @r.post("/draft/publish", response_model=dict)
    def publish(body: ByIn, p: Principal = Depends(editor)):
        """Publish the draft as the next release (refused, 422 with every error, if it fails a check)."""
        by = actor(p, body.by)
        return _released(hall, catalogue_draft.publish(hall, by), by, "publish")

    @r.post("/releases", response_model=dict)
    def publish_sources(body: SourcesIn, p: Principal = Depends(editor)):
        """Publish a folder's files directly as the next release (`kiosk-hall publish --dir D --url U`)."""
        by = actor(p, body.by)
        texts = dict(body.sources)
        errors = catalogue_draft.check(texts)
        if errors:
            raise service.Refused(422, "catalogue refused", [f"{e['file']}: {e['path']}: {e['message']}"
                                                              for e in errors])
        docs = parse_texts(texts)
        number = hall.publish(docs.to_bundle(), load_documents(docs), sources=texts, by=by)
        catalogue_draft.follow_release(hall, number, by)
        return _released(hall, number, by, "publish")

    @r.get("/releases", response_model=list[dict])
    def releases(p: Principal = Depends(editor)):
        """History: every release with who, when, what changed for citizens, and its signing key."""
        with hall.engine.connect() as conn:
            return catalogue_versions.history(conn)

    @r.get("/releases/{number}/sources", response_model=dict)
    def release_sources(number: Number, p: Principal = Depends(editor)):
        import json

        with hall.engine.connect() as conn:
            row = catalogue_versions.get(conn, number)
        if row.sources is None:
            raise service.Refused(409, f"release {number} was published as a bundle, without its TOML files")
        return {"release": number, "sources": json.loads(row.sources)}

    @r.post("/releases/{number}/rollback", response_model=dict)
    def rollback(number: Number, body: ByIn, p: Principal = Depends(editor)):
        """Republish release `number`'s content as a new release, in one action."""
        by = actor(p, body.by)
        new = catalogue_versions.rollback(hall, number, by)
        catalogue_draft.follow_release(hall, new, by)
        return {**_released(hall, new, by, "rollback"), "rollback_of": number}

    @r.get("/preview/{theme}", response_model=None)
    def preview(theme: str, source: str = "draft", format: str = "json", p: Principal = Depends(editor)):
        """The merged notice per situation, from the draft (or `source=live`), as JSON or HTML."""
        cat = hall.catalogue if source == "live" else _draft_catalogue(hall)
        try:
            t = cat.theme(theme)
        except (KeyError, ValueError):
            raise service.Refused(404, f"no theme {theme!r}") from None
        if format == "html":
            return HTMLResponse(theme_html(cat, t))
        return {"theme": t.id, "version": cat.version, "situations": notices(cat, t)}

    @r.get("/review", response_model=dict)
    def review_status(p: Principal = Depends(editor)):
        """Confirmed and pending matters per department and per theme, and comments for editors."""
        return catalogue_review.status(hall)

    @r.get("/review/{department}", response_model=None)
    def review_sheet(department: str, format: str = "json", p: Principal = Depends(staff)):
        """The department's review sheet; `format=html` prints on A4."""
        require_department(p, department)
        data = catalogue_review.sheet(hall, department)
        return HTMLResponse(catalogue_review.sheet_html(data)) if format == "html" else data

    @r.post("/review/{department}/matters/{matter}/confirm", response_model=dict)
    def confirm(department: str, matter: str, body: ByIn, p: Principal = Depends(staff)):
        """A reviewer of the department (or the supervisor, or automation) confirms a matter."""
        require_department(p, department, answer=True)
        return catalogue_review.confirm(hall, matter, department, actor(p, body.by))

    @r.post("/review/{department}/matters/{matter}/comments", response_model=dict, status_code=201)
    def comment(department: str, matter: str, body: CommentIn, p: Principal = Depends(staff)):
        require_department(p, department, answer=True)
        return catalogue_review.comment(hall, matter, department, actor(p, body.by), body.text)

    return r
