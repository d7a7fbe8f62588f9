"""Staff accounts from the command line as a hall sets them up, and the lockout whoever calls login."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from backend import accounts, db
from backend.service import Refused
from content import load_catalogue
from support import ROOT

SECRET = "a-long-hall-password"


def _hall(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "backend.cli", *args], input=stdin, cwd=ROOT, capture_output=True,
                          text=True, timeout=120)


def test_accounts_are_set_up_from_the_command_line_and_passwords_never_show(tmp_path):
    dbp = str(tmp_path / "hall.sqlite3")
    added = _hall("user-add", "wang.li", "--role", "clerk", "--window", "A", "--db", dbp, "--password-stdin",
                  stdin=SECRET + "\n")
    assert added.returncode == 0 and "wang.li" in added.stdout, added.stderr
    token = _hall("token-add", "wang.li", "--label", "queue-display", "--db", dbp)
    assert token.returncode == 0 and len(token.stdout.strip()) >= 40
    disabled = _hall("user-disable", "wang.li", "--db", dbp)
    assert disabled.returncode == 0
    listed = json.loads(_hall("user-list", "--json", "--db", dbp).stdout)
    assert [(u["username"], u["role"], u["window"], u["disabled"]) for u in listed] == [("wang.li", "clerk", "A", True)]
    everything = "".join(r.stdout + r.stderr for r in (added, token, disabled))
    assert SECRET not in everything
    stored = db.connect(dbp)
    with stored.connect() as conn:
        row = conn.execute(db.users.select()).one()
        assert row.password_hash.startswith("$argon2id$") and SECRET not in row.password_hash
        with pytest.raises(Refused) as gone:              # a disabled user's API token ends with the account
            accounts.check_token(conn, token.stdout.strip())
        assert gone.value.status == 401
    stored.dispose()


def test_wrong_passwords_lock_even_when_the_callers_transaction_rolls_back(tmp_path):
    engine = db.connect(str(tmp_path / "hall.sqlite3"))
    with engine.begin() as conn:
        accounts.add_user(conn, load_catalogue(), "zhao", "supervisor", SECRET)
    with pytest.raises(Refused, match="--department"), engine.begin() as conn:
        accounts.add_user(conn, load_catalogue(), "chen", "reviewer", SECRET)
    with pytest.raises(Refused, match="unknown window"), engine.begin() as conn:
        accounts.add_user(conn, load_catalogue(), "li", "clerk", SECRET, window="Q")
    statuses = []
    for _ in range(accounts.MAX_FAILED):
        with pytest.raises(Refused) as refused:
            with engine.begin() as conn:      # the refusal leaves this block: its transaction rolls back
                accounts.login(conn, "zhao", "not-the-password")
        statuses.append(refused.value.status)
    assert statuses == [401] * (accounts.MAX_FAILED - 1) + [423]
    with pytest.raises(Refused) as locked, engine.begin() as conn:
        accounts.login(conn, "zhao", SECRET)
    assert locked.value.status == 423
    with engine.begin() as conn:
        accounts.set_password(conn, "zhao", "another-long-password")     # a reset clears the lockout
        assert accounts.login(conn, "zhao", "another-long-password")["role"] == "supervisor"
    engine.dispose()


def test_one_client_guessing_across_user_names_is_slowed_down_with_429(tmp_path, monkeypatch):
    engine = db.connect(str(tmp_path / "hall.sqlite3"))
    monkeypatch.setattr(accounts, "throttle", accounts.ClientThrottle())
    monkeypatch.setattr(accounts, "CLIENT_FAILURES", 3)
    with engine.begin() as conn:
        accounts.add_user(conn, load_catalogue(), "zhao", "supervisor", SECRET)
    statuses = []
    for name in ("li", "wang", "zhao", "chen"):           # below any one account's lockout
        with pytest.raises(Refused) as refused, engine.begin() as conn:
            accounts.login(conn, name, "guess-guess-guess", client="10.0.0.9")
        statuses.append(refused.value.status)
    assert statuses == [401, 401, 401, 429]
    with pytest.raises(Refused) as still, engine.begin() as conn:     # even the right password, from there
        accounts.login(conn, "zhao", SECRET, client="10.0.0.9")
    assert still.value.status == 429
    with engine.begin() as conn:                                       # another computer is not affected
        assert accounts.login(conn, "zhao", SECRET, client="10.0.0.10")["role"] == "supervisor"
    engine.dispose()
