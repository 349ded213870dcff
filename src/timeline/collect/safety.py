"""Which addresses the collector may talk to.

A collector fed URLs from the open web must not become a way into the machine's own network: a feed
entry or a redirect pointing at ``http://127.0.0.1:6379/`` or at a cloud metadata service
(``169.254.169.254``) is refused. The check runs on the *resolved* addresses of every request (first
URL, each redirect hop, robots.txt), and the fetcher then connects to exactly the address that was
checked, so a DNS answer that changes between check and connect (DNS rebinding) cannot slip through.

Cloud metadata endpoints stay refused even with ``allow_private=True``: no intranet crawl needs them.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from timeline.errors import FetchError, UnsafeURLError

ALLOWED_SCHEMES = frozenset({"http", "https"})
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

# AWS/GCP/Azure/OpenStack (169.254.169.254), AWS IPv6, ECS task metadata, Alibaba, Oracle legacy.
METADATA_ADDRESSES = frozenset(
    ipaddress.ip_address(a)
    for a in ("169.254.169.254", "fd00:ec2::254", "169.254.170.2", "100.100.100.200", "192.0.0.192")
)

Resolver = Callable[[str, int], list[str]]


def system_resolver(host: str, port: int) -> list[str]:
    """All addresses the system resolver gives for `host` (IPv4 and IPv6)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(info[4][0] for info in infos))


def address_problem(ip: IPAddress) -> str | None:
    """Why `ip` is not a public internet address, or None when it is."""
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    checks = (
        (ip in METADATA_ADDRESSES, "a cloud metadata address"),
        (ip.is_loopback, "a loopback address"),
        (ip.is_link_local, "a link-local address"),
        (ip.is_multicast, "a multicast address"),
        (ip.is_unspecified, "an unspecified address"),
        (ip.is_private, "a private address"),
        (ip.is_reserved, "a reserved address"),
        (not ip.is_global, "not a public address"),
    )
    for failed, reason in checks:
        if failed:
            return reason
    return None


@dataclass(frozen=True)
class SafetyPolicy:
    """The address policy applied to every connection the collector opens.

    `allow_private` admits loopback, private and link-local addresses (tests, intranets); `exempt`
    admits single ``(ip, port)`` pairs while keeping the rest refused (lets tests show that a redirect
    from an allowed local server to another local port is refused).
    """

    allow_private: bool = False
    exempt: frozenset[tuple[str, int]] = frozenset()
    resolver: Resolver = field(default=system_resolver, compare=False)

    def check_scheme(self, url: str) -> None:
        scheme = urlsplit(url).scheme.lower()
        if scheme not in ALLOWED_SCHEMES:
            raise UnsafeURLError(f"unsafe-url: scheme {scheme or '(none)'!r} is not http or https")

    def refuse_reason(self, ip: IPAddress, port: int) -> str | None:
        problem = address_problem(ip)
        if problem is None:
            return None
        if ip in METADATA_ADDRESSES:
            return problem
        if self.allow_private or (str(ip), port) in self.exempt:
            return None
        return problem

    def vet(self, host: str, port: int) -> str:
        """Resolve `host` and return the one address to connect to; raise UnsafeURLError if refused.

        Every resolved address must pass: a name that resolves to both a public and a private
        address is refused, since the connection could go to either.
        """
        host = host.strip("[]")
        try:
            addresses = [ipaddress.ip_address(host)]
        except ValueError:
            try:
                addresses = [ipaddress.ip_address(a.split("%", 1)[0]) for a in self.resolver(host, port)]
            except (OSError, UnicodeError) as exc:
                raise FetchError(f"dns: cannot resolve {host!r} ({exc})") from None
        if not addresses:
            raise FetchError(f"dns: no address for {host!r}")
        for ip in addresses:
            reason = self.refuse_reason(ip, port)
            if reason:
                hint = "" if ip in METADATA_ADDRESSES else " (use --allow-private for intranets)"
                raise UnsafeURLError(f"unsafe-url: {host} resolves to {ip}, {reason}{hint}")
        return str(addresses[0])

    def check_url(self, url: str) -> str:
        """Scheme and address check for one URL; returns the vetted address."""
        self.check_scheme(url)
        parts = urlsplit(url)
        if not parts.hostname:
            raise UnsafeURLError(f"unsafe-url: no host in {url[:200]!r}")
        port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
        return self.vet(parts.hostname, port)
