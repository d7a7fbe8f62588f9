"""The catalogue as typed, read-only objects, built from documents that have passed validation."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .source import Documents


@dataclass(frozen=True)
class Label:
    label: str
    label_en: str | None = None


@dataclass(frozen=True)
class Department:
    id: str
    name: str
    kind: str
    name_en: str | None = None
    full_name: str | None = None
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Location:
    id: str
    name: str
    window: str
    ticket_prefix: str
    name_en: str | None = None
    window_en: str | None = None


@dataclass(frozen=True)
class Material:
    id: str
    name: str
    category: str
    description: str
    electronic_licence: bool
    name_en: str | None = None
    generated: bool = False
    capture: str = "page"
    pages: int = 1
    issued_by: str | None = None


@dataclass(frozen=True)
class Field:
    id: str
    label: str
    type: str
    source: str
    label_en: str | None = None
    id_card_attr: str | None = None
    derive: str | None = None
    options: tuple[str, ...] = ()
    pattern: str | None = None
    max_length: int | None = None
    hint: str | None = None
    personal: bool = True


@dataclass(frozen=True)
class MaterialUse:
    ref: str
    key: bool
    form: str
    holder: str = "applicant"
    copies: int = 1
    note: str | None = None
    for_matter: str | None = None


@dataclass(frozen=True)
class FieldUse:
    ref: str
    holder: str = "applicant"
    required: bool = True
    for_matter: str | None = None


@dataclass(frozen=True)
class Matter:
    id: str
    name: str
    department: str
    approval_level: str
    review: str
    time_limit_days: int
    fee_amount: float
    result: dict
    delivery: tuple[str, ...]
    online: bool
    materials: tuple[MaterialUse, ...]
    fields: tuple[FieldUse, ...]
    name_en: str | None = None
    fee_note: str | None = None
    legal_basis: str | None = None
    time_limit_note: str | None = None
    visits: int | None = None


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    label_en: str | None = None
    matters: tuple[str, ...] = ()
    materials: tuple[MaterialUse, ...] = ()
    fields: tuple[FieldUse, ...] = ()


@dataclass(frozen=True)
class Question:
    id: str
    text: str
    type: str
    options: tuple[Option, ...]
    text_en: str | None = None
    help: str | None = None

    def option(self, value: str) -> Option | None:
        return next((o for o in self.options if o.value == value), None)


@dataclass(frozen=True)
class ThemeMatter:
    ref: str
    location: str | None = None


@dataclass(frozen=True)
class Theme:
    id: str
    no: int
    name: str
    category: str
    summary: str
    life_events: tuple[str, ...]
    keywords: tuple[str, ...]
    matters: tuple[ThemeMatter, ...]
    questions: tuple[Question, ...] = ()
    name_en: str | None = None
    short_name: str | None = None
    summary_en: str | None = None
    enabled: bool = True
    order: int | None = None
    pinyin: str | None = None
    location: str | None = None
    notes: tuple[str, ...] = ()
    more_matters_later: bool = False

    @property
    def matter_ids(self) -> list[str]:
        return [m.ref for m in self.matters]


@dataclass
class Catalogue:
    version: str
    title: str
    default_location: str
    dispatch_working_days: int
    return_working_days: int
    digest: str
    life_events: dict[str, Label]
    roles: dict[str, Label]
    departments: dict[str, Department]
    locations: dict[str, Location]
    materials: dict[str, Material]
    fields: dict[str, Field]
    matters: dict[str, Matter]
    themes: dict[str, Theme] = field(default_factory=dict)
    title_en: str | None = None

    def theme(self, key: str | int) -> Theme:
        """A theme by id or by its number in the plan (1-40 and on); KeyError names what was asked."""
        text = str(key).strip()
        if text.isascii() and text.isdigit():       # "¹" and "①" are digits to str.isdigit, not to int()
            for theme in self.themes.values():
                if theme.no == int(text):
                    return theme
        elif text in self.themes:
            return self.themes[text]
        raise KeyError(f"no theme {text!r} (use an id such as 'birth' or a number 1-{len(self.themes)})")

    def department_named(self, spelling: str) -> Department:
        """The department a spelling from the plan (name or alias) refers to."""
        for dept in self.departments.values():
            if spelling == dept.name or spelling in dept.aliases or spelling == dept.id:
                return dept
        raise KeyError(f"no department spelled {spelling!r}")

    def theme_location(self, theme: Theme) -> Location:
        return self.locations[theme.location or self.default_location]

    def enabled_themes(self) -> list[Theme]:
        return sorted((t for t in self.themes.values() if t.enabled),
                      key=lambda t: (t.order if t.order is not None else t.no, t.no))


def _label(d: dict) -> Label:
    return Label(d["label"], d.get("label_en"))


def _material_use(d: dict) -> MaterialUse:
    return MaterialUse(ref=d["ref"], key=d["key"], form=d["form"], holder=d.get("holder", "applicant"),
                       copies=d.get("copies", 1), note=d.get("note"), for_matter=d.get("for"))


def _field_use(d: dict) -> FieldUse:
    return FieldUse(ref=d["ref"], holder=d.get("holder", "applicant"), required=d.get("required", True),
                    for_matter=d.get("for"))


def _matter(d: dict) -> Matter:
    return Matter(
        id=d["id"], name=d["name"], department=d["department"], approval_level=d["approval_level"],
        review=d["review"], time_limit_days=d["time_limit_days"], fee_amount=d["fee"]["amount"],
        fee_note=d["fee"].get("note"), result=dict(d["result"]), delivery=tuple(d["delivery"]),
        online=d["online"], materials=tuple(_material_use(u) for u in d["materials"]),
        fields=tuple(_field_use(u) for u in d["fields"]), name_en=d.get("name_en"),
        legal_basis=d.get("legal_basis"), time_limit_note=d.get("time_limit_note"), visits=d.get("visits"))


def _theme(d: dict) -> Theme:
    questions = tuple(
        Question(id=q["id"], text=q["text"], type=q["type"], text_en=q.get("text_en"), help=q.get("help"),
                 options=tuple(Option(value=o["value"], label=o["label"], label_en=o.get("label_en"),
                                      matters=tuple(o.get("matters", ())),
                                      materials=tuple(_material_use(u) for u in o.get("materials", ())),
                                      fields=tuple(_field_use(u) for u in o.get("fields", ())))
                               for o in q["options"]))
        for q in d.get("questions", ()))
    simple = {k: d[k] for k in ("name_en", "short_name", "summary_en", "enabled", "order", "pinyin",
                                "location", "more_matters_later") if k in d}
    return Theme(id=d["id"], no=d["no"], name=d["name"], category=d["category"], summary=d["summary"],
                 life_events=tuple(d["life_events"]), keywords=tuple(d["keywords"]),
                 matters=tuple(ThemeMatter(m["ref"], m.get("location")) for m in d["matters"]),
                 questions=questions, notes=tuple(d.get("notes", ())), **simple)


def build(docs: Documents) -> Catalogue:
    """Turn validated documents into a Catalogue (assumes `validate(docs)` returned no errors)."""
    cat = docs.docs["catalogue.toml"]
    stem = lambda p: Path(p).stem  # noqa: E731
    themes = sorted((_theme(d) for d in docs.folder("themes").values()), key=lambda t: t.no)
    return Catalogue(
        version=cat["version"], title=cat["title"], title_en=cat.get("title_en"),
        default_location=cat["default_location"], dispatch_working_days=cat["dispatch_working_days"],
        return_working_days=cat["return_working_days"], digest=docs.digest(),
        life_events={k: _label(v) for k, v in cat["life_events"].items()},
        roles={k: _label(v) for k, v in docs.docs["roles.toml"]["role"].items()},
        departments={d["id"]: Department(id=d["id"], name=d["name"], kind=d["kind"], name_en=d.get("name_en"),
                                         full_name=d.get("full_name"), aliases=tuple(d.get("aliases", ())))
                     for d in docs.docs["departments.toml"]["department"]},
        locations={d["id"]: Location(**d) for d in docs.docs["locations.toml"]["location"]},
        materials={stem(p): Material(**{**d, "pages": d.get("pages", 1)}) for p, d in docs.folder("materials").items()},
        fields={stem(p): Field(**{**d, "options": tuple(d.get("options", ()))})
                for p, d in docs.folder("fields").items()},
        matters={stem(p): _matter(d) for p, d in docs.folder("matters").items()},
        themes={t.id: t for t in themes},
    )
