"""Baselines: accept today's findings, fail on new ones.

A finding's fingerprint is its file, code, item id and message, never its line
or column, so that editing other parts of the export does not invalidate the
baseline. Messages name things by id or slug, not by position; the only numbers
of lines in them come from libxml2's repair messages ("... line 12 ..."), and
those are masked before hashing.

The file is JSON, readable in review: one entry per finding with what it was,
and its fingerprint. A finding recorded twice is accepted twice.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections import Counter
from collections.abc import Iterable

from wxr_tools.diagnostics import Diagnostic, UsageError

FORMAT = 1
_LINE_NUMBERS = re.compile(r"\b(line|column) \d+")


def fingerprint(d: Diagnostic) -> str:
    """A stable id for a finding: file, code, item id and message, not its position."""
    path = os.path.normpath(d.path) if d.path else ""
    message = _LINE_NUMBERS.sub(r"\1 N", d.message)
    key = "\0".join((path, d.code, str(d.item_id), message))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:20]


def counts(findings: Iterable[Diagnostic]) -> Counter[str]:
    return Counter(fingerprint(d) for d in findings)


def write(path: str, findings: Iterable[Diagnostic]) -> int:
    """Record ``findings`` in ``path``; returns how many."""
    entries = [
        {
            "fingerprint": fingerprint(d),
            "path": d.path,
            "code": d.code,
            "item_id": d.item_id,
            "message": d.message,
        }
        for d in findings
    ]
    data = {"wxr_tools_baseline": FORMAT, "findings": entries}
    tmp = f"{path}.tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False, indent=1)
        f.write("\n")
    os.replace(tmp, path)  # a half-written baseline would accept too little
    return len(entries)


def load(path: str) -> Counter[str]:
    """The fingerprints a baseline file records, with how many times each.

    Raises:
        UsageError: the file is not a wxr_tools baseline.
        OSError: it cannot be read.
    """
    with open(path, encoding="utf-8") as f:
        try:
            data = json.load(f)
        except json.JSONDecodeError as e:
            raise UsageError(f"{path}: not a baseline file: {e}") from None
    if not isinstance(data, dict) or data.get("wxr_tools_baseline") != FORMAT:
        raise UsageError(f"{path}: not a wxr_tools baseline (format {FORMAT})")
    entries = data.get("findings")
    if not isinstance(entries, list) or not all(
        isinstance(e, dict) and isinstance(e.get("fingerprint"), str) for e in entries
    ):
        raise UsageError(f"{path}: 'findings' must be a list of entries with a fingerprint")
    return Counter(e["fingerprint"] for e in entries)
