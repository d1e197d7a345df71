"""What the media options (``--media-from``, ``--download``) ask of a conversion, checked
before anything is read: a usage error names what is missing."""

from __future__ import annotations

from wxr_tools.diagnostics import UsageError
from wxr_tools.writers import WriteOptions


def check(to: str, output: str, raw: bool, write: WriteOptions, files: bool) -> None:
    """Media options need the site writer or Ghost's zip, the transforms (not ``raw``),
    and an export read twice: ``files`` (standard input is, once copied to a file)."""
    if not write.media:
        return
    flag = "--download" if write.download else "--media-from"
    if write.download and write.media_from is not None:
        raise UsageError("--media-from and --download: choose one")
    if to == "ghost" and not output.lower().endswith(".zip"):
        # The files go into the zip Ghost imports, beside the JSON: a lone JSON has none.
        raise UsageError(f"{flag} with --to ghost writes Ghost's zip: give -o NAME.zip")
    if to not in ("markdown", "ghost"):
        raise UsageError(f"{flag} is for --to markdown or --to ghost (-o NAME.zip)")
    if raw:
        # Raw items keep the old URLs: nothing would point to the files placed.
        raise UsageError(f"{flag} needs the transforms (not --raw)")
    if not files:
        raise UsageError(f"{flag} reads the export twice: give files")
