"""Catalogue updates against a real hall server: publish, fetch with ETag, verify, store, switch at rest."""
from __future__ import annotations

import json
import logging
import re

import pytest

from content import load_catalogue
from kiosk.catalogue_sync import (NEW, REFUSED, UNCHANGED, BundleRefused, CatalogueStore, CatalogueSync,
                                  initial_catalogue, verify_bundle)
from kiosk.catalogue_trust import CatalogueTrust, parse_keys
from kiosk.config import load_config
from kiosk.core import KioskCore
from kiosk.hall_client import HallClient
from support import FaultProxy, HallServer, hall_signing_key

PACKAGED = load_catalogue()


def edit(folder, version="2026.12.01-1", title="新生儿出生一件事"):
    """Theme 5 renamed, theme 3 hidden, version bumped: what staff do in the TOML files."""
    birth = folder / "themes" / "birth.toml"
    birth.write_text(re.sub(r'(?m)^name = ".*"$', f'name = "{title}"', birth.read_text("utf-8"), count=1), "utf-8")
    hidden = folder / "themes" / "offsite-medical-filing.toml"
    if "enabled = false" not in hidden.read_text("utf-8"):
        hidden.write_text(hidden.read_text("utf-8").replace("\nno = 3\n", "\nno = 3\nenabled = false\n"), "utf-8")
    cat = folder / "catalogue.toml"
    cat.write_text(re.sub(r'(?m)^version = ".*"$', f'version = "{version}"', cat.read_text("utf-8")), "utf-8")
    return folder


@pytest.fixture
def hall(tmp_path):
    key, public = hall_signing_key(tmp_path)
    server = HallServer(tmp_path / "hall.sqlite3", extra=("--signing-key", str(key)))
    token = server.add_kiosk("mx-test-01")
    server.start()
    server.token, server.public_key = token, public
    yield server
    server.stop()


def cfg_for(tmp_path, hall_url, token, public_key=""):
    return load_config(environ={"KIOSK_DATA_DIR": str(tmp_path / "kiosk"), "KIOSK_BACKEND_URL": hall_url,
                                "KIOSK_KIOSK_TOKEN": token, "KIOSK_CONFIG": "",
                                "KIOSK_CATALOGUE_PUBLIC_KEYS": public_key})


def trust(hall):
    return CatalogueTrust(parse_keys(hall.public_key))


def test_published_catalogue_is_fetched_verified_stored_and_switched_only_at_rest(hall, tmp_path, catalogue_copy):
    core = KioskCore(cfg_for(tmp_path, hall.url, hall.token, hall.public_key), PACKAGED)
    try:
        assert core.services.catalogue_sync.check().outcome == UNCHANGED       # the hall serves the packaged one: 304
        published = hall.hall("publish", "--dir", str(edit(catalogue_copy)))
        assert published.returncode == 0 and "2026.12.01-1" in published.stdout, published.stderr
        core.journey.begin("birth")                                           # a citizen is mid-journey
        result = core.services.catalogue_sync.check()
        assert result.outcome == NEW and result.version == "2026.12.01-1"
        assert not core.switch_to_pending_catalogue() and core.catalogue.version == PACKAGED.version
        core.end()                                                    # back to attract, no session
        assert core.switch_to_pending_catalogue()
        assert core.catalogue.version == "2026.12.01-1"
        titles = [t.name for t in core.journey.themes_by_use()]
        assert "新生儿出生一件事" in titles and all(t.no != 3 for t in core.journey.themes_by_use())
        assert [t.id for t in core.journey.index.search("新生儿出生")][:1] == ["birth"]
        stored = json.loads((tmp_path / "kiosk" / "catalogue" / "current.json").read_text("utf-8"))
        assert stored["documents"]["catalogue.toml"]["version"] == "2026.12.01-1"
        assert core.services.catalogue_sync.check().outcome == UNCHANGED       # 304 with the new ETag
    finally:
        core.stop()


def test_kiosk_restart_uses_the_stored_good_catalogue_even_with_the_hall_down(hall, tmp_path, catalogue_copy):
    cfg = cfg_for(tmp_path, hall.url, hall.token, hall.public_key)
    assert hall.hall("publish", "--dir", str(edit(catalogue_copy))).returncode == 0
    sync = CatalogueSync(HallClient(hall.url, hall.token), CatalogueStore(cfg.data_dir / "catalogue"),
                         f'"{PACKAGED.digest}"', PACKAGED.version, trust=trust(hall))
    assert sync.check().outcome == NEW
    hall.stop()
    cat, etag = initial_catalogue(cfg)
    assert cat.version == "2026.12.01-1" and etag.strip('"').split("-")[0] == cat.digest
    core = KioskCore(cfg, cat)
    try:
        assert core.services.catalogue_sync.check().outcome == "unreachable" and core.catalogue.version == "2026.12.01-1"
    finally:
        core.stop()


@pytest.mark.parametrize("damage, reason", [
    (lambda data: data[: len(data) // 2], "not valid JSON"),
    (lambda data: data.replace(b'"roles.toml"', b'"roles-gone.toml"'), "roles.toml"),
    (lambda data: data.replace("新生儿出生一件事".encode(), "新生儿出生一件事！".encode()), "does not match"),
])
def test_damaged_bundle_is_refused_with_a_logged_reason_and_the_last_good_kept(
        hall, tmp_path, catalogue_copy, caplog, damage, reason):
    cfg = cfg_for(tmp_path, hall.url, hall.token, hall.public_key)
    store = CatalogueStore(cfg.data_dir / "catalogue")
    first = CatalogueSync(HallClient(hall.url, hall.token), store, f'"{PACKAGED.digest}"', PACKAGED.version,
                          trust=trust(hall))
    assert hall.hall("publish", "--dir", str(edit(catalogue_copy))).returncode == 0
    assert first.check().outcome == NEW
    good = store.current.read_bytes()
    assert hall.hall("publish", "--dir", str(edit(catalogue_copy, "2026.12.02-1"))).returncode == 0
    proxy = FaultProxy(hall.url)
    proxy.rewrite = lambda path, data: damage(data) if path.startswith("/v1/catalogue/bundle") else data
    try:
        sync = CatalogueSync(HallClient(proxy.url, hall.token), store, first.etag, first.version,
                             trust=trust(hall))
        with caplog.at_level(logging.ERROR, logger="kiosk.catalogue_sync"):
            result = sync.check()
        # The signature covers the bytes: any damage is refused before the content is even read ...
        assert result.outcome == REFUSED and "signature does not match" in result.reason
        # ... and the content checks behind it still name what is wrong with such bytes.
        data, etag = HallClient(hall.url, hall.token).catalogue_bundle()
        with pytest.raises(BundleRefused, match=reason):
            verify_bundle(damage(data), etag)
        assert sync.pending is None and sync.version == "2026.12.01-1"
        assert any("refused" in r.getMessage() and "signature" in r.getMessage() for r in caplog.records)
        assert store.current.read_bytes() == good                      # the last good copy is untouched
        assert initial_catalogue(cfg)[0].version == "2026.12.01-1"
    finally:
        proxy.close()


def test_a_damaged_stored_copy_falls_back_to_the_packaged_catalogue(tmp_path, caplog):
    cfg = load_config(environ={"KIOSK_DATA_DIR": str(tmp_path), "KIOSK_CONFIG": ""})
    store = CatalogueStore(cfg.data_dir / "catalogue")
    store.save(PACKAGED.digest.encode(), None, "x")                    # not a bundle at all
    with caplog.at_level(logging.ERROR):
        cat, etag = initial_catalogue(cfg)
    assert cat.version == PACKAGED.version and etag is None
    assert any("not usable" in r.getMessage() for r in caplog.records)


def test_store_replaces_atomically_and_keeps_the_previous_copy(tmp_path):
    store = CatalogueStore(tmp_path / "catalogue")
    store.save(b"one", '"a"', "1")
    store.save(b"two", '"b"', "2")
    assert store.current.read_bytes() == b"two" and store.previous.read_bytes() == b"one"
    assert json.loads(store.meta.read_text())["etag"] == '"b"'
    assert sorted(p.name for p in store.folder.iterdir()) == ["current.json", "current.meta.json", "previous.json"]


def test_publish_refuses_an_invalid_folder_and_keeps_serving_the_old_catalogue(hall, catalogue_copy):
    (catalogue_copy / "roles.toml").unlink()
    result = hall.hall("publish", "--dir", str(catalogue_copy))
    assert result.returncode == 1 and "roles.toml" in result.stderr and "nothing published" in result.stderr
    client = HallClient(hall.url, hall.token)
    assert client.catalogue_bundle(f'"{PACKAGED.digest}-1"')[0] is None   # still release 1, the packaged one


def test_publish_through_the_api_with_the_staff_token(hall, catalogue_copy):
    import os
    import subprocess
    import sys

    from support import ROOT

    env = {**os.environ, "HALL_STAFF_TOKEN": hall.staff_token}
    result = subprocess.run([sys.executable, "-m", "backend.cli", "publish", "--dir", str(edit(catalogue_copy)),
                             "--url", hall.url], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    data, etag = HallClient(hall.url, hall.token).catalogue_bundle()
    assert b"2026.12.01-1" in data and etag
    env["HALL_STAFF_TOKEN"] = "wrong"
    refused = subprocess.run([sys.executable, "-m", "backend.cli", "publish", "--dir", str(catalogue_copy),
                              "--url", hall.url], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert refused.returncode == 1 and "401" in refused.stderr
