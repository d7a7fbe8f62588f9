"""The catalogue editor's API: draft, checks, diff, preview, publish, history, rollback, department review.

One service layer (catalogue_draft, catalogue_versions, catalogue_review) under this API, the command line
(backend/catalogue_cli.py) and the console's pages. Every route takes the staff token; the person acting is
named in the request (`by`) until per-user accounts replace it.
"""
from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, ConfigDict, Field

from content import load_documents
from content.diff import changes, summary
from content.preview import notices, theme_html
from content.texts import parse_texts

from . import catalogue_draft, catalogue_review, catalogue_versions, service
from .offloop import OffLoopJSONRoute

Number = Annotated[int, Path(ge=1, le=2**31 - 1, description="A release number")]
Actor = Annotated[str, Field(min_length=1, max_length=64, description="Who acts (recorded in history and reviews)")]


class ErrorOut(BaseModel):
    error: str
    details: list = Field(default_factory=list)


ERRORS = {code: {"model": ErrorOut} for code in (400, 401, 403, 404, 409, 422)}


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class EditsIn(_In):
    by: Actor
    ops: list[dict[str, Any]] = Field(min_length=1, max_length=500,
                                      description="Operations: reorder, enable, category, set, put, remove "
                                                  "(backend/catalogue_draft.py apply)")


class ByIn(_In):
    by: Actor


class SourcesIn(_In):
    by: Actor
    sources: dict[Annotated[str, Field(max_length=200)], Annotated[str, Field(max_length=1_000_000)]]


class CommentIn(_In):
    by: Actor
    text: Annotated[str, Field(min_length=1, max_length=2000)]


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


def router(hall, staff) -> APIRouter:
    """The routes, guarded by the app's `staff` dependency."""
    def live():      # a release published meanwhile by `kiosk-hall … --db` or another server process
        hall.refresh()

    r = APIRouter(route_class=OffLoopJSONRoute, prefix="/v1/staff/catalogue", dependencies=[Depends(staff), Depends(live)],
                  tags=["catalogue editor"],
                  responses=ERRORS)

    @r.get("/draft", response_model=dict)
    def draft():
        """The draft: its base release, every error (file, path, message), the home order, the changes."""
        return catalogue_draft.view(hall)

    @r.post("/draft/edits", response_model=dict)
    def edit(body: EditsIn):
        """Apply operations and save; the same checks as `kiosk content check`, each error with its field path."""
        return catalogue_draft.edit(hall, body.ops, body.by)

    @r.put("/draft", response_model=dict)
    def import_draft(body: SourcesIn):
        """Replace the draft with a folder's files (`kiosk-hall catalogue import`); its errors."""
        errors = catalogue_draft.replace(hall, dict(body.sources), body.by)
        return {"ok": not errors, "errors": errors}

    @r.get("/draft/sources", response_model=dict)
    def draft_sources():
        texts, base = catalogue_draft.load(hall)
        return {"base": base, "sources": texts}

    @r.get("/diff", response_model=dict)
    def diff():
        """What changes for citizens if the draft is published now."""
        d = changes(hall.catalogue, _draft_catalogue(hall))
        return {**d, "summary": summary(d)}

    @r.post("/draft/publish", response_model=dict)
    def publish(body: ByIn):
        """Publish the draft as the next release (refused, 422 with every error, if it fails a check)."""
        return _released(hall, catalogue_draft.publish(hall, body.by), body.by, "publish")

    @r.post("/releases", response_model=dict)
    def publish_sources(body: SourcesIn):
        """Publish a folder's files directly as the next release (`kiosk-hall publish --dir D --url U`)."""
        texts = dict(body.sources)
        errors = catalogue_draft.check(texts)
        if errors:
            raise service.Refused(422, "catalogue refused", [f"{e['file']}: {e['path']}: {e['message']}"
                                                              for e in errors])
        docs = parse_texts(texts)
        number = hall.publish(docs.to_bundle(), load_documents(docs), sources=texts, by=body.by)
        catalogue_draft.follow_release(hall, number, body.by)
        return _released(hall, number, body.by, "publish")

    @r.get("/releases", response_model=list[dict])
    def releases():
        """History: every release with who, when, what changed for citizens, and its signing key."""
        with hall.engine.connect() as conn:
            return catalogue_versions.history(conn)

    @r.get("/releases/{number}/sources", response_model=dict)
    def release_sources(number: Number):
        import json

        with hall.engine.connect() as conn:
            row = catalogue_versions.get(conn, number)
        if row.sources is None:
            raise service.Refused(409, f"release {number} was published as a bundle, without its TOML files")
        return {"release": number, "sources": json.loads(row.sources)}

    @r.post("/releases/{number}/rollback", response_model=dict)
    def rollback(number: Number, body: ByIn):
        """Republish release `number`'s content as a new release, in one action."""
        new = catalogue_versions.rollback(hall, number, body.by)
        catalogue_draft.follow_release(hall, new, body.by)
        return {**_released(hall, new, body.by, "rollback"), "rollback_of": number}

    @r.get("/preview/{theme}", response_model=None)
    def preview(theme: str, source: str = "draft", format: str = "json"):
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
    def review_status():
        """Confirmed and pending matters per department and per theme, and comments for editors."""
        return catalogue_review.status(hall)

    @r.get("/review/{department}", response_model=None)
    def review_sheet(department: str, format: str = "json"):
        """The department's review sheet; `format=html` prints on A4."""
        data = catalogue_review.sheet(hall, department)
        return HTMLResponse(catalogue_review.sheet_html(data)) if format == "html" else data

    @r.post("/review/{department}/matters/{matter}/confirm", response_model=dict)
    def confirm(department: str, matter: str, body: ByIn):
        return catalogue_review.confirm(hall, matter, department, body.by)

    @r.post("/review/{department}/matters/{matter}/comments", response_model=dict, status_code=201)
    def comment(department: str, matter: str, body: CommentIn):
        return catalogue_review.comment(hall, matter, department, body.by, body.text)

    return r
