"""The merge engine: a theme plus situation answers become one notice, one material list and one form.

This is the promise of 一次告知 / 一表申请 / 一套材料 in code. A material or field is the same item when
it is the same canonical registry entry for the same person (the father's ID card serves three matters
once; the mother's is a second item). Counts compare with applying for each matter on its own.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .flowchart import department_shown, flowchart
from .model import Catalogue, FieldUse, MaterialUse, Matter, Question, Theme


class AnswerError(ValueError):
    """An answer that does not fit the theme's questions; the message names the question."""


Answers = dict[str, list[str]]


def parse_answers(theme: Theme, pairs: dict[str, str | list[str]]) -> Answers:
    """Check answers against the theme's questions; values of a multi question may be comma-joined."""
    out: Answers = {}
    questions = {q.id: q for q in theme.questions}
    for key, raw in pairs.items():
        q = questions.get(key)
        if q is None:
            known = ", ".join(questions) or "none"
            raise AnswerError(f"theme {theme.no} has no question {key!r} (questions: {known})")
        values = raw if isinstance(raw, list) else [v for v in str(raw).split(",") if v]
        if not values:
            raise AnswerError(f"question {key!r} needs an answer")
        if q.type == "single" and len(values) != 1:
            raise AnswerError(f"question {key!r} takes one answer, got {len(values)}")
        for v in values:
            if q.option(v) is None:
                raise AnswerError(f"{v!r} is not an answer to {key!r} "
                                  f"(choose from {', '.join(o.value for o in q.options)})")
        out[key] = list(dict.fromkeys(values))
    return out


@dataclass
class Selection:
    """Which matters apply, and which options are in force (chosen, or every option while unanswered)."""

    matters: list[str]
    conditional: set[str]
    options: list[tuple[Question, object]] = field(default_factory=list)
    unanswered: list[str] = field(default_factory=list)


def select(theme: Theme, answers: Answers) -> Selection:
    named = {m for q in theme.questions for o in q.options for m in o.matters}
    chosen: set[str] = set()
    conditional: set[str] = set()
    options, unanswered = [], []
    for q in theme.questions:
        if q.id in answers:
            opts = [q.option(v) for v in answers[q.id]]
            chosen.update(m for o in opts for m in o.matters)
        else:
            unanswered.append(q.id)
            opts = list(q.options)
            conditional.update(m for o in opts for m in o.matters)
        options.extend((q, o) for o in opts)
    matters = [m for m in theme.matter_ids if m not in named or m in chosen or m in conditional]
    return Selection(matters=matters, conditional=conditional - chosen, options=options, unanswered=unanswered)


def party_of(cat: Catalogue, theme: Theme, mid: str, use: MaterialUse | FieldUse, kind: str,
             from_option: bool = False) -> str:
    """The theme's party an item belongs to: the matter's role as the theme casts it (theme 26: the employee
    is the applicant himself), a person's document of an organisation being its agent's (a company's ID card
    is its 经办人's, one agent per principal), and "" for what describes the matter's object (the property,
    the vehicle, the project), which is the same thing whichever party's filing asks for it."""
    party = use.holder
    if not from_option:
        tm = next((t for t in theme.matters if t.ref == mid), None)
        party = tm.party(use.holder) if tm else use.holder
    item = (cat.materials if kind == "materials" else cat.fields)[use.ref]
    if item.subject == "object":
        return ""
    role = cat.roles[party]
    if item.subject == "person" and role.kind == "organisation" and role.agent:
        return role.agent
    return party


def _uses(cat: Catalogue, theme: Theme, sel: Selection, kind: str) -> list[tuple[str, MaterialUse | FieldUse, str]]:
    """(matter id, use, party) triples: each selected matter's own list, then what chosen options add."""
    omitted = {tm.ref: set(tm.omit) for tm in theme.matters}
    triples = [(mid, u, party_of(cat, theme, mid, u, kind)) for mid in sel.matters
               for u in getattr(cat.matters[mid], kind) if u.ref not in omitted.get(mid, ())]
    for _q, opt in sel.options:
        targets = [m for m in opt.matters if m in sel.matters] or sel.matters
        for use in getattr(opt, kind):
            for mid in ([use.for_matter] if use.for_matter else targets):
                if mid in sel.matters:
                    triples.append((mid, use, party_of(cat, theme, mid, use, kind, from_option=True)))
    return triples


def _item_id(ref: str, party: str) -> str:
    return ref if party in ("applicant", "") else f"{ref}@{party}"


def _party_label(cat: Catalogue, party: str) -> tuple[str, str]:
    if party in ("applicant", ""):
        return "", ""
    role = cat.roles[party]
    return role.label, role.label_en or role.label


def _merge_form(forms: set[str]) -> str:
    if "original_and_copy" in forms or {"original", "copy"} <= forms:
        return "original_and_copy"
    if forms == {"electronic"}:
        return "electronic"
    return sorted(forms - {"electronic"})[0] if forms - {"electronic"} else "electronic"


def merge_materials(cat: Catalogue, pairs, produced: dict[str, str] | None = None) -> list[dict]:
    """Merge material uses; `produced` maps a material to the selected matter whose result it is."""
    produced = produced or {}
    merged: dict[tuple[str, str], dict] = {}
    for mid, use, party in pairs:
        item = merged.setdefault((use.ref, party), {"uses": [], "serves": [], "notes_by_matter": []})
        item["uses"].append(use)
        if use.note:
            item["notes_by_matter"].append({"matter": mid, "note": use.note})
        if mid not in item["serves"]:
            item["serves"].append(mid)
    out = []
    for (ref, holder), item in merged.items():
        mat = cat.materials[ref]
        uses = item["uses"]
        # A result of another matter in this theme is shared inside the hall (前置审批结果作为后置审批
        # 材料), so the citizen never brings it; the matter producing it does not count as served.
        source = produced.get(ref)
        from_theme = source if source and any(mid != source for mid in item["serves"]) else None
        key = any(u.key for u in uses) and from_theme is None
        holder_label, holder_label_en = _party_label(cat, holder)
        out.append({
            "id": _item_id(ref, holder),
            "material": ref,
            "holder": holder,
            "holder_label": holder_label,
            "holder_label_en": holder_label_en,
            "name": f"{holder_label}的{mat.name}" if holder_label and holder_label not in mat.name else mat.name,
            "name_en": mat.name_en,
            "category": mat.category,
            "serves": item["serves"],
            "key": key,
            "may_follow_later": not key and from_theme is None,
            "provide": from_theme is None and not mat.generated,
            "from_matter": from_theme,
            "form": _merge_form({u.form for u in uses}),
            "copies": max(u.copies for u in uses),
            "electronic_licence": mat.electronic_licence,
            "generated": mat.generated,
            "capture": mat.capture,
            "notes": list(dict.fromkeys(u.note for u in uses if u.note)),
            "notes_by_matter": item["notes_by_matter"],
            "description": mat.description,
        })
    # Key documents first, then what may follow later; within each, the order matters first asked.
    out.sort(key=lambda m: (m["generated"], m["from_matter"] is not None, not m["key"]))
    return out


def merge_fields(cat: Catalogue, pairs) -> list[dict]:
    merged: dict[tuple[str, str], dict] = {}
    for mid, use, party in pairs:
        item = merged.setdefault((use.ref, party), {"required": False, "serves": []})
        item["required"] |= use.required
        if mid not in item["serves"]:
            item["serves"].append(mid)
    out = []
    for (ref, holder), item in merged.items():
        f = cat.fields[ref]
        role_label, role_label_en = _party_label(cat, holder)
        joint = "：" if holder and cat.roles[holder].kind == "organisation" else ""
        out.append({
            "id": _item_id(ref, holder),
            "field": ref,
            "holder": holder,
            "holder_label": role_label,
            "holder_label_en": role_label_en,
            "label": f"{role_label}{joint}{f.label}" if role_label else f.label,
            "label_en": f"{role_label_en}: {f.label_en}" if role_label and f.label_en else f.label_en,
            "type": f.type,
            "source": f.source,
            "id_card_attr": f.id_card_attr,
            "derive": f.derive,
            "options": list(f.options),
            "pattern": f.pattern,
            "max_length": f.max_length,
            "hint": f.hint,
            "required": item["required"],
            "personal": f.personal,
            "serves": item["serves"],
        })
    return out


def _matter_entry(cat: Catalogue, theme: Theme, m: Matter, conditional: bool) -> dict:
    dept = cat.departments[m.department]
    tm = next(t for t in theme.matters if t.ref == m.id)
    return {
        "id": m.id, "name": m.title, "plan_name": m.name, "name_en": m.name_en,
        "department": dept.id, "department_name": department_shown(theme, dept, [m.id]),
        "department_kind": dept.kind,
        "approval_level": m.approval_level, "review": m.review,
        "time_limit_days": m.time_limit_days, "time_limit_note": m.time_limit_note,
        "fee": m.fee_amount, "fee_note": m.fee_note, "result": m.result, "delivery": list(m.delivery),
        "online": m.online, "legal_basis": m.legal_basis, "conditional": conditional,
        "location": cat.locations[tm.location].name if tm.location else None,
    }


#: How a result reaches the applicant, as the notice says it (matter.schema.json `delivery`).
DELIVERY_TEXT = {"window": "专窗领取", "post": "免费邮寄", "electronic": "电子证照（网上查看、下载）",
                 "bank": "打入银行账户或社保卡", "onsite": "到场办理（上门安装、接通）"}


def delivery_note(matters: list[Matter], together: set[str]) -> str:
    """One sentence on how results come back: together where the matters share a channel, else each
    matter's own (theme 2's payments go to the bank, its other results to the window)."""
    if not matters:
        return ""
    if together:
        return "结果统一送达：" + "或".join(DELIVERY_TEXT[d] for d in sorted(together)) + "。"
    return "各事项没有共同的送达方式，结果分别送达：" + "；".join(
        f"{m.title}——{'或'.join(DELIVERY_TEXT[d] for d in m.delivery)}" for m in matters) + "。"


def notice(cat: Catalogue, theme: Theme, answers: dict[str, str | list[str]] | None = None,
           here: str | None = None) -> dict:
    """The one notice (一次告知单) for a theme and the situation answers given so far; `here` is where the
    kiosk stands (a location id): a town kiosk takes the theme or says where to go instead."""
    parsed = parse_answers(theme, answers or {})
    sel = select(theme, parsed)
    matters = [cat.matters[mid] for mid in sel.matters]
    mat_pairs = _uses(cat, theme, sel, "materials")
    field_pairs = _uses(cat, theme, sel, "fields")
    produced = {m.result["material"]: m.id for m in matters if m.result.get("material")}
    materials = merge_materials(cat, mat_pairs, produced)
    fields = merge_fields(cat, field_pairs)
    location, taken_here = cat.where(theme, here)
    departments = []
    for m in matters:
        if m.department not in [d["id"] for d in departments]:
            d = cat.departments[m.department]
            departments.append({"id": d.id, "name": department_shown(theme, d, sel.matters), "kind": d.kind,
                                "matters": []})
        next(d for d in departments if d["id"] == m.department)["matters"].append(m.id)
    slowest = max((m.time_limit_days for m in matters), default=0)
    together = set.intersection(*(set(m.delivery) for m in matters)) if matters else set()
    return {
        "catalogue_version": cat.version,
        "theme": {"id": theme.id, "no": theme.no, "name": theme.name, "name_en": theme.name_en,
                  "category": theme.category, "summary": theme.summary, "summary_en": theme.summary_en,
                  "notes": list(theme.notes), "more_matters_later": theme.more_matters_later},
        "answers": parsed,
        "unanswered": sel.unanswered,
        "questions": [{"id": q.id, "text": q.text, "type": q.type,
                       "options": [{"value": o.value, "label": o.label} for o in q.options]}
                      for q in theme.questions],
        "matters": [_matter_entry(cat, theme, m, m.id in sel.conditional) for m in matters],
        "departments": departments,
        "materials": materials,
        "fields": fields,
        "counts": {
            "matters": len(matters),
            "materials_separate": len(mat_pairs),
            "materials_merged": len(materials),
            "materials_to_provide": sum(1 for m in materials if m["provide"]),
            "fields_separate": len(field_pairs),
            "fields_merged": len(fields),
        },
        "time": {
            "dispatch_working_days": cat.dispatch_working_days,
            "slowest_matter_working_days": slowest,
            "return_working_days": cat.return_working_days,
            "total_working_days": cat.dispatch_working_days + slowest + cat.return_working_days,
            "separate_sum_working_days": sum(m.time_limit_days for m in matters),
        },
        "fees": {"total": sum(m.fee_amount for m in matters),
                 "items": [{"matter": m.id, "amount": m.fee_amount, "note": m.fee_note} for m in matters]},
        "delivery_together": sorted(together),
        "delivery_note": delivery_note(matters, together),
        "location": {"id": location.id, "name": location.name, "window": location.window,
                     "window_en": location.window_en, "name_en": location.name_en,
                     "ticket_prefix": location.ticket_prefix, "kind": location.kind,
                     "address": location.address, "hours": location.hours,
                     "from_plan": theme.location is not None, "taken_here": taken_here,
                     "why_not_here": None if taken_here else theme.town_note},
        "online": all(m.online for m in matters),
        "flowchart": flowchart(cat, theme, matters),
    }
