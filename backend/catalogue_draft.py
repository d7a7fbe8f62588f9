"""The catalogue draft: what editors change before anything reaches a kiosk, and the checks on every save.

The draft is the catalogue folder's TOML text (content/texts.py), stored in the hall's database apart from
the releases kiosks fetch. Every operation edits values in place with tomlkit (comments and layout stay, so
an export diffs cleanly in git), then runs the same checks as `kiosk content check` and returns every error
with its file and the path inside it (`matters/0/ref`) so a page can show it beside the field. A draft may
hold errors while someone works on it; publishing refuses it until it has none.
"""
from __future__ import annotations

import json
import threading
from typing import Any

import tomlkit
from tomlkit.exceptions import ParseError
from sqlalchemy import insert, select, update

from content import load_documents, validate
from content.diff import changes
from content.texts import Texts, catalogue_path, parse_texts

from . import catalogue_versions, db, service

#: One draft change at a time in this server process (load, change, save): two editors saving at once
#: must not lose one another's change. Servers sharing one database serialise through the database only.
_EDITING = threading.RLock()

#: A matter's review goes back to pending when its content changes after confirmation (review.py confirms).
REVIEW_KEYS = ("review", "reviewed_by", "reviewed_at")


def load(hall) -> tuple[Texts, int | None]:
    """The draft's texts and the release it started from (a fresh draft is the live release)."""
    with hall.engine.connect() as conn:
        row = conn.execute(select(db.catalogue_draft)).first()
        if row is not None:
            return json.loads(row.sources), row.base
        live = catalogue_versions.latest(conn)
    if live is None:
        raise service.Refused(409, "no catalogue release yet")
    if live.sources is not None:
        return json.loads(live.sources), live.number
    texts = written_out(live.bundle)
    if texts is None:
        raise service.Refused(409, "the live release was published as a bundle without its TOML files: "
                                   "import a folder first (kiosk-hall catalogue import --dir D)")
    return texts, live.number


def written_out(bundle: bytes) -> Texts | None:
    """TOML files for a release published as a bundle only (through PUT /v1/staff/catalogue, or before an
    upgrade): the same documents, in tomlkit's layout (comments were never in the bundle); None when
    they would not read back as the same documents."""
    from content import read_bundle

    docs = read_bundle(bundle)
    texts = {rel: tomlkit.dumps(doc) for rel, doc in docs.docs.items()}
    return texts if not docs.errors and parse_texts(texts).docs == docs.docs else None


def save(hall, texts: Texts, by: str, base: int | None = None) -> None:
    values = {"sources": json.dumps(texts, ensure_ascii=False), "updated_at": service.now(), "updated_by": by[:64]}
    if base is not None:
        values["base"] = base
    with hall.tx() as conn:
        if conn.execute(select(db.catalogue_draft.c.id)).first():
            conn.execute(update(db.catalogue_draft).values(**values))
        else:
            conn.execute(insert(db.catalogue_draft).values(id=1, **{"base": base, **values}))


def check(texts: Texts) -> list[dict]:
    """Every error `kiosk content check` would report, as {file, path, message}."""
    docs = parse_texts(texts)
    errors = docs.errors + (validate(docs) if not docs.errors else [])
    return [{"file": e.file, "path": e.path, "message": e.message} for e in errors]


def view(hall) -> dict:
    """The draft as the editor pages need it: base release, errors, what changes for citizens, home order."""
    texts, base = load(hall)
    errors = check(texts)
    out: dict[str, Any] = {"base": base, "errors": errors, "files": sorted(texts)}
    if not errors:
        cat = load_documents(parse_texts(texts))
        out["version"] = cat.version
        out["home"] = [{"id": t.id, "no": t.no, "name": t.name, "category": t.category}
                       for t in cat.enabled_themes()]
        out["hidden"] = [{"id": t.id, "no": t.no, "name": t.name} for t in cat.themes.values() if not t.enabled]
        out["changes"] = changes(hall.catalogue, cat)
    return out


# -- editing ---------------------------------------------------------------------------------------------

def _parts(path: str) -> list[str | int]:
    return [int(p) if p.isdigit() else p for p in path.split("/") if p != ""]


def _wrap(value, parent):
    """Plain JSON values as TOML items; a table inside an array becomes an inline table, as the files write them."""
    if isinstance(value, dict) and isinstance(parent, list):
        table = tomlkit.inline_table()
        table.update(value)
        return table
    return value


def set_value(texts: Texts, file: str, path: str, value: Any) -> None:
    """Set (or with value None remove) the value at `path` (`fee/amount`, `materials/0/key`) in `file`."""
    if file not in texts:
        raise service.Refused(404, f"{file} is not in the draft")
    try:
        doc = tomlkit.parse(texts[file])
    except ParseError as exc:
        raise service.Refused(422, f"{file} is not valid TOML; fix its text first", [str(exc)]) from None
    parts = _parts(path)
    if not parts:
        raise service.Refused(422, "a path inside the file is required")
    node = doc
    try:
        for part in parts[:-1]:
            node = node[part]
        last = parts[-1]
        if value is None:
            del node[last]
        elif isinstance(node, list) and last == len(node):
            node.append(_wrap(value, node))
        else:
            node[last] = _wrap(value, node)
    except (KeyError, IndexError, TypeError):
        raise service.Refused(422, f"{file}: no place {path!r} to set") from None
    if file.startswith("matters/") and parts[0] not in REVIEW_KEYS and doc.get("review") == "confirmed":
        doc["review"] = "pending"          # changed after the department confirmed it: ask again
        for key in REVIEW_KEYS[1:]:
            doc.pop(key, None)
    texts[file] = tomlkit.dumps(doc)


def _theme_docs(texts: Texts):
    """(file, document) of every theme file that parses; one that does not is the checks' to report."""
    import tomllib

    for rel in texts:
        if rel.startswith("themes/"):
            try:
                doc = tomllib.loads(texts[rel])
            except tomllib.TOMLDecodeError:
                continue
            yield rel, doc


def _home_order(texts: Texts) -> list[str]:
    """Theme files in home-screen order (content.model: `order`, else the number), hidden ones included."""
    keys = {}
    for rel, doc in _theme_docs(texts):
        no = doc.get("no") if isinstance(doc.get("no"), int) else 0
        order = doc.get("order") if isinstance(doc.get("order"), int) else no
        keys[rel] = (order, no)
    return sorted(keys, key=keys.get)


def _theme_file(texts: Texts, theme: str) -> str:
    for rel, doc in _theme_docs(texts):
        if doc.get("id") == theme or str(doc.get("no")) == str(theme):
            return rel
    raise service.Refused(404, f"no theme {theme!r} in the draft")


def apply(texts: Texts, op: dict) -> None:
    """One editor operation (the console pages send these; the CLI and tests too):
    {"op": "reorder", "themes": [ids or numbers]}  -> these first, in this order, then the others as they were
                                                     (`order` = 1, 2, … on every theme)
    {"op": "enable", "theme": id, "enabled": bool}               -> switch a theme on/off
    {"op": "category", "theme": id, "category": "personal"}
    {"op": "set", "file": "matters/x.toml", "path": "fee/amount", "value": 5}   (value null removes)
    {"op": "put", "file": "materials/new.toml", "text": "..."}    (a whole file, new or replaced)
    {"op": "remove", "file": "materials/old.toml"}"""
    kind = op.get("op")
    if kind == "reorder":
        first = [_theme_file(texts, str(t)) for t in op.get("themes") or []]
        for i, rel in enumerate(first + [rel for rel in _home_order(texts) if rel not in first]):
            set_value(texts, rel, "order", i + 1)
    elif kind == "enable":
        set_value(texts, _theme_file(texts, str(op.get("theme"))), "enabled", bool(op.get("enabled")))
    elif kind == "category":
        set_value(texts, _theme_file(texts, str(op.get("theme"))), "category", op.get("category"))
    elif kind == "set":
        set_value(texts, str(op.get("file")), str(op.get("path", "")), op.get("value"))
    elif kind == "put":
        file = str(op.get("file"))
        if not catalogue_path(file) or not isinstance(op.get("text"), str):
            raise service.Refused(422, f"{file!r} is not a catalogue file name, or no text given")
        texts[file] = op["text"]
    elif kind == "remove":
        if texts.pop(str(op.get("file")), None) is None:
            raise service.Refused(404, f"{op.get('file')} is not in the draft")
    else:
        raise service.Refused(422, f"unknown operation {kind!r}")


def edit(hall, ops: list[dict], by: str) -> dict:
    """Apply operations to the draft, save it (errors and all: the editor fixes them next), and return
    {"errors": [...], "ok": bool}. An operation that cannot apply refuses the whole save."""
    with _EDITING:
        texts, base = load(hall)
        for op in ops:
            apply(texts, op)
        save(hall, texts, by, base)
    errors = check(texts)
    return {"ok": not errors, "errors": errors}


def publish(hall, by: str) -> int:
    """The draft becomes the next release, only if it passes every check; the draft then follows it.
    A draft whose content changed but whose `version` did not gets a new version (date and time)."""
    with _EDITING:
        texts, _base = load(hall)
        errors = check(texts)
        if errors:
            raise service.Refused(422, f"the draft has {len(errors)} error(s): nothing published",
                                  [f"{e['file']}: {e['path']}: {e['message']}" for e in errors])
        docs = parse_texts(texts)
        cat = load_documents(docs)
        if cat.version == hall.catalogue.version and cat.digest != hall.catalogue.digest:
            # Kiosks, their staff pages and the heartbeat tell catalogues apart by this label: a new one.
            set_value(texts, "catalogue.toml", "version", f"{service.now():%Y.%m.%d-%H%M%S}")
            docs = parse_texts(texts)
            cat = load_documents(docs)
        number = hall.publish(docs.to_bundle(), cat, sources=texts, by=by)
        save(hall, texts, by, number)
    return number


def replace(hall, texts: Texts, by: str) -> list[dict]:
    """The draft becomes these texts (an imported folder); the errors they have."""
    with _EDITING:
        save(hall, texts, by)
    return check(texts)


def follow_release(hall, number: int, by: str) -> None:
    """After a rollback or a folder published directly, a draft with no edits of its own follows the live
    release; a draft with edits is kept as it is (its diff then shows them against the new live release)."""
    with _EDITING:
        try:
            texts, base = load(hall)
        except service.Refused:      # no draft, and the live release has no TOML files to start one from
            return
        with hall.engine.connect() as conn:
            old = catalogue_versions.get(conn, base) if base else None
            new = catalogue_versions.get(conn, number)
        if new.sources and old is not None and old.sources is not None and json.loads(old.sources) == texts:
            save(hall, json.loads(new.sources), by, number)
