"""Who published a page: the outlet name, its registered domain and, when it is knowable, its time zone.

tldextract is used with its bundled Public Suffix List snapshot only (``suffix_list_urls=()``): it must
never try to download the list, because parsing runs offline.
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

MAX_SITE_NAME = 60
# Country-code domains of countries with a single time zone (for the main population), as IANA zones.
_CCTLD_ZONES = {
    "at": "Europe/Vienna", "be": "Europe/Brussels", "bg": "Europe/Sofia", "ch": "Europe/Zurich",
    "cy": "Asia/Nicosia", "cz": "Europe/Prague", "de": "Europe/Berlin", "dk": "Europe/Copenhagen",
    "ee": "Europe/Tallinn", "es": "Europe/Madrid", "fi": "Europe/Helsinki", "fr": "Europe/Paris",
    "gr": "Europe/Athens", "hr": "Europe/Zagreb", "hu": "Europe/Budapest", "ie": "Europe/Dublin",
    "il": "Asia/Jerusalem", "in": "Asia/Kolkata", "is": "Atlantic/Reykjavik", "it": "Europe/Rome",
    "jp": "Asia/Tokyo", "kr": "Asia/Seoul", "lt": "Europe/Vilnius", "lu": "Europe/Luxembourg",
    "lv": "Europe/Riga", "mt": "Europe/Malta", "nl": "Europe/Amsterdam", "no": "Europe/Oslo",
    "nz": "Pacific/Auckland", "pl": "Europe/Warsaw", "pt": "Europe/Lisbon", "ro": "Europe/Bucharest",
    "rs": "Europe/Belgrade", "se": "Europe/Stockholm", "si": "Europe/Ljubljana", "sk": "Europe/Bratislava",
    "tr": "Europe/Istanbul", "ua": "Europe/Kyiv", "uk": "Europe/London", "za": "Africa/Johannesburg",
}
_SPACES = re.compile(r"\s+")
_SEPARATOR = re.compile(r"\s+[|·•»]\s+")
_NOT_A_NAME = re.compile(r"https?:|www\.|/|^\W*$", re.IGNORECASE)


@lru_cache(maxsize=1)
def _extractor():
    import tldextract

    return tldextract.TLDExtract(cache_dir=None, suffix_list_urls=(), fallback_to_snapshot=True)


def host_of(url: str | None) -> str | None:
    """Lower-cased host name of an http(s) URL, None for anything else."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
        host = parts.hostname
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not host:
        return None
    return host.rstrip(".").lower() or None


def registered_domain(url: str | None) -> str | None:
    """``https://www.bbc.co.uk/news/x`` → ``bbc.co.uk``; the bare host for IPs and intranet names."""
    host = host_of(url)
    if host is None:
        return None
    parts = _extractor()(host)
    if parts.domain and parts.suffix:
        return f"{parts.domain}.{parts.suffix}"
    return host


def outlet_name(site_name: str | None, url: str | None) -> str | None:
    """The outlet: the page's own ``og:site_name`` when it is a plausible name, else the registered domain."""
    name = _SPACES.sub(" ", site_name or "").strip().lstrip("@").strip()
    name = _SEPARATOR.split(name, maxsplit=1)[0].strip()  # "Outlet | tagline | more" → "Outlet"
    if name and len(name) <= MAX_SITE_NAME and not _NOT_A_NAME.search(name):
        return name
    return registered_domain(url)


def timezone_for_url(url: str | None) -> ZoneInfo | None:
    """The publisher's zone when the domain's country has one zone (``.fr`` → Europe/Paris), else None."""
    host = host_of(url)
    if host is None:
        return None
    zone = _CCTLD_ZONES.get(host.rsplit(".", 1)[-1])
    return zone_or_none(zone)


def zone_or_none(name: str | None) -> ZoneInfo | None:
    """A ZoneInfo for an IANA name, None when the name is empty or unknown on this system."""
    if not name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None
