"""Staff accounts: users with a role, argon2id password hashes, lockout, and bearer tokens stored hashed.

A login gives a session token (12 h at most, ended by 30 idle minutes); `token_add` gives a long-lived API
token for automation that carries its user's role. Only SHA-256 digests of tokens are stored, so a copy of
the database lets no one in. Passwords and tokens are never logged.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import insert, select, update
from sqlalchemy.engine import Connection

from . import db
from .service import Refused, now

ROLES = ("clerk", "reviewer", "editor", "supervisor")
MAX_FAILED = 5
LOCKOUT = dt.timedelta(minutes=15)
SESSION_MAX = dt.timedelta(hours=12)
SESSION_IDLE = dt.timedelta(minutes=30)
API_TOKEN_LIFE = dt.timedelta(days=365)
MIN_PASSWORD = 10
CLIENT_FAILURES = 20                  # wrong logins from one client (any user names) ...
CLIENT_WINDOW = dt.timedelta(minutes=10)   # ... within this long: 429 until the oldest ages out
_hasher = PasswordHasher()      # argon2id, 64 MiB, t=3: memory-hard, parameters stored in each hash
_DUMMY = _hasher.hash("an unknown user still costs one hash")


@dataclasses.dataclass(frozen=True)
class Principal:
    """Who is asking: a staff user (or the hall's automation token) and what they may touch."""
    username: str
    role: str
    department: str | None = None
    window: str | None = None

    def as_dict(self) -> dict:
        return dataclasses.asdict(self)


AUTOMATION = Principal("automation", "automation")


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise Refused(422, f"password must have at least {MIN_PASSWORD} characters")
    if len(password) > 256:
        raise Refused(422, "password longer than 256 characters")


def _check_user_fields(cat, role: str, department: str | None, window: str | None) -> None:
    if role not in ROLES:
        raise Refused(422, f"role must be one of {', '.join(ROLES)}")
    if role == "reviewer" and not department:
        raise Refused(422, "a reviewer needs --department (the department whose matters they review)")
    if role == "clerk" and not window:
        raise Refused(422, "a clerk needs --window (the window letter, e.g. A)")
    if department is not None and cat is not None and department not in cat.departments:
        raise Refused(422, f"unknown department {department!r}")
    if window is not None and cat is not None:
        letters = {loc.ticket_prefix for loc in cat.locations.values()}
        if window not in letters:
            raise Refused(422, f"unknown window {window!r} (windows: {', '.join(sorted(letters))})")


def add_user(conn: Connection, cat, username: str, role: str, password: str, department: str | None = None,
             window: str | None = None) -> dict:
    if not username or len(username) > 64 or not username.replace("-", "").replace("_", "").replace(".", "").isalnum():
        raise Refused(422, "user name: 1-64 letters, digits, '-', '_' or '.'")
    _check_user_fields(cat, role, department, window)
    _check_password(password)
    if conn.execute(select(db.users.c.username).where(db.users.c.username == username)).first():
        raise Refused(409, f"user {username} exists")
    t = now()
    conn.execute(insert(db.users).values(username=username, role=role, department=department, window=window,
                                         password_hash=_hasher.hash(password), disabled=False, failed=0,
                                         created_at=t, password_changed_at=t))
    audit(conn, "admin", "user-add", target=username, detail=role)
    return get_user(conn, username)


def get_user(conn: Connection, username: str) -> dict:
    row = conn.execute(select(db.users).where(db.users.c.username == username)).first()
    if row is None:
        raise Refused(404, f"no user {username}")
    return _user(row)


def _user(row) -> dict:
    return {"username": row.username, "role": row.role, "department": row.department, "window": row.window,
            "disabled": bool(row.disabled),
            "locked_until": row.locked_until.isoformat() if row.locked_until and row.locked_until > now() else None,
            "created_at": row.created_at.isoformat()}


def list_users(conn: Connection) -> list[dict]:
    return [_user(r) for r in conn.execute(select(db.users).order_by(db.users.c.username))]


def disable_user(conn: Connection, username: str, actor: str = "admin", disabled: bool = True) -> dict:
    get_user(conn, username)
    conn.execute(update(db.users).where(db.users.c.username == username).values(disabled=disabled))
    if disabled:        # a disabled user's sessions and API tokens end now
        conn.execute(update(db.tokens).where(db.tokens.c.username == username, db.tokens.c.revoked_at.is_(None))
                     .values(revoked_at=now()))
    audit(conn, actor, "user-disable" if disabled else "user-enable", target=username)
    return get_user(conn, username)


def set_password(conn: Connection, username: str, password: str, actor: str = "admin") -> dict:
    """Password reset: new hash, lockout cleared, every existing session ended."""
    get_user(conn, username)
    _check_password(password)
    t = now()
    conn.execute(update(db.users).where(db.users.c.username == username).values(
        password_hash=_hasher.hash(password), failed=0, locked_until=None, password_changed_at=t))
    conn.execute(update(db.tokens).where(db.tokens.c.username == username, db.tokens.c.kind == "session",
                                         db.tokens.c.revoked_at.is_(None)).values(revoked_at=t))
    audit(conn, actor, "password-reset", target=username)
    return get_user(conn, username)


def _issue(conn: Connection, username: str, kind: str, life: dt.timedelta, label: str | None = None) -> tuple[str, dt.datetime]:
    token = secrets.token_urlsafe(32)
    t = now()
    conn.execute(insert(db.tokens).values(token_hash=token_digest(token), username=username, kind=kind, label=label,
                                          created_at=t, expires_at=t + life, last_used_at=t))
    return token, t + life


class ClientThrottle:
    """Wrong logins per client address, in this process: one address trying many user names (each below its
    own lockout) is answered 429 after CLIENT_FAILURES in CLIENT_WINDOW."""

    def __init__(self):
        import threading

        self.failures: dict[str, list[dt.datetime]] = {}
        self.lock = threading.Lock()

    def check(self, client: str | None, t: dt.datetime) -> None:
        if client is None:
            return
        with self.lock:
            recent = [f for f in self.failures.get(client, []) if t - f < CLIENT_WINDOW]
            self.failures[client] = recent
            if len(recent) >= CLIENT_FAILURES:
                wait = int((recent[0] + CLIENT_WINDOW - t).total_seconds() // 60) + 1
                raise Refused(429, f"too many wrong logins from this computer: try again in {wait} minutes")

    def failed(self, client: str | None, t: dt.datetime) -> None:
        if client is not None:
            with self.lock:
                self.failures.setdefault(client, []).append(t)
                if len(self.failures) > 10000:          # bounded: forget the quietest addresses
                    for key in sorted(self.failures, key=lambda k: self.failures[k][-1])[:5000]:
                        del self.failures[key]


throttle = ClientThrottle()


def login(conn: Connection, username: str, password: str, client: str | None = None) -> dict:
    """{token, role, expires_at, user}; 401 wrong, 423 locked (5 wrong in a row lock it 15 minutes), 429 when
    one client (`client`, its address) has failed too often across user names."""
    t = now()
    throttle.check(client, t)
    row = conn.execute(select(db.users).where(db.users.c.username == username)).first()
    if row is None:
        try:
            _hasher.verify(_DUMMY, password + "x")     # the same work as for a real user: names don't leak by time
        except VerificationError:
            pass
        throttle.failed(client, t)
        raise Refused(401, "wrong user name or password")
    if row.locked_until and row.locked_until > t:
        raise Refused(423, f"account locked after {MAX_FAILED} wrong passwords until {row.locked_until:%H:%M}")
    try:
        _hasher.verify(row.password_hash, password)
    except (VerificationError, InvalidHashError):
        throttle.failed(client, t)
        failed = (row.failed or 0) + 1
        locked = t + LOCKOUT if failed >= MAX_FAILED else None
        # Written in a transaction of its own: the caller's rolls back with the refusal, the count must stay.
        with conn.engine.begin() as own:
            own.execute(update(db.users).where(db.users.c.username == username)
                        .values(failed=0 if locked else failed, locked_until=locked))
            audit(own, username, "login-failed", detail="locked" if locked else f"{failed} wrong")
        if locked:
            raise Refused(423, f"account locked after {MAX_FAILED} wrong passwords until {locked:%H:%M}")
        raise Refused(401, "wrong user name or password")
    if row.disabled:
        raise Refused(403, "this account is disabled")
    values = {"failed": 0, "locked_until": None}
    if _hasher.check_needs_rehash(row.password_hash):
        values["password_hash"] = _hasher.hash(password)
    conn.execute(update(db.users).where(db.users.c.username == username).values(**values))
    token, expires = _issue(conn, username, "session", SESSION_MAX)
    audit(conn, username, "login")
    return {"token": token, "role": row.role, "expires_at": expires.isoformat(), "user": _user(row)}


def token_add(conn: Connection, username: str, label: str, life: dt.timedelta = API_TOKEN_LIFE) -> dict:
    """A long-lived API token for automation, with the user's role (shown once)."""
    user = get_user(conn, username)
    if user["disabled"]:
        raise Refused(409, f"user {username} is disabled")
    token, expires = _issue(conn, username, "api", life, label)
    audit(conn, "admin", "token-add", target=username, detail=label)
    return {"token": token, "expires_at": expires.isoformat(), "username": username, "label": label}


def logout(conn: Connection, token: str) -> None:
    conn.execute(update(db.tokens).where(db.tokens.c.token_hash == token_digest(token),
                                         db.tokens.c.revoked_at.is_(None)).values(revoked_at=now()))


def check_token(conn: Connection, token: str) -> tuple[Principal, bool]:
    """The user behind a bearer token, and whether its last use should be written down (once a minute);
    401 for unknown, revoked, expired or idle tokens and disabled users."""
    j = db.tokens.join(db.users, db.users.c.username == db.tokens.c.username)
    row = conn.execute(select(db.tokens, db.users.c.role, db.users.c.department, db.users.c.window,
                              db.users.c.disabled).select_from(j)
                       .where(db.tokens.c.token_hash == token_digest(token))).first()
    t = now()
    if row is None or row.revoked_at is not None:
        raise Refused(401, "unknown or ended session: log in again")
    if row.expires_at <= t or (row.kind == "session" and row.last_used_at + SESSION_IDLE <= t):
        raise Refused(401, "session expired: log in again")
    if row.disabled:
        raise Refused(401, "this account is disabled")
    stale = t - row.last_used_at >= dt.timedelta(seconds=60)
    return Principal(row.username, row.role, row.department, row.window), stale


def touch(conn: Connection, token: str) -> None:
    conn.execute(update(db.tokens).where(db.tokens.c.token_hash == token_digest(token)).values(last_used_at=now()))


def principal(conn: Connection, token: str) -> Principal:
    """check_token, writing down the use when due (for callers inside a write transaction)."""
    p, stale = check_token(conn, token)
    if stale:
        touch(conn, token)
    return p


def audit(conn: Connection, username: str, action: str, receipt: str | None = None, target: str | None = None,
          detail: str | None = None) -> None:
    conn.execute(insert(db.audit).values(at=now(), username=username, action=action, receipt=receipt,
                                         target=target, detail=detail))


def audit_trail(conn: Connection, receipt: str | None = None, username: str | None = None,
                limit: int = 200) -> list[dict]:
    q = select(db.audit).order_by(db.audit.c.id.desc()).limit(limit)
    if receipt:
        q = q.where(db.audit.c.receipt == receipt)
    if username:
        q = q.where(db.audit.c.username == username)
    return [{"id": r.id, "at": r.at.isoformat(), "user": r.username, "action": r.action, "receipt": r.receipt,
             "target": r.target, "detail": r.detail} for r in conn.execute(q)]
