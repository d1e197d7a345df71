"""The names the command line offers for a conversion's output: the formats (``--to``),
the static site generators (``--flavor``) and the redirect maps (``--redirects``).

Apart from ``writers`` so that ``wxr convert`` builds its parser without importing the
writers' package (its dataclasses and the modules they name cost 21 M instructions),
which it does while the index pass reads, not before it starts (``commands.convert``).
"""

from __future__ import annotations

WRITERS: dict[str, str] = {
    "json": "wxr_tools.writers.dump:write_json_job",
    "jsonl": "wxr_tools.writers.dump:write_jsonl_job",
    "markdown": "wxr_tools.writers.markdown:write",
    "ghost": "wxr_tools.writers.ghost:write",
    "wxr": "wxr_tools.writers.wxr:write",
    "disqus": "wxr_tools.writers.disqus:write",
}
"""Every output format by name (``--to``); the value is ``module:function``."""

FLAVORS = ("hugo", "jekyll", "eleventy", "astro")
REDIRECT_FORMATS = ("nginx", "apache", "netlify", "csv", "ghost")
