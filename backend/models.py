"""The JSON shapes of the hall's API, kiosk and staff routes alike: what a request may carry and what an answer
holds. Each shape is written once; where two answers share fields, one model extends the other. The routes
(backend/api.py, backend/staff_api.py, backend/catalogue_api.py) only name them."""

from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Field

from .service import MAX_PAGE_BYTES

Key = Annotated[str, Field(min_length=8, max_length=128, pattern=r"^[A-Za-z0-9._:-]+$")]
Text = Annotated[str, Field(max_length=2000)]
Letter = Annotated[str, Field(pattern=r"^[A-Z]$")]
Receipt = Annotated[str, Field(max_length=32)]
Actor = Annotated[str | None, Field(default=None, min_length=1, max_length=64,
                                     description="Who acts, for the automation token only (a user acts as "
                                                 "themselves; the field is ignored for them)")]


class Closed(BaseModel):
    """A request body: a field the route does not know is an error, not something silently dropped."""
    model_config = ConfigDict(extra="forbid")


class Strict(Closed):
    """A request body from a kiosk or a staff form: no type coercion either ("1" is not 1, nor "true" True)."""
    model_config = ConfigDict(extra="forbid", strict=True)


class Error(BaseModel):
    error: str
    details: list = Field(default_factory=list)


#: Refusals every route may answer with (backend/service.py Refused); 413 where limits.py caps the body.
ERRORS = {code: {"model": Error} for code in (400, 401, 403, 404, 409, 422)}
CAPPED_ERRORS = {**ERRORS, 413: {"model": Error}}
LOOKUP_ERRORS = {**CAPPED_ERRORS, 429: {"model": Error, "description": "Too many lookups: wait Retry-After seconds"}}


# -- what kiosks send ---------------------------------------------------------------------------------------

class MaterialIn(Strict):
    id: Annotated[str, Field(min_length=1, max_length=96)]
    provided: bool
    pages: list[Annotated[str, Field(max_length=64)]] = Field(default_factory=list, max_length=50)


class PageIn(Strict):
    page_id: Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9._-]+$")]
    sha256: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
    size: Annotated[int, Field(ge=1, le=MAX_PAGE_BYTES)]
    material: Annotated[str, Field(max_length=96)]


class ApplicationIn(Strict):
    theme: Annotated[str, Field(min_length=1, max_length=64, description="Theme id or number")]
    catalogue_version: Annotated[str, Field(max_length=64)] | None = None
    answers: dict[Annotated[str, Field(max_length=64)], Union[Text, Annotated[list[Text], Field(max_length=50)]]] = \
        Field(default_factory=dict, max_length=100)
    form: dict[Annotated[str, Field(max_length=96)], Text] = Field(default_factory=dict, max_length=300)
    materials: list[MaterialIn] = Field(default_factory=list, max_length=100)
    pages: list[PageIn] = Field(default_factory=list, max_length=200)
    location: Annotated[str, Field(max_length=64, description=(
        "Where the kiosk stands (a catalogue location id, its [kiosk] location): the ticket is for that "
        "place's window when it takes the theme; omitted: the theme's own location"))] | None = None


class FinalizeIn(Strict):
    ticket: bool = True


class TicketIn(Strict):
    theme: Annotated[str, Field(min_length=1, max_length=64)]


class HeartbeatIn(Strict):
    # A kiosk has a handful of devices, each with a state and a reason: bounded, so a heartbeat cannot
    # store an unbounded document, and numbers fit the database's integer.
    health: dict[Annotated[str, Field(max_length=32)],
                 Annotated[dict[Annotated[str, Field(max_length=32)], Annotated[str, Field(max_length=500)]],
                           Field(max_length=8)]] = Field(default_factory=dict, max_length=16)
    outbox_depth: Annotated[int, Field(ge=0, le=2 ** 31 - 1)] = 0
    catalogue_version: Annotated[str, Field(max_length=64)] | None = None


# -- what staff send ----------------------------------------------------------------------------------------

class StatusIn(Strict):
    status: Annotated[str, Field(pattern="^(dispatched|forwarded|under_review|approved|rejected|result_ready|"
                                         "collected|posted)$")]
    note: Text | None = None


class KioskIn(Strict):
    id: Annotated[str, Field(min_length=3, max_length=64, pattern=r"^[a-z0-9-]+$")]
    rotate: bool = Field(False, description="replace the credential of a kiosk already registered")


class LoginIn(Strict):
    username: Annotated[str, Field(min_length=1, max_length=64)]
    password: Annotated[str, Field(min_length=1, max_length=256)]


class ReturnIn(Strict):
    reasons: list[Annotated[str, Field(min_length=1, max_length=500)]] = Field(min_length=1, max_length=20)


class HandoverIn(Strict):
    how: Literal["collected", "posted"]


class EditsIn(Closed):
    by: Actor
    ops: list[dict[str, Any]] = Field(min_length=1, max_length=500,
                                      description="Operations: reorder, enable, category, set, put, remove "
                                                  "(backend/catalogue_draft.py apply)")


class ByIn(Closed):
    by: Actor


class SourcesIn(Closed):
    by: Actor
    # A file up to 200 000 characters (the largest catalogue file is under 8 KB): a longer one, escaped in
    # JSON, would pass the 32 MB body limit (413) before this check could name the file (422).
    sources: dict[Annotated[str, Field(max_length=200)], Annotated[str, Field(max_length=200_000)]]


class CommentIn(Closed):
    by: Actor
    text: Annotated[str, Field(min_length=1, max_length=2000)]


# -- an application and its progress ------------------------------------------------------------------------

class ApplicationHead(BaseModel):
    """What names an application in every answer about it."""
    receipt: str | None
    status: str
    theme: str
    theme_no: int


class AppOut(ApplicationHead):
    """A draft as the hall holds it after POST /v1/applications: the pages it waits for."""
    id: str
    ticket: str | None
    created_at: str
    pages_expected: list[str]


class PublicHistory(BaseModel):
    status: str
    at: str


class PublicMatter(BaseModel):
    """One department's matter as anyone holding the receipt and its code may see it. The staff and kiosk view
    (MatterStatus) extends this one, never the other way round: a field added there is not published."""
    matter: str
    department: str
    approval_level: str
    status: str
    due_date: str | None
    due_provisional: bool
    updated_at: str
    history: list[PublicHistory]


class MatterStatus(PublicMatter):
    """A matter with its full history, staff notes included (free text written for colleagues)."""
    history: list[dict]


class PublicStatusOut(ApplicationHead):
    """What anyone holding the receipt and its code may see: progress only, no internal ids, no notes. The kiosk's
    and the desk's views extend it (ApplicationView), so what is public is what is listed here."""
    accepted_at: str | None
    due_date: str | None
    due_provisional: bool
    matters: list[PublicMatter]
    owed: list[dict]


class ApplicationView(PublicStatusOut):
    """Progress department by department with the application's id, ticket and notes (progress.status_view)."""
    id: str
    ticket: str | None
    matters: list[MatterStatus]


class WaitInfo(BaseModel):
    """A ticket's wait estimate (backend/waits.py); minutes null: no history today, say 请留意叫号."""
    ahead: int
    minutes: int | None


class WaitOut(WaitInfo):
    """What a ticket taken now at this window would be told (GET /v1/queue/wait/{letter})."""
    window: str


class StatusOut(ApplicationView):
    """The kiosk's own application; at acceptance also the lookup code printed on the receipt and the wait."""
    lookup_code: str | None = None
    wait: WaitInfo | None = Field(None, description="The ticket's wait estimate when it was issued")


class DeskOut(ApplicationView):
    """The whole application at the window (backend/desk.py view): the form and answers the citizen gave, the
    checklist, the pages and the desk's own record. Personal data: staff only, never in StatusOut."""
    window: str
    form: list[dict]
    answers: dict
    checklist: list[dict]
    pages: list[dict]
    desk: dict
    events: list[dict]


# -- tickets, the queue, the catalogue ------------------------------------------------------------------------

class TicketOut(BaseModel):
    """A new ticket; the wait is flat here (ahead, wait_minutes), as kiosks in the field read it."""
    ticket: str
    window: str
    location: str
    theme: str
    issued_at: str
    ahead: int
    wait_minutes: int | None = Field(None, description="Estimated wait (backend/waits.py); null: no history "
                                                       "today, say 请留意叫号")


class CallOut(BaseModel):
    """The ticket a window has called, for the clerk (receipt included); null fields: nobody waiting."""
    window: str
    ticket: str | None
    receipt: str | None
    theme: str | None
    called_at: str | None
    call_id: int | None


class PublicCall(BaseModel):
    """A call as the lobby board shows it: ticket numbers only, nothing that names an application."""
    window: str
    window_name: str
    ticket: str
    called_at: str
    call_id: int
    kind: str


class QueueTicket(BaseModel):
    ticket: str
    theme: str
    state: str
    issued_at: str
    called_at: str | None
    served_at: str | None
    receipt: str | None


class QueueOut(BaseModel):
    window: str
    name: str
    waiting: list[QueueTicket]
    called: QueueTicket | None
    served: list[QueueTicket]
    skipped: list[QueueTicket]


class CatalogueOut(BaseModel):
    version: str
    digest: str


# -- staff accounts -------------------------------------------------------------------------------------------

class UserOut(BaseModel):
    username: str
    role: str
    department: str | None
    window: str | None
    disabled: bool
    locked_until: str | None
    created_at: str


class LoginOut(BaseModel):
    token: str
    role: str
    expires_at: str
    user: UserOut
