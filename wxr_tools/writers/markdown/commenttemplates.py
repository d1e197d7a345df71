"""The Astro skeleton's ``src/lib/comments.js``: an item's comment thread, read when its
page is made.

The page route and the comments feed read each thread from its data file
(``comments.DATA_FILE``) with Node's ``fs``, when a page needs it. They imported every
data file through Vite (``import.meta.glob``, eager) before: each thread was then a
module that the build bundled, whatever page used it, and every thread stayed in memory
for the whole build, so a long-lived blog's comments cost the build time and memory
all pages paid for. A collection of the threads (Astro's ``glob()`` loader, ``getEntry``
per page) was measured too: syncing it cost more than the bundling it saved, as the
content store it fills is bundled as well.

The folder is found from Astro's configured ``srcDir`` (``astro:config/server``), not the
working directory (which ``astro build --root SITE`` does not change); it came with
Astro 5.7, which ``package.json`` asks for.
``astro dev`` reads a thread again with each request of its page, but does not reload
an open page when a data file changes.
"""

from __future__ import annotations

ASTRO_COMMENTS = """\
// An item's comment thread (written by wxr_tools): src/data/comments/<key>.json, read
// when its page or the comments feed needs it (src/lib/comments.js), not bundled.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { srcDir } from "astro:config/server";

const folder = fileURLToPath(new URL("data/comments/", srcDir));

// The thread of an entry (its data): the file is named by its front matter's
// wordpress.comments, else its wordpress.id; none when the item has no comments.
export function threadOf(data) {
  const file = join(folder, `${data.wordpress.comments ?? String(data.wordpress.id)}.json`);
  return existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : [];
}
"""
