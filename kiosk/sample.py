"""Generated sample applications: what `kiosk submit --sample THEME`, tests and benchmarks send.

A sample fills every required field of the theme's merged form with well-formed fictional values,
captures one page for every document to bring, and leaves non-key documents out (容缺), so it exercises
the same acceptance rules as a citizen's application.
"""
from __future__ import annotations

import hashlib
import random

import cv2
import numpy as np

from content.merge import notice
from devices.idcard.codes import check_char

_NAMES = {"applicant": "张三", "father": "李四", "mother": "王芳", "spouse": "王芳", "newborn": "李小明"}


def sample_id_number(rng: random.Random, birth: str = "19900101") -> str:
    first17 = f"441403{birth}{rng.randrange(100, 999)}"
    return first17 + check_char(first17)


def _value(field: dict, rng: random.Random) -> str:
    t = field["type"]
    if field.get("options"):
        return field["options"][0]
    if t == "name":
        return _NAMES.get(field["holder"], "赵六")
    if t == "id_number":
        return sample_id_number(rng)
    if t == "phone":
        return f"138{rng.randrange(10 ** 7, 10 ** 8)}"
    if t == "date":
        return "2026-11-02"
    if t in ("integer", "area"):
        return "1"
    if t == "money":
        return "1000"
    if t == "email":
        return "citizen@example.cn"
    if t == "bank_account":
        return "6222020200112233445"
    if t == "credit_code":
        return "91441403MA51AB2C3X"
    if t == "plate_number":
        return "粤M12345"
    if t == "address":
        return "广东省梅州市梅县区新城办事处华侨城一路1号"
    if field.get("pattern") == "[A-Z][0-9]{9}":
        return "R440123456"
    return "样例"


def page_image(label: str, rng: random.Random, size: tuple[int, int] = (1240, 1754)) -> bytes:
    """An A4 page at 150 dpi with some text lines, as JPEG: the size and shape of a real capture."""
    w, h = size
    img = np.full((h, w), 250, np.uint8)
    cv2.putText(img, label[:40], (80, 160), cv2.FONT_HERSHEY_SIMPLEX, 1.6, 20, 3)
    for y in range(260, h - 120, 44):
        x2 = rng.randrange(w // 2, w - 80)
        cv2.line(img, (80, y), (x2, y), 60, 6)
    ok, jpg = cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, 80])
    assert ok
    return jpg.tobytes()


def sample_application(cat, theme_key: str, seed: int = 0, pages_per_material: int = 1) -> tuple[dict, list[dict]]:
    """(application body, pages) for a theme, first option of every question chosen."""
    rng = random.Random(seed)
    theme = cat.theme(theme_key)
    answers = {q.id: q.options[0].value for q in theme.questions}
    n = notice(cat, theme, answers)
    form = {f["id"]: _value(f, rng) for f in n["fields"] if f["source"] != "derived"}
    materials, pages = [], []
    for m in n["materials"]:
        if not m["provide"]:
            continue
        if not m["key"]:
            materials.append({"id": m["id"], "provided": False, "pages": []})  # 容缺: follows later
            continue
        ids = []
        for i in range(pages_per_material):
            data = page_image(f"{m['material']} {i + 1}", rng)
            page_id = f"p{len(pages) + 1:03d}"
            ids.append(page_id)
            pages.append({"page_id": page_id, "sha256": hashlib.sha256(data).hexdigest(),
                          "material": m["id"], "data": data})
        materials.append({"id": m["id"], "provided": True, "pages": ids})
    body = {"theme": theme.id, "catalogue_version": cat.version, "answers": answers, "form": form,
            "materials": materials,
            "pages": [{"page_id": p["page_id"], "sha256": p["sha256"], "size": len(p["data"]),
                       "material": p["material"]} for p in pages]}
    return body, pages
