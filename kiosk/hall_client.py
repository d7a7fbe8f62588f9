"""The kiosk's client of the hall server API (backend/openapi.json): timeouts on every call, retries only
where a repeat is safe, and errors the UI and the outbox can act on."""
from __future__ import annotations

import random
import time
from dataclasses import dataclass

import requests


class HallError(Exception):
    """Base of every hall-server problem; `retry` says whether trying again later can help."""

    retry = False


class HallUnavailable(HallError):
    """Network down, timeout or a 5xx: keep the application and try again later."""

    retry = True


class HallBadAnswer(HallUnavailable):
    """The answer was not what the API promises (not JSON, wrong shape): a proxy or captive portal in the
    way, or a server mid-upgrade. Retried later, like an unreachable hall."""


class HallRejected(HallError):
    """The server refused the request as invalid (4xx): repeating it will not help."""

    def __init__(self, status: int, message: str, details: list | None = None):
        super().__init__(f"{status}: {message}")
        self.status = status
        self.details = details or []


class HallAuthError(HallRejected):
    """This kiosk's credential was refused (401): staff must register or re-key it."""


@dataclass
class HallClient:
    base_url: str
    token: str | None = None          # "<kiosk-id>:<secret>"
    ca_file: str | None = None        # a hall intranet CA; None: the system's trust store
    timeout: tuple[float, float] = (3.0, 20.0)   # connect, read
    retries: int = 2                  # quick retries inside one call, for safe requests only

    def __post_init__(self):
        self.base_url = self.base_url.rstrip("/")
        self.session = requests.Session()
        if self.token:
            self.session.headers["Authorization"] = f"Bearer {self.token}"
        self.session.verify = self.ca_file if self.ca_file else True
        # Proxy settings from the environment are read once here, not scanned again on every request
        # (requests' trust_env walks the whole environment per call); the CA comes from configuration.
        self.session.proxies.update(requests.utils.get_environ_proxies(self.base_url))
        self.session.trust_env = False

    def _call(self, method: str, path: str, *, safe: bool, expect=(200, 201), **kwargs) -> requests.Response:
        """One API call. `safe`: a repeat cannot do harm (GET, PUT, or POST with an idempotency key)."""
        attempts = 1 + (self.retries if safe else 0)
        for attempt in range(attempts):
            try:
                resp = self.session.request(method, self.base_url + path, timeout=self.timeout, **kwargs)
            except (requests.RequestException, OSError, ValueError) as exc:
                # Every transport problem (refused, timeout, TLS, a bad URL or proxy) is the hall's to the caller.
                error: HallError = HallUnavailable(f"hall server unreachable: {type(exc).__name__}")
            else:
                if resp.status_code in expect:
                    return resp
                if resp.status_code >= 500 or resp.status_code == 429:
                    error = HallUnavailable(f"hall server error {resp.status_code}")
                else:
                    try:
                        body = resp.json()
                    except ValueError:
                        body = {}
                    if not isinstance(body, dict):
                        body = {}
                    cls = HallAuthError if resp.status_code == 401 else HallRejected
                    raise cls(resp.status_code, body.get("error", resp.reason or "refused"), body.get("details"))
            if attempt + 1 < attempts:
                time.sleep(min(2.0, 0.2 * 2 ** attempt) * random.uniform(0.5, 1.5))
        raise error

    def _json(self, method: str, path: str, *, safe: bool, need: tuple[str, ...] = (), **kwargs) -> dict:
        """A call whose answer must be a JSON object (with the keys in `need`), else HallBadAnswer."""
        resp = self._call(method, path, safe=safe, **kwargs)
        try:
            body = resp.json()
        except ValueError:
            kind = resp.headers.get("Content-Type", "no content type").split(";")[0]
            raise HallBadAnswer(f"hall server answered {path} with {kind}, not JSON "
                                "(a proxy or captive portal in the way?)") from None
        if not isinstance(body, dict) or any(k not in body for k in need):
            raise HallBadAnswer(f"hall server answered {path} without " + (", ".join(need) or "a JSON object"))
        return body

    # -- API --------------------------------------------------------------------------------------------

    def health(self) -> dict:
        return self._json("GET", "/v1/health", safe=True)

    def create_application(self, idempotency_key: str, body: dict) -> dict:
        return self._json("POST", "/v1/applications", safe=True, need=("id",), json=body,
                          headers={"Idempotency-Key": idempotency_key})

    def put_page(self, app_id: str, page_id: str, sha256: str, data: bytes) -> bool:
        resp = self._call("PUT", f"/v1/applications/{app_id}/pages/{page_id}", safe=True, data=data,
                          headers={"X-Content-SHA256": sha256, "Content-Type": "image/jpeg"})
        return resp.status_code == 201

    def finalize(self, app_id: str, ticket: bool = True) -> dict:
        return self._json("POST", f"/v1/applications/{app_id}/finalize", safe=True, json={"ticket": ticket})

    def application(self, app_id: str) -> dict:
        return self._json("GET", f"/v1/applications/{app_id}", safe=True)

    def status(self, receipt: str, code: str) -> dict:
        return self._json("GET", f"/v1/status/{receipt}", safe=True, params={"code": code})

    def ticket(self, theme: str) -> dict:
        # Not idempotent: a repeat would issue a second number, so no quick retry.
        return self._json("POST", "/v1/tickets", safe=False, json={"theme": theme})

    def wait(self, letter: str) -> dict:
        """{window, ahead, minutes}: what a ticket taken now at this window would be told (public)."""
        return self._call("GET", f"/v1/queue/wait/{letter}", safe=True).json()

    def heartbeat(self, health: dict, outbox_depth: int, catalogue_version: str | None) -> dict:
        return self._json("POST", "/v1/kiosks/self/heartbeat", safe=True,
                          json={"health": health, "outbox_depth": outbox_depth,
                                "catalogue_version": catalogue_version})

    def catalogue_bundle(self, etag: str | None = None) -> tuple[bytes | None, str | None]:
        """(bundle, etag), or (None, etag) when the kiosk's copy is current."""
        headers = {"If-None-Match": etag} if etag else {}
        resp = self._call("GET", "/v1/catalogue/bundle", safe=True, expect=(200, 304), headers=headers)
        return (None if resp.status_code == 304 else resp.content), resp.headers.get("ETag")

    def signed_catalogue(self, etag: str | None = None):
        """The bundle with its release number, signature and signing key (kiosk/catalogue_trust.py)."""
        from content.signature import KEY_HEADER, RELEASE_HEADER, SIGNATURE_HEADER

        from .catalogue_trust import Signed

        headers = {"If-None-Match": etag} if etag else {}
        resp = self._call("GET", "/v1/catalogue/bundle", safe=True, expect=(200, 304), headers=headers)
        h = resp.headers
        return Signed(None if resp.status_code == 304 else resp.content, h.get("ETag"), h.get(RELEASE_HEADER),
                      h.get(SIGNATURE_HEADER), h.get(KEY_HEADER))
