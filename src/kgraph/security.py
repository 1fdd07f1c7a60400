"""What every HTTP answer of ``kgraph serve`` carries, and which requests it turns away first.

Why: any web page the user opens can make their browser send requests to a server
on their own machine. A cross-site form POST needs no permission (so its Origin is
checked: 403), and a site whose name is re-pointed at 127.0.0.1 (DNS rebinding)
reaches the server under a foreign Host name (421). The page itself is sent with a
Content-Security-Policy that lets only its own nonce-marked script and style run,
and with framing and MIME sniffing off.
"""
from __future__ import annotations

import ipaddress
import secrets
import socket
from collections.abc import Awaitable, Callable, Iterable
from urllib.parse import urlsplit

Scope = dict
Receive = Callable[[], Awaitable[dict]]
Send = Callable[[dict], Awaitable[None]]

HEADERS = {
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
    "cross-origin-resource-policy": "same-origin",
}
# answers other than the page: nothing in them may run or load anything
DATA_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
LOOPBACK_NAMES = {"localhost", "localhost.localdomain"}


def page_csp(nonce: str) -> str:
    """The page's policy: its own inline script and style (by nonce), fetches to this server only."""
    return (f"default-src 'none'; script-src 'nonce-{nonce}'; style-src 'nonce-{nonce}'; connect-src 'self'; "
            "img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")


def new_nonce() -> str:
    return secrets.token_urlsafe(18)


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
        return True
    except ValueError:
        return False


def allowed_hosts(bind: str, extra: Iterable[str] = ()) -> frozenset[str]:
    """Host names the server answers to: loopback names, the bound name, and ``--allow-host`` ones.

    An IP address in the Host header is always accepted: a rebinding attack needs a
    name of the attacker's, and a page served from an IP is that IP's own origin.
    A server bound to every interface also answers to the machine's own names.
    """
    names = set(LOOPBACK_NAMES) | {h.strip().lower() for h in extra if h.strip()}
    if not _is_ip(bind):
        names.add(bind.lower())
    if bind in ("0.0.0.0", "::", ""):
        names |= {socket.gethostname().lower(), socket.getfqdn().lower()}
    return frozenset(names)


def _host_name(host_header: str) -> str:
    """The name of a Host header value, without its port (``[::1]:8000`` -> ``::1``)."""
    parts = urlsplit("//" + host_header)
    try:
        return (parts.hostname or "").lower()
    except ValueError:
        return ""


class Guard:
    """ASGI middleware: Host and Origin checks before the app, security headers on every answer."""

    def __init__(self, app, hosts: frozenset[str]) -> None:
        self.app = app
        self.hosts = hosts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        host = headers.get("host", "")
        name = _host_name(host)
        if not name or not (_is_ip(name) or name in self.hosts):
            await _refuse(send, 421, f"this server does not answer to the host name {name or '(none)'!r}; "
                                     "start it with --allow-host NAME to accept it")
            return
        origin = headers.get("origin")
        if origin is not None and not _same_origin(origin, host):
            await _refuse(send, 403, "cross-site request refused: the Origin is not this server")
            return
        if scope.get("method") not in ("GET", "HEAD") and headers.get("sec-fetch-site") == "cross-site":
            await _refuse(send, 403, "cross-site request refused")
            return

        async def with_headers(message: dict) -> None:
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _ in message.get("headers", [])}
                extra = [(k.encode(), v.encode()) for k, v in HEADERS.items() if k.encode() not in present]
                if b"content-security-policy" not in present:
                    extra.append((b"content-security-policy", DATA_CSP.encode()))
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        await self.app(scope, receive, with_headers)


def _same_origin(origin: str, host: str) -> bool:
    """Whether an Origin header (``http://name:port``) names the host and port the request was sent to."""
    parts = urlsplit(origin)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return False  # "null" (sandboxed frames, file: pages) and anything odd
    return parts.netloc.lower() == host.lower() or (
        parts.port is None and f"{parts.netloc.lower()}:{80 if parts.scheme == 'http' else 443}" == host.lower())


async def _refuse(send: Send, status: int, message: str) -> None:
    body = (message + "\n").encode("utf-8")
    headers = [(b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(body)).encode()),
               *((k.encode(), v.encode()) for k, v in HEADERS.items()),
               (b"content-security-policy", DATA_CSP.encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class BodyTooLarge(Exception):
    """A request body over the limit (answered 413)."""


async def read_body(request, limit: int) -> bytes:
    """The request body, read no further than ``limit`` bytes (a declared larger length is refused unread)."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise BodyTooLarge()
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise BodyTooLarge()
        chunks.append(chunk)
    return b"".join(chunks)
