"""The citizen's journey over the catalogue: theme, situation answers, ID card, form, pages, submission.

One role of the kiosk core (kiosk/core.py puts the roles together): it holds the session and the
catalogue in use and knows nothing of devices, the network or printing. Screens call these methods and
read `session`; submitting hands the application to `queue` (the outbox, kiosk/services.py).
"""
from __future__ import annotations

import hashlib
from typing import Callable

from content.merge import notice as merge_notice
from content.search import ThemeIndex

from .form import derive, other_holders, prefill
from .i18n import _
from .privacy import mask_id_number
from .session import Page, Session
from .usage import Usage
from .validation import Problem, check_form, normalize

#: queue(theme, body, pages, idempotency_key) -> the outbox's local reference
Queue = Callable[[str, dict, list, str], str]


class Journey:
    def __init__(self, catalogue, session: Session, usage: Usage, status_url: str, queue: Queue,
                 here: str | None = None):
        self.catalogue = catalogue
        self.here = here                # where this kiosk stands (`[kiosk] location`), None: the district centre
        self.index = ThemeIndex(catalogue)
        self.session = session
        self.usage = usage
        self._status_url = status_url
        self._queue = queue

    def use_catalogue(self, catalogue) -> None:
        """Switch to a newly verified catalogue (the core calls this only with no session)."""
        self.catalogue, self.index = catalogue, ThemeIndex(catalogue)

    def themes_by_use(self) -> list:
        """Enabled themes, most used at this kiosk first (counts only, nothing personal)."""
        counts = self.usage.counts()
        return sorted(self.catalogue.enabled_themes(), key=lambda t: -counts.get(t.id, 0))

    # -- theme and situation ----------------------------------------------------------------------------

    @property
    def theme(self):
        return self.catalogue.themes[self.session.theme_id] if self.session.theme_id else None

    def begin(self, theme_id: str) -> None:
        """A citizen chose a theme: a fresh session for it (anything before is wiped)."""
        if self.session.has_personal_data:
            self.session.wipe()
        self.session.theme_id = self.catalogue.theme(theme_id).id
        self.usage.count(self.session.theme_id)

    def where(self, theme) -> tuple:
        """(the location a citizen at this kiosk goes to for `theme`, whether it is taken here)."""
        return self.catalogue.where(theme, self.here)

    @staticmethod
    def elsewhere_text(notice: dict) -> str:
        """Where to go — place, address, window, hours — when this kiosk's place cannot take the theme
        (a town's 党群服务中心 and a theme needing the traffic police branch); "" when it can."""
        loc = notice["location"]
        if loc.get("taken_here", True):
            return ""
        return "\n".join(filter(None, [
            _("本点不能办理这件事。"), loc.get("why_not_here") or "",
            _("请到：{place}").format(place=loc["name"]),
            _("地址：{address}").format(address=loc.get("address") or loc["name"]),
            _("窗口：{window}").format(window=loc["window"]),
            _("办公时间：{hours}").format(hours=loc.get("hours") or _("以现场公布的时间为准")),
            _("可以先打印告知单，带齐材料再去。")]))

    def notice(self) -> dict:
        return merge_notice(self.catalogue, self.theme, self.session.answers, here=self.here)

    def answer(self, question_id: str, value: str) -> None:
        self.session.answers[question_id] = value
        self._drop_unused()

    def _drop_unused(self) -> None:
        """After an answer changes, forget form values and pages that no longer belong to the theme."""
        n = self.notice()
        keep_fields = {f["id"] for f in n["fields"]}
        keep_materials = {m["id"] for m in n["materials"]}
        for fid in [k for k in self.session.form if k not in keep_fields]:
            del self.session.form[fid]
        for mid in [k for k in self.session.pages if k not in keep_materials]:
            for page in self.session.pages.pop(mid):
                page.path.unlink(missing_ok=True)
        self.session.deferred &= keep_materials

    # -- identity and form ------------------------------------------------------------------------------

    def use_card(self, card: dict) -> list[str]:
        """The ID card read at `identify`: prefill the form; returns the field ids it filled."""
        self.session.card = dict(card)
        agents = {r.agent for r in self.catalogue.roles.values() if r.agent}
        values = prefill(self.notice()["fields"], card, agents=agents)
        self.session.form.update(values)
        self.session.prefilled |= set(values)
        return list(values)

    def other_card_holders(self) -> list[str]:
        """People besides the applicant whose own card could fill their name and ID number: typing an
        18-digit number is the slowest and most error-prone step of the form."""
        return other_holders(self.fields(), self.session.prefilled)

    def use_card_for(self, holder: str, card: dict) -> tuple[list[str], str | None]:
        """A second person's card laid on the reader for `holder`: (field ids filled, None), or ([], why not).
        Only the fields the form asks for are kept from it, nothing else of that card."""
        if card.get("expired"):
            return [], "expired"
        if self.session.card and card.get("id_number") == self.session.card.get("id_number"):
            return [], "same_card"
        wanted_sex = {"father": "男", "mother": "女"}.get(holder)
        if wanted_sex and card.get("sex") and card["sex"] != wanted_sex:
            return [], "wrong_person"
        values = prefill(self.fields(), card, holders={holder})
        self.session.form.update(values)
        self.session.prefilled |= set(values)
        return list(values), None

    def role_label(self, holder: str, lang: str = "zh_CN") -> str:
        role = self.catalogue.roles.get(holder)
        if role is None:
            return holder
        return (role.label_en or role.label) if lang == "en" else role.label

    def card_summary(self) -> dict | None:
        c = self.session.card
        if not c:
            return None
        return {"name": c.get("name"), "id_number": mask_id_number(c.get("id_number")),
                "expired": c.get("expired", False)}

    def fields(self) -> list[dict]:
        return self.notice()["fields"]

    def form_values(self) -> dict[str, str]:
        values = dict(self.session.form)
        values.update(derive(self.fields(), values, self.where(self.theme)[0].name))
        return values

    def set_value(self, field_id: str, value: str) -> None:
        field = next((f for f in self.fields() if f["id"] == field_id), None)
        self.session.form[field_id] = normalize(field, value) if field else value.strip()
        self.session.prefilled.discard(field_id)
        self.session.from_licence.discard(field_id)

    def problems(self) -> list[Problem]:
        return check_form(self.fields(), self.form_values())

    # -- materials ---------------------------------------------------------------------------------------

    def path_claim(self) -> tuple[int, int]:
        """(documents, how many fewer than applying for each matter on its own) on the citizen's own path."""
        c = self.notice()["counts"]
        return c["materials_merged"], c["materials_separate"] - c["materials_merged"]

    def materials_to_capture(self) -> list[dict]:
        return [m for m in self.notice()["materials"] if m["provide"] and m["capture"] != "none"]

    def add_page(self, material_id: str, jpeg: bytes) -> Page:
        pages = self.session.pages.setdefault(material_id, [])
        page_id = f"p{sum(len(v) for v in self.session.pages.values()) + 1:03d}"
        path = self.session.folder / f"{page_id}.jpg"
        path.write_bytes(jpeg)
        page = Page(page_id, material_id, path, hashlib.sha256(jpeg).hexdigest(), len(jpeg))
        pages.append(page)
        self.session.deferred.discard(material_id)
        return page

    def remove_pages(self, material_id: str) -> None:
        for page in self.session.pages.pop(material_id, []):
            page.path.unlink(missing_ok=True)

    def defer(self, material_id: str) -> None:
        """容缺: a non-key document the citizen will bring later. Key documents cannot be deferred."""
        item = next(m for m in self.notice()["materials"] if m["id"] == material_id)
        if item["key"]:
            raise ValueError(f"{material_id} is a key material and cannot follow later")
        self.remove_pages(material_id)
        self.session.deferred.add(material_id)

    def missing_key_materials(self) -> list[dict]:
        return [m for m in self.materials_to_capture() if m["key"] and not self.session.pages.get(m["id"])]

    # -- submission ----------------------------------------------------------------------------------------

    def application(self) -> tuple[dict, list[dict]]:
        n = self.notice()
        pages, materials = [], []
        for m in n["materials"]:
            if not m["provide"]:
                continue
            got = self.session.pages.get(m["id"], [])
            materials.append({"id": m["id"], "provided": bool(got), "pages": [p.page_id for p in got]})
            for p in got:
                pages.append({"page_id": p.page_id, "sha256": p.sha256, "material": m["id"],
                              "data": p.path.read_bytes()})
        form = {k: v for k, v in self.form_values().items() if v}
        body = {"theme": self.theme.id, "catalogue_version": self.catalogue.version,
                "answers": dict(self.session.answers), "form": form, "materials": materials,
                "pages": [{k: p[k] for k in ("page_id", "sha256", "material")} | {"size": len(p["data"])}
                          for p in pages]}
        if self.here:
            body["location"] = self.here       # a town kiosk's application is queued at its own window
        return body, pages

    def submit(self) -> str:
        """Commit to the outbox (durable, encrypted) and wake the sender; returns the provisional ref."""
        if not self.session.consent:
            raise ValueError("consent is required before submitting")
        body, pages = self.application()
        self.session.outbox_ref = self._queue(body["theme"], body, pages, self.session.id)   # may raise OutboxFull
        return self.session.outbox_ref

    def status_url(self, result: dict) -> str:
        """Where the receipt's QR sends a phone to follow progress."""
        return self._status_url.format(receipt=result["receipt"], code=result.get("lookup_code", ""))
