"""``wxr validate``: an export linter for CI, with stable codes, lines and exit codes.

``validate(paths, options)`` reads each export once, in constant memory: the
per-item checks run as items are read, and references to other items are
resolved at the end of each file from small tables (``tables``), never by
holding items. The reader's own diagnostics (WXR100-WXR110) are findings too; a
malformed export is a finding at the reader's position, and the items before the
error are still checked.

``rules.RULES`` says which check emits which code (``RULE_CODES`` adds the
reader's), and ``wxr_tools.diagnostics.CODES`` holds each code's severity and
documentation; the conversion's own codes there are not validate's.
"""

from __future__ import annotations

import os
import tomllib
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from wxr_tools.diagnostics import Diagnostic, InputError, Severity, UsageError
from wxr_tools.exitcodes import OK, TOOL_ERROR, exit_code
from wxr_tools.reader import Export, read
from wxr_tools.validate.baseline import fingerprint
from wxr_tools.validate.rules import READER_CODES, RULES, Rule
from wxr_tools.validate.tables import Context

__all__ = ["RULE_CODES", "FileResult", "Options", "Report", "read_config", "validate"]

RULE_CODES: tuple[str, ...] = tuple(
    sorted(READER_CODES | {code for rule in RULES for code in rule.codes})
)
"""Every code validate can report: the reader's and the rules'. Other codes in
``CODES`` (the transforms' and writers' reports) are not validate's."""

SEVERITIES = {str(s): s for s in Severity}
FAIL_ON = ("error", "warning", "never")


@dataclass(frozen=True, slots=True, kw_only=True)
class Options:
    select: tuple[str, ...] = ()
    """Codes or code prefixes (``WXR2``) to report; empty means all."""
    ignore: tuple[str, ...] = ()
    severity: Mapping[str, Severity] = field(default_factory=dict)
    """Per-code severity overrides."""
    fail_on: Severity | None = Severity.ERROR
    """The lowest severity that fails the run; None never fails (``--fail-on never``)."""
    recover: bool = False
    baseline: Counter[str] | None = None
    """Fingerprints of accepted findings (``baseline.load``), with their counts."""
    one_export: bool = False
    """The paths are the files of one export, checked as one (``split``)."""

    def codes(self) -> tuple[str, ...]:
        """The codes these options report, in code order."""
        selected = _expand(self.select, "select") if self.select else set(RULE_CODES)
        ignored = _expand(self.ignore, "ignore")
        return tuple(c for c in RULE_CODES if c in selected and c not in ignored)


def _expand(patterns: Iterable[str], what: str) -> set[str]:
    codes: set[str] = set()
    for pattern in patterns:
        matched = {c for c in RULE_CODES if c.startswith(pattern.strip().upper())}
        if not pattern.strip() or not matched:
            raise UsageError(f"{what}: unknown rule code {pattern!r} (see `wxr rules`)")
        codes |= matched
    return codes


@dataclass(slots=True)
class FileResult:
    """The findings of one export."""

    path: str
    findings: list[Diagnostic] = field(default_factory=list)
    items: int = 0
    """The items read, ``repeats`` among them."""
    repeats: int = 0
    """Items an earlier file of the same export gave (``--one-export``): not checked again."""
    complete: bool = True
    """False when a strict read stopped at an error: later items were not checked."""
    suppressed: int = 0
    """Findings left out because the baseline records them."""
    error: str | None = None
    """Set when the file could not be read at all (an I/O error, exit code 2)."""


@dataclass(slots=True)
class Report:
    files: list[FileResult]
    codes: tuple[str, ...]
    """The codes that were checked (for formats that list rules)."""
    fail_on: Severity | None = Severity.ERROR

    @property
    def findings(self) -> list[Diagnostic]:
        return [d for f in self.files for d in f.findings]

    def summary(self) -> dict[str, int]:
        """Findings by code, in code order."""
        return dict(sorted(Counter(d.code for d in self.findings).items()))

    def items(self) -> dict[str, int]:
        """The items checked, and the repeats of an earlier file's items left unchecked."""
        repeated = sum(f.repeats for f in self.files)
        return {"checked": sum(f.items for f in self.files) - repeated, "repeated": repeated}

    def failing(self, finding: Diagnostic) -> bool:
        return self.fail_on is not None and finding.level >= self.fail_on

    def suppress(self, baseline: Counter[str]) -> None:
        """Leave out the findings the baseline records (each as many times as recorded)."""
        left = Counter(baseline)
        for result in self.files:
            kept = []
            for finding in result.findings:
                key = fingerprint(finding)
                if left[key] > 0:
                    left[key] -= 1
                    result.suppressed += 1
                else:
                    kept.append(finding)
            result.findings = kept

    def exit_code(self) -> int:
        if any(f.error is not None for f in self.files):
            return TOOL_ERROR
        if self.fail_on is None:
            return OK
        return exit_code(self.findings, fail_on=self.fail_on)


def validate(paths: Sequence[str], options: Options | None = None) -> Report:
    """Check each export (a path, a .gz path, or ``-`` for standard input).

    Raises:
        UsageError: an unknown code in ``select`` or ``ignore``.
    """
    options = options or Options()
    codes = options.codes()
    enabled = frozenset(codes)
    rules = [r for r in RULES if any(c in enabled for c in r.codes)]
    if options.one_export and len(paths) > 1:
        files = _validate_export(paths, options, enabled, rules)
    else:
        files = [_validate_one(p, options, enabled, rules) for p in paths]
    report = Report(
        files=files,
        codes=codes,
        fail_on=options.fail_on,
    )
    if options.baseline is not None:
        report.suppress(options.baseline)
    return report


def _validate_one(
    path: str, options: Options, enabled: frozenset[str], rules: list[Rule]
) -> FileResult:
    shown = "<stdin>" if path == "-" else path
    ctx = Context(shown, enabled, options.severity)
    result = FileResult(shown)
    try:
        export = read(path, recover=options.recover)
    except InputError as e:  # not WXR at all, or refused (DOCTYPE): one finding
        ctx.add(e.diagnostic)
        result.complete = False
    except (OSError, EOFError) as e:  # EOFError: a truncated .gz
        result.error = _describe(e)
        return result
    else:
        with export:
            try:
                _check_items(export, ctx, rules, result)
            except (OSError, EOFError) as e:
                result.error = _describe(e)
            result.items = export.items_read
    result.findings = _in_order(ctx.findings)
    return result


def _in_order(findings: Iterable[Diagnostic]) -> list[Diagnostic]:
    return sorted(findings, key=lambda d: (d.line is None, d.line or 0, d.column or 0))


def _validate_export(
    paths: Sequence[str], options: Options, enabled: frozenset[str], rules: list[Rule]
) -> list[FileResult]:
    """The files of one export, checked as one (``split``); each its own result.

    A file whose header cannot be read is checked (and reported) on its own.

    Raises:
        UsageError: standard input or a file given twice, or files of two sites.
    """
    from wxr_tools.reader.chain import check_paths
    from wxr_tools.validate.split import check_export, readable

    check_paths(paths)
    good = [p for p in paths if readable(p, options.recover)]
    results = {p: FileResult(p) for p in good}
    if good:
        ctx = Context(good[0], enabled, options.severity)
        items, repeated, stopped = check_export(good, ctx, rules, options.recover)
        found: dict[str, list[Diagnostic]] = {p: [] for p in good}
        for finding in ctx.findings:
            found.get(finding.path or "", found[good[0]]).append(finding)
        for path, result in results.items():
            result.findings = _in_order(found[path])
            result.items = items[path]
            result.repeats = repeated[path]
            result.complete = path not in stopped
    return [
        results[p] if p in results else _validate_one(p, options, enabled, rules) for p in paths
    ]


def _check_items(export: Export, ctx: Context, rules: list[Rule], result: FileResult) -> None:
    ctx.start(export.site, export.authors, export.terms)
    for rule in rules:
        if rule.on_header is not None:
            rule.on_header(ctx)
    checks = [r.on_item for r in rules if r.on_item is not None]
    remember = ctx.tables.add_item
    fatal: Diagnostic | None = None
    try:
        for item in export:
            for check in checks:
                check(item, ctx)
            remember(item)  # after the checks: "seen before" means an earlier item
    except InputError as e:  # strict mode, not well-formed: a finding, items so far checked
        fatal = e.diagnostic
        result.complete = False
    for diagnostic in export.diagnostics:
        ctx.add(diagnostic)
    if fatal is not None:
        ctx.add(fatal)
    for rule in rules:
        if rule.on_end is not None and (result.complete or not rule.needs_whole_file):
            rule.on_end(ctx)


def _describe(e: BaseException) -> str:
    if isinstance(e, OSError) and e.strerror:
        return e.strerror
    return str(e) or type(e).__name__


# -- wxr.toml -----------------------------------------------------------------------------


def read_config(path: str | None = None) -> dict[str, Any]:
    """The ``[validate]`` table of ``path``, or of ./wxr.toml when it exists; {} if none.

    Keys: ``select`` and ``ignore`` (lists of codes or prefixes), ``fail_on``
    (error, warning or never), ``severity`` (a table of CODE = "error" | "warning"
    | "info") and ``one_export`` (a boolean, ``--one-export``). Unknown keys and bad
    values are refused, naming the file.
    """
    if path is None:
        if not os.path.isfile("wxr.toml"):
            return {}
        path = "wxr.toml"
    try:
        with open(path, "rb") as f:
            data = tomllib.load(f)
    except tomllib.TOMLDecodeError as e:
        raise UsageError(f"{path}: {e}") from None
    table = data.get("validate", {})
    if not isinstance(table, dict):
        raise UsageError(f"{path}: [validate] must be a table")
    for key, value in table.items():
        if key in ("select", "ignore"):
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise UsageError(f"{path}: validate.{key} must be a list of codes")
            _expand(value, f"{path}: validate.{key}")
        elif key == "fail_on":
            if value not in FAIL_ON:
                raise UsageError(f"{path}: validate.fail_on must be one of {', '.join(FAIL_ON)}")
        elif key == "severity":
            _severities(value, path)
        elif key == "one_export":
            if not isinstance(value, bool):
                raise UsageError(f"{path}: validate.one_export must be true or false")
        else:
            raise UsageError(f"{path}: unknown key 'validate.{key}'")
    return table


def _severities(value: object, path: str) -> dict[str, Severity]:
    if not isinstance(value, dict):
        raise UsageError(f"{path}: validate.severity must be a table of CODE = severity")
    out: dict[str, Severity] = {}
    for code, name in value.items():
        if code not in RULE_CODES:
            raise UsageError(f"{path}: validate.severity: unknown rule code {code!r}")
        if name not in SEVERITIES:
            raise UsageError(f"{path}: validate.severity.{code} must be error, warning or info")
        out[code] = SEVERITIES[name]
    return out


def make_options(
    config: Mapping[str, Any],
    *,
    select: Sequence[str] | None = None,
    ignore: Sequence[str] | None = None,
    fail_on: str | None = None,
    recover: bool = False,
    baseline: Counter[str] | None = None,
    one_export: bool | None = None,
) -> Options:
    """Options from a ``[validate]`` table, overridden by whatever the command line sets
    (None: not set there)."""
    fail = fail_on or config.get("fail_on", "error")
    return Options(
        select=tuple(select if select is not None else config.get("select", ())),
        ignore=tuple(ignore if ignore is not None else config.get("ignore", ())),
        severity=_severities(config.get("severity", {}), "wxr.toml"),
        fail_on=None if fail == "never" else SEVERITIES[fail],
        recover=recover,
        baseline=baseline,
        one_export=bool(config.get("one_export", False)) if one_export is None else one_export,
    )
