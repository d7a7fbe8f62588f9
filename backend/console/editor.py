"""The catalogue editor's pages (role editor; a supervisor too): the home screen's theme list with up/down,
on/off and category, the edit form of a theme, matter, material or form field, with each error of the
checks beside its field. Thin over backend/catalogue_draft.py: every save is catalogue_draft.edit, the
same function the JSON API and the command line call, so nothing here can publish what the checks refuse."""
from __future__ import annotations

import tomllib

from fastapi import APIRouter, Request

from .. import catalogue_draft, service
from . import forms
from .web import Console, ConsoleError, refusal

EDITORS = ("editor",)           # and the supervisor (Console.staff lets a supervisor open every page)


def theme_rows(texts: dict) -> list[dict]:
    """Every theme in home-screen order (hidden ones included), read from the draft's files as they are, so
    the list shows even while some file has an error."""
    rows = []
    for rel in catalogue_draft._home_order(texts):
        try:
            doc = tomllib.loads(texts[rel])
        except tomllib.TOMLDecodeError:
            doc = {}
        rows.append({"file": rel, "id": doc.get("id", rel), "no": doc.get("no"), "name": doc.get("name", rel),
                     "category": doc.get("category", ""), "enabled": doc.get("enabled", True) is not False})
    return rows


def edit_url(file: str) -> str:
    return "/console/catalogue/edit/" + file.removesuffix(".toml")


def routes(console: Console) -> APIRouter:
    r = APIRouter()
    hall = console.hall

    def save(s, ops: list[dict]) -> dict:
        return catalogue_draft.edit(hall, ops, s.user.username)

    def home_page(request: Request, s, status: int = 200, error: str | None = None):
        texts, base = catalogue_draft.load(hall)
        rows = theme_rows(texts)
        errors = catalogue_draft.check(texts)
        cats = sorted({t.category for t in hall.catalogue.themes.values()} | {x["category"] for x in rows})
        return console.render(request, "catalogue.html", s, status=status, rows=rows, base=base,
                              errors=errors, cats=cats, CATEGORY_ZH=forms.CATEGORY_ZH, error=error,
                              edit_url=edit_url, release=hall.release)

    @r.get("/console/catalogue")
    def home(request: Request):
        s = console.staff(request, *EDITORS)
        return home_page(request, s)

    @r.post("/console/catalogue/themes")
    async def themes(request: Request):
        """One change to the home list: move up/down, switch on/off, change category."""
        s = console.staff(request, *EDITORS)
        data = await console.form(request, s)
        action, _, theme = str(data.get("do", "")).partition(":")     # one form, one button per action
        texts, _ = catalogue_draft.load(hall)
        rows = theme_rows(texts)
        ids = [x["id"] for x in rows]
        if theme not in ids:
            return home_page(request, s, 404, f"没有主题 {theme}。")
        shown = [x["id"] for x in rows if x["enabled"]]
        name = next(x["name"] for x in rows if x["id"] == theme)
        if action in ("up", "down"):
            if theme not in shown:
                return home_page(request, s, 409, "未上线的主题不在首页上，先上线再调整顺序。")
            i = shown.index(theme)
            j = i - 1 if action == "up" else i + 1
            if not 0 <= j < len(shown):
                return home_page(request, s, 409, f"{name} 已经在{'最前' if action == 'up' else '最后'}。")
            shown[i], shown[j] = shown[j], shown[i]
            ops, done = [{"op": "reorder", "themes": shown}], f"{name} 已{'上移' if action == 'up' else '下移'}"
        elif action in ("on", "off"):
            ops = [{"op": "enable", "theme": theme, "enabled": action == "on"}]
            done = f"{name} 已{'上线' if action == 'on' else '下线'}"
        elif action == "category":
            ops, done = [{"op": "category", "theme": theme, "category": str(data.get(f"category-{theme}", ""))}], \
                f"{name} 的类别已改"
        else:
            return home_page(request, s, 422, "请选择一个操作。")
        try:
            out = save(s, ops)
        except service.Refused as exc:
            return home_page(request, s, exc.status, refusal(exc, "保存"))
        note = "（草稿，尚未发布）" if out["ok"] else f"（草稿有 {len(out['errors'])} 处错误，修正后才能发布）"
        return console.redirect("/console/catalogue", s, done + note)

    def edit_page(request: Request, s, file: str, texts: dict, status: int = 200, posted: dict | None = None,
                  errors: list | None = None, saved: bool = False):
        kind = file.split("/", 1)[0]
        try:
            doc = tomllib.loads(texts[file])
        except tomllib.TOMLDecodeError as exc:
            raise ConsoleError(409, f"{file} 不是有效的 TOML（{exc}），请用 kiosk-hall catalogue import 修正。") \
                from None
        fields = forms.fields_for(kind, doc, hall.catalogue)
        errors = catalogue_draft.check(texts) if errors is None else errors
        by_field, rest = forms.beside(errors, file, fields)
        values = {f.path: (posted.get(f.path) if posted is not None and f.kind != "bool" else
                           forms.shown(forms.get(doc, f.path), f)) for f in fields}
        if posted is not None:
            for f in fields:
                if f.kind == "bool":
                    values[f.path] = "1" if f.path in posted else ""
        return console.render(request, "catalogue_edit.html", s, status=status, file=file, kind=kind,
                              KINDS=forms.KINDS, doc=doc, fields=fields, values=values, by_field=by_field,
                              rest=rest, all_errors=errors, saved=saved, edit_url=edit_url)

    def file_of(kind: str, name: str, texts: dict) -> str:
        file = f"{kind}/{name}.toml"
        if kind not in forms.KINDS or file not in texts:
            raise ConsoleError(404, f"草稿中没有 {file}。")
        return file

    @r.get("/console/catalogue/edit/{kind}/{name}")
    def edit_form(request: Request, kind: str, name: str):
        s = console.staff(request, *EDITORS)
        texts, _ = catalogue_draft.load(hall)
        return edit_page(request, s, file_of(kind, name, texts), texts)

    @r.post("/console/catalogue/edit/{kind}/{name}")
    async def edit_save(request: Request, kind: str, name: str):
        s = console.staff(request, *EDITORS)
        data = await console.form(request, s)
        texts, _ = catalogue_draft.load(hall)
        file = file_of(kind, name, texts)
        doc = tomllib.loads(texts[file])
        ops = forms.operations(file, texts[file], forms.fields_for(kind, doc, hall.catalogue), data)
        if not ops:
            return edit_page(request, s, file, texts, posted=data)
        try:
            out = save(s, ops)
        except service.Refused as exc:
            page = edit_page(request, s, file, texts, exc.status, data)
            return page
        texts, _ = catalogue_draft.load(hall)
        mine = [e for e in out["errors"] if e["file"] == file]
        if mine:      # saved in the draft (nothing lost), shown with each error beside its field
            return edit_page(request, s, file, texts, 422, data, out["errors"])
        return edit_page(request, s, file, texts, errors=out["errors"], saved=True)

    return r
