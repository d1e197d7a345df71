"""Privacy checks (4xx) of ``wxr validate``; registered in ``rules.RULES``.

Secrets are recognised by the public prefixes their issuers give them (sk_live_,
AKIA, ghp_, xoxb-, AIza, PEM headers) and by meta keys that name them. Messages
show only that public prefix and a length: a finding printed in a CI log must not
leak the secret it is about.
"""

from __future__ import annotations

import re

from wxr_tools.diagnostics import META_KEY, SLUG, TAXONOMY, cut, shown
from wxr_tools.digits import is_number
from wxr_tools.model import Item, Meta
from wxr_tools.validate.tables import Context, label

_SECRET = re.compile(
    r"(?P<stripe>\b[rs]k_live_)[0-9A-Za-z]{20,}"
    r"|(?P<aws>\bAKIA)[0-9A-Z]{16}\b"
    r"|(?P<github>\b(?:gh[pousr]_|github_pat_))[A-Za-z0-9_]{36,}"
    r"|(?P<slack>\bxox[abposr]-)[0-9A-Za-z-]{10,}"
    r"|(?P<google>\bAIza)[0-9A-Za-z_-]{35}"
    r"|(?P<pem>-----BEGIN [A-Z ]*PRIVATE KEY(?: BLOCK)?-----)"
)
_KINDS = {
    "stripe": "Stripe live key",
    "aws": "AWS access key id",
    "github": "GitHub token",
    "slack": "Slack token",
    "google": "Google API key",
    "pem": "private key",
}
# Substring tests run much faster than _SECRET: it runs only where one matches.
_GITHUB_HINT = re.compile(r"gh[pousr]_")
_SECRET_KEY = re.compile(r"pass(?:word|wd)|secret|token|api[_-]?key|private[_-]?key", re.I)
_NOT_A_SECRET = frozenset(("yes", "no", "true", "false", "on", "off", "null", "none", "a:0:{}"))


def find_secret(text: str) -> str | None:
    """``kind (public prefix…, N characters)`` for a credential in ``text``, else None.
    Only the well-known public prefix is shown, never the secret."""
    if not (
        "k_live_" in text
        or "AKIA" in text
        or "xox" in text
        or "AIza" in text
        or "_pat_" in text
        or "PRIVATE KEY" in text
        or ("gh" in text and _GITHUB_HINT.search(text) is not None)
    ):
        return None
    m = _SECRET.search(text)
    if m is None:
        return None
    kind = m.lastgroup or "pem"
    if kind == "pem":
        return f"private key ({m[0]})"
    return f"{_KINDS[kind]} ({m[kind]}…, {len(m[0])} characters)"


def _check_secret_meta(ctx: Context, rows: tuple[Meta, ...], where: str, item: Item | None) -> None:
    line, item_id = (item.line, item.id) if item is not None else (None, None)
    for meta in rows:
        secret = find_secret(meta.value)
        if secret is not None:
            message = f"{where} meta {shown(meta.key, META_KEY)} holds a credential: {secret}"
            ctx.emit("WXR400", message, line=line, item_id=item_id)
            continue
        value = meta.value.strip()
        if (
            value
            and _SECRET_KEY.search(meta.key)
            and not is_number(value)
            and value.lower() not in _NOT_A_SECRET
        ):
            key = shown(meta.key, META_KEY)
            message = f"{where} meta {key} holds a value ({len(value)} characters, masked)"
            ctx.emit("WXR401", message, line=line, item_id=item_id)


def secrets(item: Item, ctx: Context) -> None:
    where = label(item)
    _check_secret_meta(ctx, item.meta, where, item)
    for c in item.comments:
        secret = find_secret(c.content)
        if secret is not None:
            message = f"comment {c.id} on {where} holds a credential: {secret}"
            ctx.emit("WXR400", message, line=c.line, item_id=item.id)
        if c.meta:
            _check_secret_meta(ctx, c.meta, f"comment {c.id} on {where}", item)


def secrets_terms(ctx: Context) -> None:
    for t in ctx.terms:
        term = f"{cut(t.taxonomy, TAXONOMY)} {shown(t.slug, SLUG)}"
        _check_secret_meta(ctx, t.meta, term, None)


def personal_data(item: Item, ctx: Context) -> None:
    if item.comments:
        tables = ctx.tables
        tables.count("comments", len(item.comments))
        tables.count("emails", sum(1 for c in item.comments if c.author_email))
        tables.count("ips", sum(1 for c in item.comments if c.author_ip))


def personal_data_end(ctx: Context) -> None:
    counters = ctx.tables.counters
    emails, ips = counters.get("emails", 0), counters.get("ips", 0)
    if emails or ips:
        message = (
            f"the export carries commenters' personal data: {emails} e-mail addresses and "
            f"{ips} IP addresses in {counters.get('comments', 0)} comments"
        )
        ctx.emit("WXR402", message)
