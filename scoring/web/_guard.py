"""The ASGI guard in front of every route.

The ASGI guard in front of every route: host check, access token, same-origin posts, body
size limit and the security headers (a strict Content-Security-Policy)."""

from __future__ import annotations

import hmac
from collections.abc import Callable
from urllib.parse import urlencode, urlsplit

from starlette.datastructures import URL, Headers, QueryParams
from starlette.responses import RedirectResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

#: The policy of every page: only this server's own scripts, styles and images.
PAGE_POLICY = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
               "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
TOKEN_COOKIE = "jixiao_token"
TOKEN_PARAM = "token"
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1", "[::1]"})

SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
)


class BodyTooLarge(Exception):
    """The request body grew past the limit while it was read."""


Reject = Callable[[Scope, int, str], Response]


class Guard:
    """Refuse what the application must never see, and mark every response.

    ``allowed_hosts`` None accepts any Host header (the token protects a server bound to
    another address); ``reject(scope, status, key)`` renders the refusal page.
    """

    def __init__(self, app: ASGIApp, *, reject: Reject, max_body: int,
                 token: str | None = None, allowed_hosts: frozenset[str] | None = None) -> None:
        self.app = app
        self.reject = reject
        self.max_body = max_body
        self.token = token
        self.allowed_hosts = allowed_hosts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        send = _with_headers(send)
        refusal = self._refusal(scope)
        if refusal is not None:
            await refusal(scope, receive, send)
            return
        await self.app(scope, _limited(receive, self.max_body), send)

    def _refusal(self, scope: Scope) -> Response | None:
        headers = Headers(scope=scope)
        host = headers.get("host", "")
        if self.allowed_hosts is not None and _hostname(host) not in self.allowed_hosts:
            return self.reject(scope, 400, "bad_host")
        if self.token is not None:
            granted = self._token_response(scope, headers)
            if granted is not None:
                return granted
        if scope["method"] == "POST":
            origin = headers.get("origin")
            if origin is not None and urlsplit(origin).netloc != host:
                return self.reject(scope, 403, "bad_origin")
        length = headers.get("content-length", "")
        if length.isdigit() and int(length) > self.max_body:
            return self.reject(scope, 413, "too_big")
        return None

    def _token_response(self, scope: Scope, headers: Headers) -> Response | None:
        """None when the request carries the token; a redirect that stores the token in a
        cookie when it comes in the address; else the refusal."""
        assert self.token is not None
        query = QueryParams(scope.get("query_string", b""))
        given = query.get(TOKEN_PARAM)
        if given is not None and hmac.compare_digest(given, self.token):
            rest = urlencode([(k, v) for k, v in query.multi_items() if k != TOKEN_PARAM])
            url = URL(scope=scope).replace(query=rest)
            response = RedirectResponse(url.path + (f"?{rest}" if rest else ""), 303)
            response.set_cookie(TOKEN_COOKIE, self.token, httponly=True, samesite="strict")
            return response
        cookie = _cookie(headers, TOKEN_COOKIE)
        if cookie is not None and hmac.compare_digest(cookie, self.token):
            return None
        return self.reject(scope, 403, "forbidden")


def _hostname(host: str) -> str:
    if host.startswith("["):
        return host.split("]")[0] + "]"
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def _cookie(headers: Headers, name: str) -> str | None:
    for part in headers.get("cookie", "").split(";"):
        key, _, value = part.strip().partition("=")
        if key == name:
            return value
    return None


def _with_headers(send: Send) -> Send:
    """``send`` that adds the security headers, and the page policy unless a route set its own."""

    async def wrapped(message: Message) -> None:
        if message["type"] == "http.response.start":
            headers = list(message.get("headers", []))
            names = {name.lower() for name, _ in headers}
            if b"content-security-policy" not in names:
                headers.append((b"content-security-policy", PAGE_POLICY.encode()))
            if b"cache-control" not in names:
                headers.append((b"cache-control", b"no-store"))
            headers.extend(SECURITY_HEADERS)
            message = {**message, "headers": headers}
        await send(message)

    return wrapped


def _limited(receive: Receive, limit: int) -> Receive:
    """``receive`` that raises BodyTooLarge once more than ``limit`` body bytes arrived."""
    seen = 0

    async def wrapped() -> Message:
        nonlocal seen
        message = await receive()
        if message["type"] == "http.request":
            seen += len(message.get("body", b""))
            if seen > limit:
                raise BodyTooLarge
        return message

    return wrapped
