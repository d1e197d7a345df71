"""What ``--recover`` repaired in a file, as diagnostics: the byte stream's own repairs
(``stream.Repair``) and what libxml2's recovering parser logged (WXR109), each with the
id of the item it falls in, so a user can find the post it touched."""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from lxml import etree

from wxr_tools.diagnostics import Diagnostic
from wxr_tools.reader.stream import Repair


def repairs_reported(
    path: str,
    item_lines: Sequence[tuple[int, int | None]],
    repairs: Sequence[Repair],
    error_log: etree._ListErrorLog,
) -> list[Diagnostic]:
    """The diagnostics of a recovered read; ``item_lines``: each item's first line and
    id, in file order (a repair before the first item has no item)."""
    lines = [line for line, _ in item_lines]

    def item_at(line: int | None) -> int | None:
        i = bisect.bisect_right(lines, line or 0) - 1
        return item_lines[i][1] if i >= 0 else None

    found = [
        Diagnostic(
            code=repair.code,
            message=repair.message,
            path=path,
            line=repair.line,
            column=repair.column,
            item_id=item_at(repair.line),
        )
        for repair in repairs
    ]
    found += [
        Diagnostic(
            code="WXR109",
            message=f"recovered: {entry.message}",
            path=path,
            line=entry.line,
            column=entry.column,
            item_id=item_at(entry.line),
        )
        for entry in error_log
    ]
    return found
