"""``[[links.rewrite]]`` rules: links that do not resolve to the site's own items or
files (and ``original_url``) rewritten by the first rule that matches them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from wxr_tools.diagnostics import UsageError
from wxr_tools.urlparts import fill


@dataclass(frozen=True, slots=True)
class Rule:
    label: str
    to: str
    prefix: str = ""
    regex: re.Pattern[str] | None = None


def compile_pattern(pattern: str, where: str) -> re.Pattern[str]:
    try:
        return re.compile(pattern, re.IGNORECASE)
    except re.error as e:
        raise UsageError(f"[links] {where}: bad regular expression {pattern!r}: {e}") from None


def rule_of(number: int, rule: Any) -> Rule:
    where = f"[[links.rewrite]] rule {number}"
    if not isinstance(rule, dict) or not isinstance(rule.get("to"), str):
        raise UsageError(f"{where}: needs `to` and one of `prefix` or `regex`")
    if set(rule) - {"prefix", "regex", "to"} or ("prefix" in rule) == ("regex" in rule):
        raise UsageError(f"{where}: needs `to` and one of `prefix` or `regex`, nothing else")
    if "prefix" in rule:
        return Rule(f"rule {number} ({rule['prefix']})", rule["to"], prefix=str(rule["prefix"]))
    regex = compile_pattern(str(rule["regex"]), where)
    return Rule(f"rule {number} ({rule['regex']})", rule["to"], regex=regex)


def apply_rules(url: str, rules: list[Rule], date: datetime | None) -> tuple[str, Rule | None]:
    """``url`` after the first rule that matches it (placeholders filled), and that rule."""
    for rule in rules:
        values = {"url": url, "rest": ""}
        if date is not None:
            values |= {
                "yyyy": f"{date.year:04d}",
                "mm": f"{date.month:02d}",
                "dd": f"{date.day:02d}",
                "yyyymmdd": f"{date.year:04d}{date.month:02d}{date.day:02d}",
            }
        if rule.prefix:
            if not url.startswith(rule.prefix):
                continue
            values["rest"] = rest = url[len(rule.prefix) :]
            try:
                out = fill(rule.to, values)
            except KeyError:
                continue  # a date placeholder on an undated item: leave the link
            named = "{url}" in rule.to or "{rest}" in rule.to
            return (out if named else out + rest), rule
        assert rule.regex is not None
        m = rule.regex.search(url)
        if m is None:
            continue
        values |= {str(i): g or "" for i, g in enumerate(m.groups(), 1)}
        values |= {k: v or "" for k, v in m.groupdict().items()}
        try:
            return url[: m.start()] + fill(rule.to, values) + url[m.end() :], rule
        except KeyError:
            continue
    return url, None
