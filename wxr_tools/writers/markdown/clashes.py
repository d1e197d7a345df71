"""Places and old URLs two things wanted, as the run ends: the aliases a page placed
later took as its URL are taken out of the files written (WXR415), and the clashes of
paths (WXR410), of old URLs (WXR411) and of redirect rules are reported."""

from __future__ import annotations

from urllib.parse import unquote

from wxr_tools.diagnostics import Diagnostic
from wxr_tools.writers import WriteJob
from wxr_tools.writers.markdown.aliases import LaterPage
from wxr_tools.writers.markdown.allocation import Paths
from wxr_tools.writers.markdown.document import Settings, drop_aliases
from wxr_tools.writers.markdown.output import Output, put, target
from wxr_tools.writers.redirects import (
    RedirectMap,
    clash_message,
    dotted_message,
    first_item,
    two_items,
)


def drop_later_aliases(paths: Paths, output: Output, settings: Settings, job: WriteJob) -> None:
    """Take out of the files written the aliases that pages placed later have as URLs,
    and write the updates held until now (``parallel.compare_aliased``).

    An item's file is written when it is placed; a page placed after it may have one of
    its old URLs as its URL, and the redirect page would compete with it (WXR415). Rare,
    so the file is read back and rewritten rather than every file held back. An update
    of a file with aliases was held back: it is written here, once, as it ends up.
    """
    by_file: dict[str, list[LaterPage]] = {}
    for later in paths.aliases.later_pages:
        by_file.setdefault(later.file, []).append(later)
    for found in by_file.values():
        for later in found:
            message = hidden_message(later.alias, later.item_id, unquote(later.url))
            job.report.add(
                Diagnostic(code="WXR415", message=message, line=later.line, item_id=later.item_id)
            )
    for file, document in output.held():
        found = by_file.pop(file, [])
        kept = _without(document, file, found, settings, job) if found else None
        output.write(file, kept if kept is not None else document)
    if output.dry_run:
        return
    for file, found in by_file.items():
        with open(target(output.root, file), "rb") as f:
            kept = _without(f.read(), file, found, settings, job)
        if kept is not None:
            put(output.root, file, kept, dry_run=False)


def _without(
    document: bytes, file: str, found: list[LaterPage], settings: Settings, job: WriteJob
) -> bytes | None:
    """``document`` without the aliases ``found``; None (counted) if it cannot be read."""
    kept = drop_aliases(document, {later.alias for later in found}, settings)
    if kept is None:  # not as written: an alias is left in it, and said so
        job.report.counts[f"aliases left in {file}: its front matter did not read back"] += 1
    return kept


def hidden_message(old: str, item_id: int | None, url: str) -> str:
    return f"old URL {old} of item {item_id} is now another page's URL: not redirected to {url}"


def report_paths(paths: Paths, job: WriteJob) -> None:
    for ref, owner, place, placement in paths.clashes:
        later = "the second one" if owner == ref.id else f"item {ref.id}"
        message = (
            f"{two_items(owner, ref.id)} would share {place}: {later} is written "
            f"to {placement.path} ({placement.url})"
        )
        for item_id, line in ((owner, None), (ref.id, ref.line)):
            job.report.add(Diagnostic(code="WXR410", message=message, line=line, item_id=item_id))
    for s in paths.aliases.shared:
        message = (
            f"old URL {s.alias} belongs to {two_items(s.owner, s.item_id)}: "
            f"it redirects to {unquote(s.owner_url)} ({first_item(s.owner, s.item_id)})"
        )
        job.report.add(Diagnostic(code="WXR411", message=message, line=s.line, item_id=s.item_id))
    for ref, slug, source in paths.slug_sources:
        message = f"no usable slug: {slug!r} made from its {source}"
        job.report.add(Diagnostic(code="WXR414", message=message, line=ref.line, item_id=ref.id))
    report_dotted(paths, None, job)


def report_dotted(paths: Paths, redirects: RedirectMap | None, job: WriteJob) -> None:
    """WXR427, once for each old URL left out of the aliases (no redirect page) or of
    the redirect map (no rule) for a ``.`` or ``..`` segment."""
    said = {d.message for d in job.report.diagnostics if d.code == "WXR427"}
    found = [(ref.id, ref.line, path, unquote(url), "page") for ref, path, url in paths.dotted]
    found += [(None, None, path, unquote(url), "page") for url, path in paths.aliases.dotted]
    if redirects is not None:
        found += [
            (r.item_id, None, unquote(r.source), unquote(r.target), "rule")
            for r in redirects.dotted
        ]
    for item_id, line, path, url, what in found:
        message = dotted_message(path, url, what)
        if message not in said:
            said.add(message)
            job.report.add(Diagnostic(code="WXR427", message=message, line=line, item_id=item_id))


def report_redirect_clashes(redirects: RedirectMap, paths: Paths, job: WriteJob) -> None:
    # Those an item's aliases left out already were reported as the item was placed.
    said = {d.message for d in job.report.diagnostics if d.code == "WXR415"}
    for rule in redirects.shadowed():
        message = hidden_message(unquote(rule.source), rule.item_id, unquote(rule.target))
        if message not in said:
            job.report.add(Diagnostic(code="WXR415", message=message, item_id=rule.item_id))
    report_dotted(paths, redirects, job)
    # An old URL that two items' aliases had is reported with the paths.
    shared = {(s.item_id, s.alias.rstrip("/")) for s in paths.aliases.shared}
    for kept, refused in redirects.clashes:
        if (refused.item_id, unquote(refused.source).rstrip("/")) in shared:
            continue
        job.report.add(
            Diagnostic(
                code="WXR411",
                message=clash_message(kept, refused),
                item_id=refused.item_id,
            )
        )
