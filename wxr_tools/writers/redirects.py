"""Redirect maps from every old URL to the new one: nginx, Apache, Netlify, CSV.

Any writer that knows where items went can fill a ``RedirectMap`` (``add``) and write
it in one of four forms (``render``). Sources are site paths as the old site served
them, query included (``/?p=12`` is how WordPress's short links look): server maps
match those, which static-site aliases cannot. A source claimed by two items keeps
the first one (export order) and the clash is reported (WXR411).

=========  =====================  ==========================================================
format     file                   use
=========  =====================  ==========================================================
nginx      redirects.nginx.conf   ``include`` it in ``http {}``; in ``server {}``:
                                  ``if ($wxr_redirect) { return 301 $wxr_redirect; }``
apache     redirects.apache.conf  ``Include`` it in the virtual host, or paste it into
                                  ``.htaccess`` (mod_alias and mod_rewrite)
netlify    _redirects             Netlify's and Cloudflare Pages' format, published as is
csv        redirects.csv          ``from,to,item_id``: for anything else
=========  =====================  ==========================================================
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import quote, urlsplit

FILE_NAMES = {
    "nginx": "redirects.nginx.conf",
    "apache": "redirects.apache.conf",
    "netlify": "_redirects",
    "csv": "redirects.csv",
}
# Characters left as they are in a path; anything else (spaces, quotes, $...) is
# percent-encoded so that no server configuration syntax can be injected by an export.
_SAFE = "/?=&%:@!*+,;-._~'()"
_HEADER = "Redirects from the old WordPress URLs to the new site, written by wxr_tools."


@dataclass(frozen=True, slots=True)
class Redirect:
    source: str
    target: str
    item_id: int | None


@dataclass(slots=True)
class RedirectMap:
    rules: dict[str, Redirect] = field(default_factory=dict)
    clashes: list[tuple[Redirect, Redirect]] = field(default_factory=list)
    """(kept, refused) pairs: one old URL that two items claim."""

    def add(self, old_urls: Iterable[str], target: str, item_id: int | None) -> None:
        """Redirect each of ``old_urls`` to ``target`` (both made site-relative)."""
        target = _clean(site_path(target))
        for url in old_urls:
            source = _clean(site_path(url))
            if source in ("/", "") or source.rstrip("/") == target.rstrip("/"):
                continue
            rule = Redirect(source, target, item_id)
            kept = self.rules.get(source)
            if kept is None:
                self.rules[source] = rule
            elif kept.target != target:
                self.clashes.append((kept, rule))

    def render(self, fmt: str) -> bytes:
        rules = list(self.rules.values())
        text = {"nginx": _nginx, "apache": _apache, "netlify": _netlify, "csv": _csv}[fmt](rules)
        return text.encode("utf-8")


def site_path(url: str) -> str:
    """The path (and query) of a URL, as a site-relative link: ``/a/b/?p=1``."""
    parts = urlsplit(url.strip())
    path = parts.path or "/"
    if not path.startswith("/"):
        path = "/" + path
    return path + (f"?{parts.query}" if parts.query else "")


_PCRE_SPECIAL = re.compile(r"([.^$*+?()\[\]{}|\\])")


def _pcre(text: str) -> str:
    """``text`` as a literal in a PCRE pattern (re.escape also escapes '-', '/'...)."""
    return _PCRE_SPECIAL.sub(r"\\\1", text)


def _clean(path: str) -> str:
    return quote(path, safe=_SAFE)


def _nginx(rules: list[Redirect]) -> str:
    lines = [
        f"# {_HEADER}",
        "# In http {}:   include redirects.nginx.conf;",
        "# In server {}: if ($wxr_redirect) { return 301 $wxr_redirect; }",
        "map $request_uri $wxr_redirect {",
    ]
    seen: set[str] = set()
    for r in rules:
        sources = [r.source]
        path, _, query = r.source.partition("?")
        if not query and path.endswith("/") and len(path) > 1:
            sources.append(path.rstrip("/"))  # WordPress answered both forms
        for source in sources:
            if source not in seen:
                seen.add(source)
                lines.append(f'    "{source}" "{r.target}";')
    lines.append("}")
    return "\n".join(lines) + "\n"


def _apache(rules: list[Redirect]) -> str:
    lines = [f"# {_HEADER}"]
    queries = [r for r in rules if "?" in r.source]
    for r in rules:
        if "?" in r.source:
            continue
        pattern = _pcre(r.source.rstrip("/")) + "/?"
        lines.append(f"RedirectMatch 301 ^{pattern}$ {r.target}")
    if queries:
        lines.append("RewriteEngine On")
        for r in queries:
            path, _, query = r.source.partition("?")
            pattern = _pcre(path.lstrip("/"))
            lines.append(f"RewriteCond %{{QUERY_STRING}} ^{_pcre(query)}$")
            # The trailing "?" drops the old query string from the new URL.
            lines.append(f"RewriteRule ^/?{pattern}$ {r.target}? [R=301,L]")
    return "\n".join(lines) + "\n"


def _netlify(rules: list[Redirect]) -> str:
    lines = [f"# {_HEADER}"]
    for r in rules:
        path, _, query = r.source.partition("?")
        if query:
            params = " ".join(query.split("&"))
            lines.append(f"{path} {params} {r.target} 301")
        else:
            lines.append(f"{r.source} {r.target} 301")
    return "\n".join(lines) + "\n"


def _csv(rules: list[Redirect]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["from", "to", "item_id"])
    for r in rules:
        writer.writerow([r.source, r.target, "" if r.item_id is None else r.item_id])
    return out.getvalue()
