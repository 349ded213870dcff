"""URL normalisation: one key per article, so the same page is fetched once.

News links arrive decorated: campaign parameters (``utm_*``, ``xtor``, ``fbclid``), fragments, AMP
variants and AMP-cache wrappers. :func:`normalize_url` strips those and returns the URL the collector
requests and stores; two links that normalise to the same string are the same page.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit, urlunsplit

# Parameters that only say where a click came from; removing them never changes the article.
TRACKING_PARAMS = frozenset(
    {
        "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid", "igshid", "mc_cid",
        "mc_eid", "_ga", "_gl", "xtor", "xts", "at_medium", "at_campaign", "at_platform", "at_link",
        "at_ptr_name", "cmpid", "ocid", "ref_src", "ref_url", "smid", "smtyp", "soc_src", "soc_trk",
        "ito", "s_cid", "ns_mchannel", "ns_source", "ns_campaign", "ns_linkname", "ns_fee", "sr_share",
        "guccounter", "guce_referrer", "guce_referrer_sig", "__twitter_impression", "amp", "outputtype",
    }
)
TRACKING_PREFIXES = ("utm_", "at_", "pk_", "mtm_", "hsa_", "oly_")
DEFAULT_PORTS = {"http": 80, "https": 443}
_AMP_CACHE = re.compile(r"^[a-z0-9-]+\.cdn\.ampproject\.org$")
_GOOGLE_AMP = re.compile(r"^/amp/(s/)?(.+)$")
_SAFE_PATH = "/:@!$&'()*+,;=-._~%"
_SAFE_QUERY = "/?:@!$'()*+,;-._~%"


def _is_tracking(name: str) -> bool:
    lowered = name.lower()
    return lowered in TRACKING_PARAMS or lowered.startswith(TRACKING_PREFIXES)


def _requote(part: str, safe: str) -> str:
    """Percent-encode consistently (upper-case escapes, unreserved characters decoded)."""
    return quote(unquote(part), safe=safe)


def _unwrap_amp_cache(host: str, path: str, query: str) -> str | None:
    """`x.cdn.ampproject.org/c/s/site/path` and `google.com/amp/s/site/path` point at `https://site/path`."""
    if _AMP_CACHE.match(host):
        parts = path.split("/", 3)  # ['', 'c' | 'v' | 'i', 's'?, rest]
        rest = "/".join(parts[2:]) if len(parts) > 2 else ""
        secure = rest.startswith("s/")
        target = rest[2:] if secure else rest
    elif host in ("www.google.com", "google.com"):
        match = _GOOGLE_AMP.match(path)
        if not match:
            return None
        secure, target = bool(match.group(1)), match.group(2)
    else:
        return None
    if not target or "." not in target.split("/", 1)[0]:
        return None
    return f"{'https' if secure else 'http'}://{target}" + (f"?{query}" if query else "")


def _strip_amp_path(path: str) -> str:
    """`/a/amp`, `/a/amp/`, `/amp/a` and `/a.amp.html` are AMP renderings of `/a` (`/a.html`).

    Only a first or last `amp` segment counts: one in the middle may be a real section name.
    """
    if path.endswith(".amp.html"):
        return path[: -len(".amp.html")] + ".html"
    if path.endswith(".amp"):
        return path[: -len(".amp")]
    lowered = path.lower()
    if lowered.startswith("/amp/"):
        return path[len("/amp"):]
    for suffix in ("/amp/", "/amp"):
        if lowered.endswith(suffix) and len(path) > len(suffix):
            return path[: -len(suffix)]
    return path


def _host(hostname: str) -> str:
    host = hostname.rstrip(".").lower()
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:
        return host


def normalize_url(url: str) -> str:
    """Return the canonical form of an http(s) URL; raise ValueError when it is not one.

    Lower-case scheme and host (IDN to punycode), default port dropped, fragment dropped, tracking
    parameters dropped, remaining parameters sorted, AMP variants mapped to the plain article URL.
    """
    raw = url.strip()
    parts = urlsplit(raw)
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS:
        raise ValueError(f"not an http(s) URL: {raw[:200]!r}")
    if not parts.hostname:
        raise ValueError(f"URL without a host: {raw[:200]!r}")
    unwrapped = _unwrap_amp_cache(parts.hostname.lower(), parts.path, parts.query)
    if unwrapped is not None:
        return normalize_url(unwrapped)
    host = _host(parts.hostname)
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    try:
        port = parts.port
    except ValueError:
        raise ValueError(f"bad port in URL: {raw[:200]!r}") from None
    netloc = host if port in (None, DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    path = _strip_amp_path(_requote(parts.path or "/", _SAFE_PATH)) or "/"
    pairs = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _is_tracking(k)]
    query = urlencode(sorted(pairs), quote_via=quote, safe=_SAFE_QUERY)
    return urlunsplit((scheme, netloc, path, query, ""))


def host_key(url: str) -> str:
    """The politeness unit: scheme-less `host[:port]` (different ports are different servers)."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if ":" in host:
        host = f"[{host}]"
    return f"{host}:{parts.port}" if parts.port else host


def try_normalize(url: str) -> str | None:
    """`normalize_url`, or None for a URL that cannot be collected."""
    try:
        return normalize_url(url)
    except ValueError:
        return None
