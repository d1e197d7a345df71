"""The run report: what a conversion read, wrote and left out, and why.

The numbers add up: items read = written + excluded, and the same for comments.
Transforms and writers only count here; the CLI prints the report at the end.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from wxr_tools.diagnostics import Diagnostic


@dataclass(slots=True)
class RunReport:
    files_read: int = 1
    """The files of the export (several: ``wp export``'s split files, read as one)."""
    items_read: int = 0
    items_written: Counter[str] = field(default_factory=Counter)
    """By type (or by state, as the writer chooses)."""
    items_excluded: Counter[str] = field(default_factory=Counter)
    """By reason, e.g. ``draft excluded``, ``private excluded``."""
    comments_read: int = 0
    comments_written: int = 0
    comments_excluded: Counter[str] = field(default_factory=Counter)
    counts: Counter[str] = field(default_factory=Counter)
    """Anything else worth a number: ``links rewritten``, ``mojibake repaired``..."""
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def exclude_item(self, reason: str, comments: int = 0) -> None:
        self.items_excluded[reason] += 1
        if comments:
            self.comments_excluded[f"item {reason}"] += comments

    def exclude_comment(self, reason: str, n: int = 1) -> None:
        self.comments_excluded[reason] += n

    def add(self, diagnostic: Diagnostic) -> None:
        self.diagnostics.append(diagnostic)

    def add_counts(self, other: RunReport) -> None:
        """Add the numbers of ``other`` (a report on another part of the same input: its
        files are these, so ``files_read`` is not added)."""
        self.items_read += other.items_read
        self.items_written.update(other.items_written)
        self.items_excluded.update(other.items_excluded)
        self.comments_read += other.comments_read
        self.comments_written += other.comments_written
        self.comments_excluded.update(other.comments_excluded)
        self.counts.update(other.counts)
        self.diagnostics.extend(other.diagnostics)

    def to_json(self) -> dict[str, Any]:
        by_code = Counter(d.code for d in self.diagnostics)
        return {
            "items": {
                "read": self.items_read,
                "written": sum(self.items_written.values()),
                "written_by": dict(self.items_written.most_common()),
                "excluded": sum(self.items_excluded.values()),
                "excluded_by": dict(self.items_excluded.most_common()),
            },
            "comments": {
                "read": self.comments_read,
                "written": self.comments_written,
                "excluded": sum(self.comments_excluded.values()),
                "excluded_by": dict(self.comments_excluded.most_common()),
            },
            "counts": dict(self.counts.most_common()),
            "diagnostics": dict(sorted(by_code.items())),
            "files_read": self.files_read,
        }

    def to_text(self) -> str:
        data = self.to_json()
        items, comments = data["items"], data["comments"]
        files = f" from {self.files_read:,} files" if self.files_read > 1 else ""
        lines = [
            f"read {items['read']:,} items{files}: {items['written']:,} written"
            + "".join(f", {n:,} {why}" for why, n in items["excluded_by"].items()),
            f"read {comments['read']:,} comments: {comments['written']:,} written"
            + "".join(f", {n:,} {why}" for why, n in comments["excluded_by"].items()),
        ]
        if data["counts"]:
            lines.append(", ".join(f"{n:,} {what}" for what, n in data["counts"].items()))
        if data["diagnostics"]:
            pairs = ", ".join(f"{code} x{n}" for code, n in data["diagnostics"].items())
            lines.append(f"diagnostics: {pairs}")
        return "\n".join(lines)
