"""Signed catalogues end to end: a real `kiosk-hall serve` signs each release, `kiosk catalogue fetch` (a real
kiosk process) refuses a flipped byte, an unsigned bundle, another key's signature and an older release
replayed to it, each with its reason, and keeps the catalogue it had. A proxy between them plays the
attacker (a real HTTP layer that tampers, not a mocked client)."""
from __future__ import annotations

import base64
import json
import os
import re
import subprocess
import sys

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from content import load_catalogue
from content.signature import KEY_HEADER, RELEASE_HEADER, SIGNATURE_HEADER, signed_message

RELEASE, SIGNATURE, KEY = RELEASE_HEADER.lower(), SIGNATURE_HEADER.lower(), KEY_HEADER.lower()
from kiosk.config import ConfigError, load_config
from support import ROOT, FaultProxy, HallServer, hall_signing_key, run_kiosk

PACKAGED = load_catalogue()


def version(folder, label: str):
    cat = folder / "catalogue.toml"
    cat.write_text(re.sub(r'(?m)^version = ".*"$', f'version = "{label}"', cat.read_text("utf-8")), "utf-8")
    hidden = folder / "themes" / "offsite-medical-filing.toml"      # a change a citizen sees
    if "enabled = false" not in hidden.read_text("utf-8"):
        hidden.write_text(hidden.read_text("utf-8").replace("\nno = 3\n", "\nno = 3\nenabled = false\n"), "utf-8")
    return folder


@pytest.fixture
def setup(tmp_path):
    key, public = hall_signing_key(tmp_path)
    hall = HallServer(tmp_path / "hall.sqlite3", extra=("--signing-key", str(key)))
    token = hall.add_kiosk("mx-sign-01")
    hall.start()
    proxy = FaultProxy(hall.url)
    env = {**os.environ, "KIOSK_DATA_DIR": str(tmp_path / "kiosk"), "KIOSK_BACKEND_URL": proxy.url,
           "KIOSK_KIOSK_TOKEN": token, "KIOSK_CATALOGUE_PUBLIC_KEYS": public}
    env.pop("KIOSK_CONFIG", None)
    yield hall, proxy, env
    proxy.close()
    hall.stop()


def fetch(env) -> dict:
    result = run_kiosk("catalogue", "fetch", "--json", env=env)
    assert result.stdout, result.stderr
    out = json.loads(result.stdout)
    assert result.returncode == (0 if out["result"] in ("updated", "unchanged") else 1)
    return out


def status(env) -> dict:
    """What the kiosk would start with now (the same code as `kiosk catalogue status`, in this process)."""
    from kiosk.catalogue_sync import CatalogueStore, initial_catalogue

    cfg = load_config(environ=env)
    cat, _etag = initial_catalogue(cfg)
    return {"version": cat.version, "release": CatalogueStore(cfg.data_dir / "catalogue").held_release(),
            "themes": [t.id for t in cat.enabled_themes()]}


def answering(recorded):
    """A proxy hook answering every bundle request with `recorded` (status, headers, body)."""
    return lambda path, *answer: recorded if path.startswith("/v1/catalogue/bundle") else answer


def edited(change):
    """A proxy hook passing the hall's bundle answer through `change(headers dict, body)`."""
    def respond(path, code, headers, body):
        if not path.startswith("/v1/catalogue/bundle") or code != 200:
            return code, headers, body
        h, body = change({k.lower(): v for k, v in headers}, body)
        return code, list(h.items()), body
    return respond


def test_unpinned_tampered_unsigned_foreign_and_replayed_bundles_are_refused_and_the_kiosk_keeps_its_own(
        setup, catalogue_copy):
    hall, proxy, env = setup
    # No key pinned (a kiosk set up before its hall had one): every catalogue is refused.
    out = fetch({**env, "KIOSK_CATALOGUE_PUBLIC_KEYS": ""})
    assert out["result"] == "refused" and "no catalogue public key configured" in out["reason"]
    assert status(env)["release"] == 0
    release_1 = []                                      # what the hall served first: recorded for a replay
    proxy.respond = lambda path, *answer: (release_1.append(answer) or answer) \
        if path.startswith("/v1/catalogue/bundle") and answer[0] == 200 else answer
    assert fetch(env) == {"result": "unchanged", "version": PACKAGED.version, "release": 1, "reason": None}
    assert {k.lower(): v for k, v in release_1[0][1]}[RELEASE] == "1"
    proxy.respond = None
    assert hall.hall("publish", "--dir", str(version(catalogue_copy, "2026.12.01-2"))).returncode == 0
    assert fetch(env) == {"result": "updated", "version": "2026.12.01-2", "release": 2, "reason": None}
    assert hall.hall("publish", "--dir", str(version(catalogue_copy, "2026.12.01-3"))).returncode == 0

    def flip(h, body):
        i = body.index("2026.12.01-3".encode()) + 11
        return h, body[:i] + bytes([body[i] ^ 0x01]) + body[i + 1:]

    def unsigned(h, body):
        return {k: v for k, v in h.items() if k not in (SIGNATURE, KEY)}, body

    other = Ed25519PrivateKey.generate()

    def foreign(h, body):
        h[SIGNATURE] = base64.b64encode(other.sign(signed_message(int(h[RELEASE]), body))).decode()
        h[KEY] = base64.b64encode(other.public_key().public_bytes_raw()).decode()
        return h, body

    for hook, reason in ((edited(flip), "signature does not match the bundle"),
                         (edited(unsigned), "release 3 is unsigned"),
                         (edited(foreign), "which this kiosk does not trust"),
                         (answering(release_1[0]), "release 1 is older than release 2 held here")):
        proxy.respond = hook
        out = fetch(env)
        assert out["result"] == "refused" and reason in out["reason"], out
        assert out["version"] == "2026.12.01-2" and out["release"] == 2
        held = status(env)                              # what the kiosk starts with: still release 2
        assert held["version"] == "2026.12.01-2" and held["release"] == 2
        assert "offsite-medical-filing" not in held["themes"]
    proxy.respond = None
    assert fetch(env) == {"result": "updated", "version": "2026.12.01-3", "release": 3, "reason": None}


def test_two_pinned_keys_accept_either_during_a_key_change(setup, catalogue_copy, tmp_path):
    """Rotation: kiosks pin old and new key; the hall restarts with the new key and kiosks follow."""
    hall, _proxy, env = setup
    new_key, new_public = hall_signing_key(tmp_path)
    env = {**env, "KIOSK_CATALOGUE_PUBLIC_KEYS": env["KIOSK_CATALOGUE_PUBLIC_KEYS"] + "," + new_public}
    assert fetch(env)["result"] == "unchanged"
    hall.stop()
    hall.extra = ("--signing-key", str(new_key))
    hall.start()
    assert hall.hall("publish", "--dir", str(version(catalogue_copy, "2026.12.01-2"))).returncode == 0
    assert fetch(env) == {"result": "updated", "version": "2026.12.01-2", "release": 2, "reason": None}
    history = json.loads(hall.hall("catalogue", "history", "--json").stdout)
    assert history[0]["signed_by"] == new_public


def test_a_mistyped_public_key_is_named_when_the_configuration_loads():
    with pytest.raises(ConfigError, match=r"\[catalogue\] public_keys"):
        load_config(environ={"KIOSK_CONFIG": "", "KIOSK_CATALOGUE_PUBLIC_KEYS": "not-a-key"})
    short = base64.b64encode(b"x" * 31).decode()
    with pytest.raises(ConfigError, match="32 bytes"):
        load_config(environ={"KIOSK_CONFIG": "", "KIOSK_CATALOGUE_PUBLIC_KEYS": short})


def test_keygen_writes_a_private_file_and_refuses_to_overwrite_it(tmp_path):
    key, public = hall_signing_key(tmp_path)
    assert key.stat().st_mode & 0o777 == 0o600 and len(base64.b64decode(public)) == 32
    again = subprocess.run([sys.executable, "-m", "backend.cli", "keygen", "--out", str(key)], cwd=ROOT,
                           capture_output=True, text=True, timeout=60)
    assert again.returncode == 1 and "already exists" in again.stderr


def test_a_refused_catalogue_is_reported_in_the_heartbeat_and_cleared_by_the_next_good_one(setup, catalogue_copy):
    import time

    from kiosk.core import KioskCore

    hall, proxy, env = setup
    assert hall.hall("publish", "--dir", str(version(catalogue_copy, "2026.12.01-2"))).returncode == 0
    proxy.respond = edited(lambda h, body: ({k: v for k, v in h.items() if k not in (SIGNATURE, KEY)}, body))
    core = KioskCore(load_config(environ=env), PACKAGED)
    try:
        core.services.catalogue_sync.check_now()                # as the timer or the staff button does, on a worker
        deadline = time.monotonic() + 60
        while core.services.devices.snapshot().get("catalogue", {}).get("state") != "degraded":
            assert time.monotonic() < deadline, core.services.devices.snapshot()
            time.sleep(0.1)
        assert core.services.heartbeat.beat() is not None
        [kiosk] = json.loads(hall.hall("kiosks", "--json").stdout)
        assert kiosk["health"]["catalogue"]["state"] == "degraded"
        assert "release 2 is unsigned" in kiosk["health"]["catalogue"]["reason"]
        assert "catalogue degraded" in hall.hall("kiosks").stdout
        proxy.respond = None
        core.services.catalogue_sync.check_now()
        while core.services.devices.snapshot()["catalogue"]["state"] != "ok":
            assert time.monotonic() < deadline + 60, core.services.devices.snapshot()
            time.sleep(0.1)
        assert core.services.catalogue_sync.pending.version == "2026.12.01-2"
    finally:
        core.stop()
