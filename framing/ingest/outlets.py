"""Outlet names, aliases and domains (``resources/fa/outlets.tsv``)."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from framing.resources import read_tsv

ZWNJ = "\u200c"
KINDS = {"agency", "newspaper", "website", "broadcaster"}
SCOPES = {"domestic", "diaspora", "foreign"}


@dataclass(frozen=True)
class Outlet:
    id: str
    name: str
    name_en: str
    kind: str
    scope: str
    domains: tuple[str, ...]
    url_date: re.Pattern | None


_KEY_DROP = re.compile(r"[\s\u200c\u200d\u0640\u064b-\u0652«»\"'.\-_()]+")


@functools.lru_cache(maxsize=1 << 16)
def alias_key(name: str) -> str:
    """Lookup key: Arabic letter variants and digits folded, lower-case, spaces/ZWNJ/diacritics/
    quotes/punctuation removed. A character fold, not the full normalizer: this runs for every
    candidate name in every sentence (memoized, too)."""
    from framing.ingest.normalize import fold_table

    return _KEY_DROP.sub("", str(name).translate(fold_table()).lower())


class OutletRegistry:
    """Resolve outlet names (Persian, English, abbreviations) and web domains to outlets."""

    def __init__(self, rows) -> None:
        self.outlets: dict[str, Outlet] = {}
        self._by_alias: dict[str, str] = {}
        self._domains: list[tuple[str, str]] = []
        for row in rows:
            where = f"outlets.tsv:{row['_line']}"
            if row["kind"] not in KINDS or row["scope"] not in SCOPES:
                raise ValueError(f"{where}: kind must be one of {sorted(KINDS)}, scope one of {sorted(SCOPES)}")
            if row["id"] in self.outlets:
                raise ValueError(f"{where}: duplicate outlet id {row['id']!r}")
            pattern = re.compile(row["url_date"]) if row.get("url_date") else None
            domains = tuple(d.strip().lower() for d in row.get("domains", "").split("|") if d.strip())
            outlet = Outlet(row["id"], row["name"], row["name_en"], row["kind"], row["scope"], domains, pattern)
            self.outlets[outlet.id] = outlet
            for alias in [row["name"], row["name_en"], row["id"], *row.get("aliases", "").split("|")]:
                if not alias.strip():
                    continue
                key = alias_key(alias)
                other = self._by_alias.get(key)
                if other and other != outlet.id:
                    raise ValueError(f"{where}: alias {alias!r} already names outlet {other!r}")
                self._by_alias[key] = outlet.id
            for d in domains:
                self._domains.append((d, outlet.id))
        self._domains.sort(key=lambda t: -len(t[0]))
        keys = sorted(self._by_alias, key=len, reverse=True)
        self._alias_keys = keys

    def get(self, outlet_id: str) -> Outlet:
        return self.outlets[outlet_id]

    def lookup(self, name: str | None) -> Outlet | None:
        """The outlet a name denotes, or None («IRNA», «ایرنا», «خبرگزاری جمهوری اسلامی»)."""
        if not name or not str(name).strip():
            return None
        oid = self._by_alias.get(alias_key(str(name)))
        return self.outlets[oid] if oid else None

    def from_url(self, url: str | None) -> Outlet | None:
        """The outlet whose domain (or domain/path prefix) the URL is on."""
        if not url:
            return None
        try:
            parts = urlsplit(url if "://" in url else "http://" + url)
        except ValueError:
            return None
        host = (parts.hostname or "").lower()
        if host.startswith("www."):
            host = host[4:]
        hostpath = host + parts.path.lower()
        for domain, oid in self._domains:
            if "/" in domain:
                if hostpath.startswith(domain):
                    return self.outlets[oid]
            elif host == domain or host.endswith("." + domain):
                return self.outlets[oid]
        return None


@functools.cache
def registry() -> OutletRegistry:
    return OutletRegistry(read_tsv("outlets.tsv", required=("id", "name", "name_en", "kind", "scope")))
