"""``--to ghost --redirects FORMAT``: the redirect map from the old WordPress URLs to the
Ghost ones, written beside the import file.

Each item's ``url`` is where the links transform sent links to it (``ghosturls``:
``/{slug}/`` with the slug the Ghost writer writes, unless the configuration says
otherwise), and its ``old_urls`` every address WordPress answered at: the same pairs
the links were rewritten with, so a link and a redirect always agree. An attachment's
page and file go to the file's Ghost URL (``/content/images/…``). ``ghost`` is Ghost's
own format (``redirects.yaml``); nginx, apache, netlify and csv serve a proxy in front.
"""

from __future__ import annotations

import os

from wxr_tools.diagnostics import Diagnostic, UsageError
from wxr_tools.model import Item
from wxr_tools.scratch import Scratch
from wxr_tools.writers import WriteJob
from wxr_tools.writers.files import atomic_file
from wxr_tools.writers.redirects import FILE_NAMES, RedirectMap


class GhostRedirects:
    """The map, filled item by item (``add``), written at the end (``write``)."""

    def __init__(self, job: WriteJob, fmt: str) -> None:
        if job.output == "-":
            raise UsageError("--redirects writes a file beside the output: give -o FILE")
        self.job, self.fmt = job, fmt
        self.path = os.path.join(os.path.dirname(os.path.abspath(job.output)), FILE_NAMES[fmt])
        self._scratch = Scratch()
        self.map = RedirectMap(self._scratch)

    @classmethod
    def of(cls, job: WriteJob) -> GhostRedirects | None:
        """The map ``--redirects`` asks for, or None."""
        fmt = job.options.redirects
        return cls(job, fmt) if fmt else None

    def add(self, item: Item, written: bool) -> None:
        """``item``'s old URLs to its new one: a post or page written, or an attachment
        (its page and file to the file's new address)."""
        if not item.url or not (written or item.type == "attachment"):
            return
        self.map.add(item.old_urls or (), item.url, item.id)

    def write(self) -> None:
        report = self.job.report
        with atomic_file(self.path) as out:
            out.write(self.map.render(self.fmt).decode("utf-8"))
        if self.map.left_out:
            report.counts["redirects with a query left out (ghost matches paths only)"] += (
                self.map.left_out
            )
        for rule in self.map.shadowed():
            report.add(
                Diagnostic(
                    code="WXR415",
                    message=f"old URL {rule.source} is now a page: no redirect to {rule.target}",
                    item_id=rule.item_id,
                )
            )
        for kept, refused in self.map.clashes:
            report.add(
                Diagnostic(
                    code="WXR411",
                    message=(
                        f"old URL {kept.source} belongs to items {kept.item_id} and "
                        f"{refused.item_id}: it redirects to {kept.target} (item {kept.item_id})"
                    ),
                    item_id=refused.item_id,
                )
            )
        written = sum(1 for _ in self.map.rules()) - self.map.left_out
        report.counts[f"redirect rules written ({os.path.basename(self.path)})"] += written

    def close(self) -> None:
        self._scratch.close()
