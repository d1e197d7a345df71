"""What a link points to: the answer of ``urlmap.SiteMap.resolve``, which the links
transform turns into a new URL (or keeps, and reports)."""

from __future__ import annotations

from typing import NamedTuple

from wxr_tools.archives import Archive
from wxr_tools.index import Entry


class Target(NamedTuple):
    """What a link points to.

    A named tuple, not a frozen dataclass: the site map makes one for every link it
    resolves, and a frozen dataclass sets each field through ``object.__setattr__``
    (several times the cost of the tuple).
    """

    kind: str
    """``item``, ``media``, ``home``, ``archive`` (a category's or tag's page: ``form``
    is the taxonomy), ``period`` (a month's or a year's: ``form`` says which, ``path``
    is ``2010/03`` or ``2010``), ``author`` (``path`` is the nicename), ``feed`` (one of
    WordPress's feeds: ``form`` says whose, ``site``, ``comments`` or the archive's;
    ``path`` is the new feed's URL, "" when the new site has none), ``site`` (another
    archive), ``missing``, ``external``."""
    form: str = ""
    """How it was recognised: ``permalink``, ``?p=``, ``old-slug``, ``uploads``…"""
    entry: Entry | None = None
    path: str = ""
    """For media: the file's path under the uploads folder, as linked."""
    fragment: str = ""
    archive: Archive | None = None


UNKNOWN = Target("unknown")
"""What a memo gives for a link it does not hold (None is an answer it may hold)."""
SITE = Target("site", "archive")
"""A link to a page of the old site that is no content and has none here (kept)."""
