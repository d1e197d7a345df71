"""Exit codes, the same for every command: decided here and returned by ``cli.main``."""

from __future__ import annotations

from collections.abc import Iterable

from wxr_tools.diagnostics import Diagnostic, Severity

OK = 0
"""Success."""
INPUT_ERROR = 1
"""The input has errors (or findings at the failing level)."""
TOOL_ERROR = 2
"""Usage, I/O or internal error."""


def exit_code(
    diagnostics: Iterable[Diagnostic], *, failed: bool = False, fail_on: Severity = Severity.ERROR
) -> int:
    """1 when reading failed or any diagnostic is at or above ``fail_on``, else 0."""
    if failed or any(d.level >= fail_on for d in diagnostics):
        return INPUT_ERROR
    return OK
