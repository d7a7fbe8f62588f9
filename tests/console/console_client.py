"""The console over plain HTTP, for the checks that need no browser: a cookie jar and each form's hidden fields."""
from __future__ import annotations

import re

import requests

from backend.console.world import PASSWORD


class ConsoleClient:
    """The console over plain HTTP: a cookie jar and the hidden fields of each form, like a browser."""

    def __init__(self, url: str):
        self.url, self.http = url, requests.Session()

    def get(self, path: str) -> requests.Response:
        return self.http.get(self.url + path, timeout=30)

    def fields(self, path: str, action: str) -> dict:
        """The hidden fields (csrf, once) of the form posting to `action` on page `path`."""
        page = self.get(path).text
        m = re.search(r'<form[^>]*action="%s"[^>]*>(.*?)</form>' % re.escape(action), page, re.S)
        assert m, f"no form to {action} on {path}"
        return dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', m.group(1)))

    def post(self, action: str, data: dict, files=None) -> requests.Response:
        return self.http.post(self.url + action, data=data, files=files, timeout=30, allow_redirects=False)

    def login(self, user: str, password: str = PASSWORD) -> requests.Response:
        fields = self.fields("/console/login", "/console/login")
        return self.post("/console/login", {**fields, "username": user, "password": password})
