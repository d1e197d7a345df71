"""The configuration a run for one target uses: where its links go.

``wxr convert`` and ``wxr links --to`` both read it, so that the link report says what
the conversion does: Ghost's addresses (``ghosturls``), no archive pages for a target
that makes none, and the new site's feeds for links to the old ones (``feedurls``).
"""

from __future__ import annotations

from dataclasses import replace

from wxr_tools.config import Config
from wxr_tools.feedurls import new_feeds
from wxr_tools.writers import ARCHIVE_PAGES


def for_target(config: Config, to: str, flavor: str, comments: str) -> Config:
    """``config`` for a run writing ``to`` (``flavor``, ``--comments`` for Markdown)."""
    if to == "ghost":
        # Links, items' URLs and redirects go where Ghost serves them (``ghosturls``).
        from wxr_tools.ghosturls import ghost_config

        config = ghost_config(config)
    elif to not in ARCHIVE_PAGES:
        config = without_archive_pages(config)
    # Links to the old feeds go to the new site's (``feedurls``): the writer's options say which.
    return replace(config, feeds=new_feeds(to, flavor, comments))


def without_archive_pages(config: Config) -> Config:
    """``config`` with the archive patterns off, unless the user set them.

    Only the Markdown site writer makes category, tag, month and year pages: for another
    target (a cleaned WXR for a new WordPress, Ghost, JSON) links to the old archives stay
    as written, unless ``[links.archive_pattern]`` says where that target has them
    (``/tag/{slug}/`` for Ghost's tags, ``/category/{path}/`` for WordPress).
    """
    from wxr_tools.config import defaults

    links = config.section("links")
    if links["archive_pattern"] != defaults()["links"]["archive_pattern"]:
        return config
    data = dict(config.data)
    data["links"] = {**links, "archive_pattern": dict.fromkeys(links["archive_pattern"], "")}
    return replace(config, data=data)
