"""Helpers for the desk tests: staff accounts in a hall's database, logins and requests over real HTTP."""
from __future__ import annotations

import requests

from content import load_catalogue
from kiosk.sample import sample_application

PASSWORD = "hall-desk-password"
#: name -> (role, department, window)
STAFF = {
    "clerk-a": ("clerk", None, "A"),
    "clerk-b": ("clerk", None, "B"),
    "rev-med": ("reviewer", "healthcare-security", None),
    "rev-police": ("reviewer", "public-security", None),
    "rev-hr": ("reviewer", "civil-affairs-hr", None),
    "editor": ("editor", None, None),
    "boss": ("supervisor", None, None),
}


def add_staff(db_path, names=STAFF) -> None:
    """The hall's staff accounts, written straight into its database before the server starts."""
    from backend import accounts, db

    engine = db.connect(str(db_path))
    cat = load_catalogue()
    with engine.begin() as conn:
        for name, (role, dept, window) in names.items():
            accounts.add_user(conn, cat, name, role, PASSWORD, dept, window)
    engine.dispose()


def login(hall, name: str, password: str = PASSWORD) -> requests.Response:
    return requests.post(hall.url + "/v1/auth/login", json={"username": name, "password": password}, timeout=30)


def bearer(token: str | None) -> dict:
    return {"Authorization": f"Bearer {token}"} if token else {}


def submit(hall, kiosk_token: str, key: str, theme: str = "5") -> dict:
    """A kiosk's application over the kiosk API (create, pages, finalize with a ticket): its finalize answer."""
    cat = load_catalogue()
    body, pages = sample_application(cat, theme)
    auth = bearer(kiosk_token)
    app = requests.post(hall.url + "/v1/applications", json=body, headers={**auth, "Idempotency-Key": key},
                        timeout=30).json()
    for p in pages:
        r = requests.put(f"{hall.url}/v1/applications/{app['id']}/pages/{p['page_id']}", data=p["data"],
                         headers={**auth, "X-Content-SHA256": p["sha256"]}, timeout=30)
        assert r.status_code == 201, r.text
    r = requests.post(f"{hall.url}/v1/applications/{app['id']}/finalize", json={"ticket": True}, headers=auth,
                      timeout=30)
    assert r.status_code == 200, r.text
    return r.json()


def jpeg(label: str = "owed page") -> bytes:
    import io

    from PIL import Image, ImageDraw

    img = Image.new("RGB", (400, 560), "white")
    ImageDraw.Draw(img).text((20, 20), label, fill="black")
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=70)
    return buf.getvalue()
