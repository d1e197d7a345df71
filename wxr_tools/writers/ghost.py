"""``--to ghost``: Ghost's JSON import (FORMATS.md §3), written as a stream.

The file is ``{"db":[{"data":{...},"meta":{...}}]}``. Posts are written as they
arrive, one a line; only the small tables (tags, users, the post/tag and post/author
links) are kept until the end. ``meta`` comes last so that ``exported_on`` can fall
back to the newest date seen when the export does not say when it was made: the same
input always gives the same bytes.

The mapping:

* posts and pages only, with ``html`` (``content_html`` after the transforms, the raw
  ``content`` with ``--raw``; what Ghost's editor would lose of it in HTML cards,
  ``ghostcards``), ``status`` published/draft from ``state`` (from the
  WordPress status with ``--raw``), ``published_at``/``created_at``/``updated_at``
  in UTC from the ``*_gmt`` dates (a draft that never had a GMT date uses its local
  date: WordPress records no zone), ``custom_excerpt`` (the excerpt as plain text),
  ``canonical_url`` from ``original_url``, ``comment_id`` = the WordPress id (so a
  theme can keep Disqus threads), ``featured`` from sticky, ``feature_image`` from
  ``_thumbnail_id`` when the index knows the attachment's URL.
* tags from categories and tags alike (Ghost has no categories), merged by slug;
  descriptions from the export's term list.
* users for the authors of written posts: name, slug and e-mail; a missing or
  invalid e-mail becomes ``<login>@example.invalid`` (WXR421). Ghost matches users
  by e-mail and creates locked accounts for new ones.
* ids are 24 hex digits (Ghost's ObjectId shape) derived from what they name, so
  they are stable from one run to the next.

* the main menu as Ghost's ``navigation`` setting, a footer or secondary menu as
  ``secondary_navigation`` (``ghostnav``): rows of ``settings``, written when the
  export has menu entries Ghost can link to.

``-o NAME.zip`` writes the zip Ghost imports instead: this file at its root and, with
``--media-from`` or ``--download``, the media library (``ghostzip``); the redirect map
is written once the zip is, with no rule to a file the run could not get.

What Ghost cannot hold is counted in the report, never dropped silently: comments
(Ghost has no comments import), other post types, attachments (Ghost imports media
files, not media posts), private and trashed posts, menu entries with no page in
Ghost. Password-protected posts become members-only (WXR424). Values longer than
Ghost's limits are cut (WXR422).
"""

from __future__ import annotations

import orjson

from wxr_tools.writers import WriteJob
from wxr_tools.writers.files import atomic_file
from wxr_tools.writers.ghostredirects import GhostRedirects
from wxr_tools.writers.ghosttables import GhostTables, JsonObject
from wxr_tools.writers.ghostzip import GhostZip, ghost_zip, is_zip, relink


def _dumps(obj: object) -> str:
    return orjson.dumps(obj).decode("utf-8")


def _rows(rows: list[JsonObject]) -> str:
    return "[" + ",".join("\n" + _dumps(r) for r in rows) + ("\n]" if rows else "]")


def write(job: WriteJob) -> None:
    """Write ``job`` as one Ghost import file (``-`` for standard output), atomically,
    and the redirect map ``--redirects`` asks for beside it. ``-o NAME.zip`` makes the
    zip Ghost imports: the file, and the media files with ``--media-from`` or
    ``--download`` (``ghostzip``)."""
    if not is_zip(job.output):
        write_json(job)
        return
    with ghost_zip(job) as packed:
        write_json(job, packed)


def write_json(job: WriteJob, packed: GhostZip | None = None) -> None:
    """The import file at ``job.output``, or in the zip ``packed`` (its media files got
    first: the posts link the old site's copy of a file not had), then the redirect map,
    with no rule to the URLs of files not had: they would lead to no file."""
    redirects = GhostRedirects.of(job)  # before anything is written: it may refuse "-"
    tables = GhostTables(job)
    written: set[int] = set()
    try:
        not_had = packed.get_files() if packed is not None else {}
        with atomic_file(job.output) if packed is None else packed.json_file() as out:
            out.write('{"db":[{"data":{"posts":[')
            separator = "\n"
            for item in job.items:
                post = tables.post(item)
                if redirects is not None:
                    redirects.add(item, post is not None)
                if post is not None:
                    if not_had:
                        relink(post, not_had)
                    out.write(separator + _dumps(post))
                    separator = ",\n"
                    if item.id is not None:
                        written.add(item.id)
            out.write("\n]," if separator != "\n" else "],")
            out.write(f'"tags":{_rows(list(tables.tags.values()))},')
            out.write(f'"users":{_rows(list(tables.users()))},')
            out.write(f'"posts_tags":{_rows(tables.posts_tags)},')
            out.write(f'"posts_authors":{_rows(tables.posts_authors)}')
            settings = tables.navigation.settings(tables.term_tags, job.report)
            if settings:  # none: the file leaves the Ghost site's navigation alone
                out.write(f',"settings":{_rows(settings)}')
            out.write('},"meta":' + _dumps(tables.meta()) + "}]}\n")
        dropped = packed.finish(written) if packed is not None else set()
        if redirects is not None:
            redirects.add_archives(tables.term_tags, tables.user_slugs)
            redirects.drop(dropped)
            redirects.write()
    finally:
        tables.close()
        if redirects is not None:
            redirects.close()
