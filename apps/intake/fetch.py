"""A fetcher for addresses typed by users or found in feeds, that cannot be turned against
the server's own network (SSRF).

- http and https only; no user:password@ in the URL;
- every address a host name resolves to must be public: loopback, private, link-local (the
  cloud metadata address 169.254.169.254), shared, multicast, reserved and unspecified
  addresses are refused, IPv4-mapped IPv6 forms included;
- the connection goes to the address that was checked (no second DNS lookup that could answer
  differently: DNS rebinding), while TLS still verifies the certificate for the host name;
- redirects are followed by hand, at most `max_redirects`, each hop checked like the first;
- the body is read up to `max_bytes` and the whole exchange must end within `timeout` seconds.

Test servers run on loopback: `INTAKE_FETCH_ALLOWED_NETWORKS` (empty by default) lets tests
allow one network explicitly.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from django.conf import settings

USER_AGENT = "HubwatchIntake/1.0 (+https://hubwatch.invalid/about)"
REDIRECT_CODES = {301, 302, 303, 307, 308}


class FetchError(Exception):
    """A fetch that failed for a reason that may pass (timeout, server error): retry later."""

    status: int | None = None  # the HTTP status that caused it, when the server answered

    def __init__(self, message: str, status: int | None = None):
        super().__init__(message)
        self.status = status


class FetchRefused(FetchError):
    """A fetch refused by policy (address, scheme, size...): retrying will not help."""


Resolver = Callable[[str, int], list[str]]


def system_resolver(host: str, port: int) -> list[str]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise FetchError(f"cannot resolve {host}: {exc}") from exc
    return list(dict.fromkeys(info[4][0] for info in infos))


def _network_list(values) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    return [ipaddress.ip_network(v, strict=False) for v in values]


def refusal_reason(address: str, allowed=()) -> str | None:
    """Why `address` must not be contacted, or None if it may."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address):
        mapped = ip.ipv4_mapped or ip.sixtofour
        if mapped is not None:
            ip = mapped
    if any(ip in net for net in allowed if ip.version == net.version):
        return None
    for attribute, label in (
        ("is_loopback", "a loopback address"),
        ("is_link_local", "a link-local address"),
        ("is_unspecified", "an unspecified address"),
        ("is_multicast", "a multicast address"),
        ("is_reserved", "a reserved address"),
        ("is_private", "a private address"),
    ):
        if getattr(ip, attribute):
            return f"{address} is {label}"
    if not ip.is_global:
        return f"{address} is not a public address"
    return None


@dataclass
class FetchResult:
    url: str  # after redirects
    status: int
    headers: dict[str, str]
    body: bytes
    redirects: list[str] = field(default_factory=list)

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    @property
    def charset(self) -> str | None:
        for piece in self.headers.get("content-type", "").split(";")[1:]:
            key, _, value = piece.strip().partition("=")
            if key.lower() == "charset" and value:
                return value.strip("\"'")
        return None


@dataclass
class Fetcher:
    timeout: float = 10.0
    max_bytes: int = 2 * 1024 * 1024
    max_redirects: int = 5
    resolver: Resolver = system_resolver
    allowed_networks: list = field(default_factory=list)
    # Stop reading at max_bytes instead of refusing a larger body (the link checker reads a
    # page's head only).
    truncate: bool = False

    @classmethod
    def from_settings(cls, **overrides) -> Fetcher:
        values = {
            "timeout": getattr(settings, "INTAKE_FETCH_TIMEOUT", 10.0),
            "max_bytes": getattr(settings, "INTAKE_FETCH_MAX_BYTES", 2 * 1024 * 1024),
            "max_redirects": getattr(settings, "INTAKE_FETCH_MAX_REDIRECTS", 5),
            "allowed_networks": _network_list(getattr(settings, "INTAKE_FETCH_ALLOWED_NETWORKS", [])),
        }
        values.update(overrides)
        return cls(**values)

    def get(self, url: str, headers: dict[str, str] | None = None) -> FetchResult:
        return self.request("GET", url, headers)

    def request(self, method: str, url: str, headers: dict[str, str] | None = None) -> FetchResult:
        """GET or HEAD `url`, following redirects; `headers` may replace the User-Agent."""
        deadline = time.monotonic() + self.timeout
        redirects: list[str] = []
        current = url
        while True:
            result = self._get_once(current, headers or {}, deadline, method)
            location = result.headers.get("location")
            if result.status in REDIRECT_CODES and location:
                if len(redirects) >= self.max_redirects:
                    raise FetchRefused(f"more than {self.max_redirects} redirects")
                redirects.append(current)
                current = urljoin(current, location)
                continue
            result.redirects = redirects
            return result

    def _check_url(self, url: str) -> tuple[str, str, int, str]:
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme not in ("http", "https"):
            raise FetchRefused(f"only http and https addresses are fetched, not {scheme or 'this'}")
        if parts.username is not None or parts.password is not None:
            raise FetchRefused("addresses with a user name or password are not fetched")
        host = parts.hostname
        if not host:
            raise FetchRefused("the address has no host")
        try:
            port = parts.port or (443 if scheme == "https" else 80)
        except ValueError as exc:
            raise FetchRefused("the address has an invalid port") from exc
        path = parts.path or "/"
        if parts.query:
            path += "?" + parts.query
        return scheme, host, port, path

    def _vetted_address(self, host: str, port: int) -> str:
        try:
            literal = ipaddress.ip_address(host)
        except ValueError:
            literal = None
        addresses = [str(literal)] if literal is not None else self.resolver(host, port)
        if not addresses:
            raise FetchError(f"{host} does not resolve")
        # Every address must pass, not only the first: the connection could go to any of them.
        for address in addresses:
            reason = refusal_reason(address, self.allowed_networks)
            if reason:
                raise FetchRefused(f"refused: {host} resolves to {reason}" if literal is None else f"refused: {reason}")
        return addresses[0]

    def _remaining(self, deadline: float) -> float:
        left = deadline - time.monotonic()
        if left <= 0:
            raise FetchRefused(f"took longer than {self.timeout:g} s")
        return left

    def _get_once(self, url: str, headers: dict[str, str], deadline: float, method: str = "GET") -> FetchResult:
        scheme, host, port, path = self._check_url(url)
        address = self._vetted_address(host, port)
        timeout = self._remaining(deadline)
        if scheme == "https":
            conn = http.client.HTTPSConnection(host, port, timeout=timeout, context=ssl.create_default_context())
        else:
            conn = http.client.HTTPConnection(host, port, timeout=timeout)

        def connect_to_vetted(_address, timeout=timeout, source_address=None):
            return socket.create_connection((address, port), timeout, source_address)

        conn._create_connection = connect_to_vetted  # the checked address, not a new lookup
        try:
            conn.request(method, path, headers={"User-Agent": USER_AGENT, "Accept-Encoding": "identity", **headers})
            response = conn.getresponse()
            response_headers = {k.lower(): v for k, v in response.getheaders()}
            declared = response_headers.get("content-length")
            if declared and declared.isdigit() and int(declared) > self.max_bytes and not self.truncate:
                raise FetchRefused(f"larger than {self.max_bytes} bytes ({declared} announced)")
            body = bytearray()
            if response.status not in REDIRECT_CODES and method != "HEAD":
                while chunk := self._read_chunk(conn, response, deadline):
                    body += chunk
                    if len(body) > self.max_bytes:
                        if self.truncate:
                            del body[self.max_bytes :]
                            break
                        raise FetchRefused(f"larger than {self.max_bytes} bytes")
        except TimeoutError as exc:
            raise FetchRefused(f"took longer than {self.timeout:g} s") from exc
        except (OSError, http.client.HTTPException) as exc:
            raise FetchError(f"{type(exc).__name__}: {exc}") from exc
        finally:
            conn.close()
        if response.status >= 500 or response.status == 429:
            raise FetchError(f"the server answered {response.status}", status=response.status)
        if response.status >= 400:
            raise FetchRefused(f"the server answered {response.status}", status=response.status)
        return FetchResult(url=url, status=response.status, headers=response_headers, body=bytes(body))

    def _read_chunk(self, conn, response, deadline: float) -> bytes:
        # Each read waits at most the time left: a server dripping one byte a second does not
        # get to keep us past the deadline.
        sock = conn.sock or getattr(getattr(response.fp, "raw", None), "_sock", None)
        left = self._remaining(deadline)
        if sock is not None:
            sock.settimeout(left)
        return response.read1(65536)
