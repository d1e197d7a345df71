"""Media: what an export's items point to, and getting those files into the new site.

* ``inventory``: every media reference of an export (attachments and their sizes, URLs
  in content, excerpts, comments and meta, gallery ids, featured images), each mapped
  to its attachment where one exists; ``MediaResolver`` does the same for one item at a
  time, for writers;
* ``filetypes``: the family an extension promises and the one the bytes show;
* ``store``: files from a local copy of ``wp-content/uploads`` (``--media-from``),
  verified, deduplicated by content, placed where a writer says and never outside it;
* ``fetch``: the same over HTTP(S) (``--download``), bounded, retried, resumable.

``wxr convert --to markdown`` uses them through ``wxr_tools.writers.markdown.media``,
which decides where each file goes per flavor and rewrites the links to it;
``--to ghost -o NAME.zip`` through ``wxr_tools.writers.ghostzip``, which puts each file
in Ghost's import zip at the path of the URL the links transform gave it.
"""
