"""Checking catalogue documents: the JSON schemas first, then what a schema cannot say.

Like hassfest, every problem in every file is collected, each with its file and the path inside it, so a
member of staff fixes them all in one pass instead of one per run. As hassfest does, the checks beyond the
schemas read only documents that passed their schema: they may then trust every type (`no` is a number,
`aliases` a list, an option a table), and a wrongly typed document gets its schema errors, never a crash.
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator

from .source import Documents, SourceError

SCHEMA_DIR = Path(__file__).resolve().parent / "schema"

#: Text that means somebody meant to come back later. Content reaches citizens, so none may remain.
PLACEHOLDER = re.compile(r"TODO|TBD|FIXME|xxx|lorem|ipsum|待补充|待完善|待填写|占位", re.IGNORECASE)


if TYPE_CHECKING:
    import jsonschema
    from referencing import Registry


# jsonschema is imported when something is checked, not with this module: a kiosk starting from its
# checked record (content/checked.py) never loads it before its first frame.
@lru_cache(maxsize=1)
def _registry() -> "Registry":
    from referencing import Registry, Resource

    resources = []
    for path in SCHEMA_DIR.glob("*.schema.json"):
        schema = json.loads(path.read_text(encoding="utf-8"))
        resources.append((path.name, Resource.from_contents(schema)))
    return Registry().with_resources(resources)


@lru_cache(maxsize=None)
def _validator(schema_name: str, pointer: str = "") -> "jsonschema.protocols.Validator":
    import jsonschema

    registry = _registry()
    root = registry.contents(schema_name)
    schema = {"$ref": f"{schema_name}#{pointer}"} if pointer else root
    cls = jsonschema.validators.validator_for(root)
    return cls(schema, registry=registry)


_SCHEMAS = {
    "catalogue.toml": ("registries.schema.json", "/$defs/catalogue"),
    "departments.toml": ("registries.schema.json", "/$defs/departments"),
    "locations.toml": ("registries.schema.json", "/$defs/locations"),
    "roles.toml": ("registries.schema.json", "/$defs/roles"),
    "themes": ("theme.schema.json", ""),
    "matters": ("matter.schema.json", ""),
    "materials": ("material.schema.json", ""),
    "fields": ("field.schema.json", ""),
}


def _schema_for(rel: str) -> tuple[str, str] | None:
    return _SCHEMAS.get(rel) or _SCHEMAS.get(rel.split("/", 1)[0])


def _path(parts) -> str:
    return "/".join(str(p) for p in parts)


def _strings(value: Any, path: tuple = ()) -> Iterator[tuple[tuple, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _strings(v, path + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _strings(v, path + (i,))


def check_schemas(docs: Documents) -> list[SourceError]:
    return _check_schemas(docs)[0]


def _check_schemas(docs: Documents) -> tuple[list[SourceError], set[str]]:
    """(every schema and placeholder error, the files that failed their schema)."""
    errors: list[SourceError] = []
    failed: set[str] = set()
    for rel, doc in docs.docs.items():
        schema = _schema_for(rel)
        if schema is None:
            errors.append(SourceError(rel, "", "no schema applies to this file"))
            failed.add(rel)
            continue
        for err in sorted(_validator(*schema).iter_errors(doc), key=lambda e: list(e.path)):
            errors.append(SourceError(rel, _path(err.absolute_path), err.message))
            failed.add(rel)
        for path, text in _strings(doc):
            m = PLACEHOLDER.search(text)
            if m:
                errors.append(SourceError(rel, _path(path), f"placeholder text {m.group(0)!r}"))
    return errors, failed


class _Refs:
    """The ids every reference may point at, from documents that passed their schema.

    `items` holds only documents that passed (they are the ones checked further); `known` names every
    item file there is, so a reference to an item whose own document is broken is not reported twice.
    A registry that failed its schema counts as unknown (`None`): checks against it are left out."""

    def __init__(self, docs: Documents, failed: set[str]):
        def registry(name: str) -> dict | None:
            return None if name in failed or name not in docs.docs else docs.docs[name]

        cat, depts, locs, roles = (registry(n) for n in ("catalogue.toml", "departments.toml",
                                                         "locations.toml", "roles.toml"))
        self.has_catalogue = cat is not None
        self.life_events = None if cat is None else set((cat.get("life_events") or {}).keys())
        self.default_location = None if cat is None else cat.get("default_location")
        self.departments = None if depts is None else list(depts.get("department", []))
        self.locations = None if locs is None else list(locs.get("location", []))
        self.roles = None if roles is None else set((roles.get("role") or {}).keys())
        folders = ("themes", "matters", "materials", "fields")
        self.known = {f: {Path(p).stem for p in docs.folder(f)} for f in folders}
        self.items = {f: {Path(p).stem: d for p, d in docs.folder(f).items() if p not in failed} for f in folders}

    @property
    def department_ids(self) -> set | None:
        return None if self.departments is None else {d.get("id") for d in self.departments}

    @property
    def location_ids(self) -> set | None:
        return None if self.locations is None else {loc.get("id") for loc in self.locations}


def _unknown(value, known: set | None) -> bool:
    """A reference that does not resolve; never when what it points into is itself broken (None)."""
    return known is not None and value not in known


def check_references(docs: Documents, failed: set[str] | None = None) -> list[SourceError]:
    """What the schemas cannot see: ids vs file names, uniqueness, and that every reference resolves.
    Only documents that passed their schema are read (`failed`: those that did not; None: check now)."""
    if failed is None:
        failed = _check_schemas(docs)[1]
    refs = _Refs(docs, failed)
    errors: list[SourceError] = []

    def err(file: str, path: str, message: str) -> None:
        errors.append(SourceError(file, path, message))

    _check_registries(refs, err)
    for folder, items in refs.items.items():
        for stem, doc in items.items():
            if doc.get("id") != stem:
                err(f"{folder}/{stem}.toml", "id", f"id {doc.get('id')!r} must equal the file name {stem!r}")
    for stem, doc in refs.items["fields"].items():
        _check_field(f"fields/{stem}.toml", doc, err)
    for stem, doc in refs.items["matters"].items():
        _check_matter(f"matters/{stem}.toml", doc, refs, err)
    _check_themes(refs, err)
    used = {m.get("ref") for t in refs.items["themes"].values() for m in t.get("matters", []) if isinstance(m, dict)}
    if not any(p.startswith("themes/") for p in failed):     # a broken theme's matters are not known
        for stem in refs.items["matters"]:
            if stem not in used:
                err(f"matters/{stem}.toml", "", "matter is not part of any theme")
    return errors


def _check_registries(refs: _Refs, err) -> None:
    seen: dict[str, str] = {}
    for i, dept in enumerate(refs.departments or []):
        for spelling in [dept.get("id"), dept.get("name"), *dept.get("aliases", [])]:
            if spelling in seen:
                err("departments.toml", f"department/{i}", f"{spelling!r} already names department {seen[spelling]!r}")
            seen[spelling] = dept.get("id")
    if refs.locations is None:
        return
    ids = [loc.get("id") for loc in refs.locations]
    prefixes = [loc.get("ticket_prefix") for loc in refs.locations]
    for i, loc in enumerate(refs.locations):
        if ids.count(loc.get("id")) > 1:
            err("locations.toml", f"location/{i}/id", f"duplicate location id {loc.get('id')!r}")
        if prefixes.count(loc.get("ticket_prefix")) > 1:
            err("locations.toml", f"location/{i}/ticket_prefix", "two windows share a ticket prefix")
    if refs.has_catalogue and refs.default_location not in ids:
        err("catalogue.toml", "default_location", f"unknown location {refs.default_location!r}")


def _check_field(rel: str, doc: dict, err) -> None:
    source = doc.get("source")
    if source == "id_card" and "id_card_attr" not in doc:
        err(rel, "id_card_attr", "a field read from the ID card must say which attribute")
    if source == "derived" and "derive" not in doc:
        err(rel, "derive", "a derived field must say how it is derived")
    if doc.get("type") == "choice" and "options" not in doc:
        err(rel, "options", "a choice field needs options")
    if "pattern" in doc:
        try:
            re.compile(doc["pattern"])
        except re.error as exc:
            err(rel, "pattern", f"not a regular expression: {exc}")


def _check_uses(rel: str, base: str, uses, refs: _Refs, err, allowed_for=None) -> None:
    seen = set()
    for i, use in enumerate(uses or []):
        if not isinstance(use, dict):
            continue
        folder = "materials" if base.endswith("materials") else "fields"
        ref, holder = use.get("ref"), use.get("holder", "applicant")
        if ref not in refs.known[folder]:
            err(rel, f"{base}/{i}/ref", f"unknown {folder[:-1]} {ref!r}")
        if _unknown(holder, refs.roles):
            err(rel, f"{base}/{i}/holder", f"unknown role {holder!r}")
        if (ref, holder) in seen:
            err(rel, f"{base}/{i}", f"{ref!r} for {holder!r} is listed twice")
        seen.add((ref, holder))
        if "for" in use and (allowed_for is None or use["for"] not in allowed_for):
            err(rel, f"{base}/{i}/for", f"'for' must name one of this theme's matters, not {use['for']!r}")


def _check_matter(rel: str, doc: dict, refs: _Refs, err) -> None:
    if _unknown(doc.get("department"), refs.department_ids):
        err(rel, "department", f"unknown department {doc.get('department')!r}")
    _check_uses(rel, "materials", doc.get("materials"), refs, err)
    _check_uses(rel, "fields", doc.get("fields"), refs, err)
    produced = (doc.get("result") or {}).get("material")
    if produced is not None and produced not in refs.known["materials"]:
        err(rel, "result/material", f"unknown material {produced!r}")
    if doc.get("review") == "confirmed" and not (doc.get("reviewed_by") and doc.get("reviewed_at")):
        err(rel, "review", "a confirmed matter names who confirmed it and when (reviewed_by, reviewed_at)")


def _check_themes(refs: _Refs, err) -> None:
    numbers: dict[int, str] = {}
    location_ids = refs.location_ids
    for stem, theme in refs.items["themes"].items():
        rel = f"themes/{stem}.toml"
        no = theme.get("no")
        if no in numbers:
            err(rel, "no", f"number {no} is already theme {numbers[no]!r}")
        numbers[no] = stem
        for i, tag in enumerate(theme.get("life_events", [])):
            if _unknown(tag, refs.life_events):
                err(rel, f"life_events/{i}", f"unknown life event {tag!r} (catalogue.toml [life_events])")
        if "location" in theme and _unknown(theme["location"], location_ids):
            err(rel, "location", f"unknown location {theme['location']!r}")
        matter_ids = []
        for i, m in enumerate(theme.get("matters", [])):
            if not isinstance(m, dict):
                continue
            if m.get("ref") not in refs.known["matters"]:
                err(rel, f"matters/{i}/ref", f"unknown matter {m.get('ref')!r}")
            if m.get("ref") in matter_ids:
                err(rel, f"matters/{i}/ref", f"matter {m.get('ref')!r} listed twice")
            if "location" in m and _unknown(m["location"], location_ids):
                err(rel, f"matters/{i}/location", f"unknown location {m['location']!r}")
            matter_ids.append(m.get("ref"))
        qids = set()
        for qi, q in enumerate(theme.get("questions", [])):
            if not isinstance(q, dict):
                continue
            if q.get("id") in qids:
                err(rel, f"questions/{qi}/id", f"question id {q.get('id')!r} used twice")
            qids.add(q.get("id"))
            values = set()
            for oi, opt in enumerate(q.get("options", [])):
                base = f"questions/{qi}/options/{oi}"
                if opt.get("value") in values:
                    err(rel, f"{base}/value", f"option value {opt.get('value')!r} used twice")
                values.add(opt.get("value"))
                for mi, ref in enumerate(opt.get("matters", [])):
                    if ref not in matter_ids:
                        err(rel, f"{base}/matters/{mi}", f"{ref!r} is not one of this theme's matters")
                _check_uses(rel, f"{base}/materials", opt.get("materials"), refs, err, matter_ids)
                _check_uses(rel, f"{base}/fields", opt.get("fields"), refs, err, matter_ids)


#: The registries every catalogue has beside its item folders.
REGISTRIES = ("catalogue.toml", "departments.toml", "locations.toml", "roles.toml")


def validate(docs: Documents) -> list[SourceError]:
    """Every error in the documents: parse errors, schema errors, then reference errors."""
    errors = list(docs.errors)
    schema_errors, failed = _check_schemas(docs)
    errors += schema_errors
    errors += check_references(docs, failed)
    if "catalogue.toml" in docs.docs:       # a whole catalogue (not one document checked on its own)
        errors += [SourceError(name, "", "missing: every catalogue has this file")
                   for name in REGISTRIES if name not in docs.docs]
    if not errors and all(name in docs.docs for name in REGISTRIES):
        # What only the built catalogue shows (parties, display text, places): content/checks.py
        from .checks import catalogue_checks
        errors += catalogue_checks(docs)
    return errors
