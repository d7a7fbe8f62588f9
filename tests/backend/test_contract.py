"""The committed OpenAPI document is the contract: it matches the server, and the server honours it."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from support import ROOT

CONTRACT = ROOT / "backend" / "openapi.json"


def test_committed_contract_matches_the_server():
    generated = subprocess.run([sys.executable, "-m", "backend.cli", "openapi"], cwd=ROOT, capture_output=True,
                               text=True, check=True).stdout
    assert json.loads(generated) == json.loads(CONTRACT.read_text(encoding="utf-8")), \
        "backend/openapi.json is stale: run `kiosk-hall openapi --write backend/openapi.json`"


def test_contract_is_versioned_and_covers_the_platform_api():
    spec = json.loads(CONTRACT.read_text(encoding="utf-8"))
    assert spec["openapi"].startswith("3.") and spec["info"]["version"]
    for path in ("/v1/catalogue/bundle", "/v1/applications", "/v1/applications/{app_id}/pages/{page_id}",
                 "/v1/applications/{app_id}/finalize", "/v1/tickets", "/v1/status/{receipt}",
                 "/v1/kiosks/self/heartbeat", "/v1/auth/login", "/v1/windows/{letter}/call-next",
                 "/v1/queue/now-serving", "/v1/desk/applications/{receipt}/accept",
                 "/v1/staff/applications/{receipt}/matters/{matter_id}/status"):
        assert path in spec["paths"]


def _schemathesis(hall, token: str, *extra: str, examples: int = 15) -> subprocess.CompletedProcess:
    # positive_data_acceptance is left out on purpose: the server rightly refuses schema-valid
    # applications that break the theme's rules (unknown theme, missing required field) with 422.
    return subprocess.run(
        [str(Path(sys.executable).with_name("schemathesis")), "run", str(CONTRACT), "-u", hall.url,
         "-H", f"Authorization: Bearer {token}", "-n", str(examples), "--seed", "7", "--generation-database", "none",
         "--exclude-checks", "positive_data_acceptance", *extra],
        cwd=ROOT, capture_output=True, text=True, timeout=600)


STAFF_PATHS = "^/v1/(staff|auth|windows|desk|review|audit|users|reports)"


def test_server_honours_its_contract_for_kiosks(hall):
    result = _schemathesis(hall, hall.token, "--exclude-path-regex", STAFF_PATHS)
    assert result.returncode == 0, result.stdout[-4000:]


def test_server_honours_its_contract_for_staff(hall):
    result = _schemathesis(hall, hall.staff_token, "--include-path-regex", "^/v1/staff")
    assert result.returncode == 0, result.stdout[-4000:]


def test_server_honours_its_contract_for_staff_users(hall):
    """The desk, queue, review and audit routes with a supervisor's session (logout left out: it would end it)."""
    import requests

    added = subprocess.run([sys.executable, "-m", "backend.cli", "user-add", "contract-boss", "--role", "supervisor",
                            "--password-stdin", "--db", str(hall.db)], input="contract-password-1\n", cwd=ROOT,
                           capture_output=True, text=True, timeout=60)
    assert added.returncode == 0, added.stderr
    token = requests.post(hall.url + "/v1/auth/login", json={"username": "contract-boss",
                                                              "password": "contract-password-1"}, timeout=30).json()["token"]
    result = _schemathesis(hall, token, "--include-path-regex", "^/v1/(auth|windows|desk|review|audit|users|queue|reports)",
                           "--exclude-path-regex", "^/v1/auth/logout", examples=8)
    assert result.returncode == 0, result.stdout[-4000:]
