"""The benchmark's HTTP client: one keep-alive connection from the standard library.

Why not httpx, which the tests use: on this kind of machine its own work adds about 1 ms to
every request, and that millisecond would be counted as the server's latency. A load tool
(wrk, k6) spends next to nothing per request; ``http.client`` is the closest in Python.
"""

from __future__ import annotations

import http.client
import json as jsonlib
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import urlencode, urlsplit


class Response:
    def __init__(
        self, method: str, url: str, status_code: int, content: bytes, headers: dict | None = None
    ):
        self.method = method
        self.url = url
        self.status_code = status_code
        self.content = content
        self.headers = headers or {}

    @property
    def text(self) -> str:
        return self.content.decode("utf-8", "replace")

    def json(self) -> Any:
        return jsonlib.loads(self.content)


class Client:
    """``base_url`` plus a path, JSON in and out (or a form, for the screens); keeps the
    cookies the server sets, as a browser does; reconnects when the server closes."""

    def __init__(self, base_url: str, timeout: float = 30):
        parts = urlsplit(base_url)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self.prefix = parts.path.rstrip("/")
        self.timeout = timeout
        self.headers: dict[str, str] = {}
        self.cookies: dict[str, str] = {}
        self._connection: http.client.HTTPConnection | None = None

    def request(
        self,
        method: str,
        path: str,
        *,
        params: dict | None = None,
        json: Any = None,
        data: dict | None = None,
        headers: dict | None = None,
    ) -> Response:
        url = self.prefix + path + (f"?{urlencode(params)}" if params else "")
        sent = {**self.headers, **(headers or {})}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if json is not None:
            body = jsonlib.dumps(json).encode()
            sent["Content-Type"] = "application/json"
        elif data is not None:
            body = urlencode(data).encode()
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        answer = self._exchange(method, url, body, sent)
        content = answer.read()
        for value in answer.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(value).items():
                self.cookies[name] = morsel.value
        if answer.will_close:
            self.close()
        return Response(method, url, answer.status, content, dict(answer.headers.items()))

    def _exchange(
        self, method: str, url: str, body: bytes | None, headers: dict
    ) -> http.client.HTTPResponse:
        """Send and wait for the answer; once again on a new connection when the server had
        closed the idle one (its keep-alive timeout passed while the benchmark was busy
        elsewhere, say analysing tables): the request never reached it."""
        reused = self._connection is not None
        try:
            connection = self._connect()
            connection.request(method, url, body=body, headers=headers)
            return connection.getresponse()
        except (BrokenPipeError, ConnectionResetError, http.client.RemoteDisconnected):
            self.close()
            if not reused:
                raise
        connection = self._connect()
        connection.request(method, url, body=body, headers=headers)
        return connection.getresponse()

    def get(self, path: str, *, params: dict | None = None) -> Response:
        return self.request("GET", path, params=params)

    def post(self, path: str, *, json: Any = None) -> Response:
        return self.request("POST", path, json=json)

    def _connect(self) -> http.client.HTTPConnection:
        if self._connection is None:
            self._connection = http.client.HTTPConnection(
                self.host, self.port, timeout=self.timeout
            )
        return self._connection

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()
