"""``--to markdown``: a static site's sources, for Hugo, Jekyll, Eleventy or Astro.

One Markdown file per published or draft item, comments as data files (or inline),
a redirect map when asked, a minimal site skeleton, and an exact account in the run
report: every item read is written or excluded with a reason, and so is every
comment. The modules, by concern:

* ``paths``: where each item goes (file and URL), safe and distinct; ``aliases``:
  which of its old URLs its front matter lists; ``clashes``: what the run says of
  items and old URLs that wanted the same place;
* ``html`` and ``rawhtml``: HTML to Markdown, losing nothing;
* ``frontmatter`` and ``document``: one item → one document (a pure function);
* ``comments``: comment data files and inline sections;
* ``termpages``, ``datepages`` and ``authorpages``: a page for each category, tag, month,
  year and author, where its old archive redirects; ``feeds``: the archives' and the
  comments' feeds, and where WordPress's addresses of them go;
* ``menus``: the navigation menus, as each generator's menus;
* ``parallel``: rendering in worker processes, in order;
* ``workers``: with a file large enough to cut, the whole conversion (read, transform,
  render) in worker processes, part by part, placed and written here in order;
* ``output``: atomic, idempotent writes, dry runs, the marker file;
* ``skeleton`` and ``templates``: the site around the content;
* ``media`` and ``medialinks``: with ``--media-from`` or ``--download``, the media
  files placed where the flavor wants them, and the links to them.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import closing
from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING
from urllib.parse import unquote

from wxr_tools.archives import (
    author_old_paths,
    old_feeds,
    old_sitemaps,
    paged_paths,
)
from wxr_tools.config import Config
from wxr_tools.diagnostics import SLUG, TYPE, Diagnostic, UsageError, cut, shown
from wxr_tools.feedurls import SITE_FEEDS
from wxr_tools.langhomes import answers_lang_query, qtranslate_prepath, site_language
from wxr_tools.menus import MENU_ITEM, entry_of
from wxr_tools.model import Item, evolve
from wxr_tools.report import RunReport
from wxr_tools.scratch import Scratch
from wxr_tools.transforms import html_of
from wxr_tools.transforms.status import policy_state
from wxr_tools.urlparts import home_of, split_url
from wxr_tools.writers import FLAVORS, LEFT_OUT, NOT_HAD, WriteJob, redirectfamilies
from wxr_tools.writers.markdown import feeds, htmlcomments, skeleton
from wxr_tools.writers.markdown.allocation import Paths
from wxr_tools.writers.markdown.authorpages import AuthorPages
from wxr_tools.writers.markdown.clashes import (
    drop_later_aliases,
    hidden_message,
    report_paths,
    report_redirect_clashes,
)
from wxr_tools.writers.markdown.datepages import DatePages
from wxr_tools.writers.markdown.document import Settings
from wxr_tools.writers.markdown.menus import Menus
from wxr_tools.writers.markdown.output import BACKUPS, Output
from wxr_tools.writers.markdown.parallel import Target, produce_all
from wxr_tools.writers.markdown.paths import Placement, item_date
from wxr_tools.writers.markdown.termpages import TermPages
from wxr_tools.writers.markdown.translations import Translations
from wxr_tools.writers.redirects import FILE_NAMES, RedirectMap

Archives = tuple[TermPages, DatePages, AuthorPages, Translations]
"""The archive pages (categories and tags, months and years, authors) and Jekyll's table
of translations: what every placed item adds to, written at the end."""

if TYPE_CHECKING:
    from wxr_tools.writers.markdown.media import MediaPlan

_NOT_CONTENT_WORDS = (
    "nav_menu_item wp_navigation wp_global_styles custom_css customize_changeset "
    "oembed_cache user_request wp_template wp_template_part wp_font_family wp_font_face "
    "revision wp_block acf-field acf-field-group"
)
NOT_CONTENT = frozenset(_NOT_CONTENT_WORDS.split())
"""Post types that hold site machinery (menus, styles, editor state), not pages."""


def state_of(item: Item, config: Config) -> str:
    """The item's state; raw items (``--raw``) get it from the configured status policy."""
    if item.state is not None:
        return item.state
    state = policy_state(config.section("status"), item.status)
    return "media" if item.type == "attachment" and state != "exclude" else state


def exclusion(item: Item, state: str) -> str | None:
    """Why ``item`` gets no page, or None when it gets one."""
    if item.type in NOT_CONTENT:
        return f"not content ({item.type})"
    if state == "media":
        return "media: no page"
    if state not in ("published", "draft"):
        return f"{cut(item.status, TYPE) or 'no status'} excluded"
    return None


def default_language(job: WriteJob) -> str:
    """The site's language code (``fr`` for ``fr-FR``), English when the export has none."""
    return site_language(job.site.language)


def write(job: WriteJob) -> None:
    """Write the site under ``job.output``; see the module docstring."""
    options = job.options
    flavor = options.flavor
    if flavor not in FLAVORS:
        raise UsageError(f"unknown flavor {flavor!r} (known: {', '.join(FLAVORS)})")
    if options.front_matter == "toml" and flavor != "hugo":
        raise UsageError("--front-matter toml is for --flavor hugo only")
    lang = default_language(job)
    settings = Settings(
        flavor=flavor,
        front_matter=options.front_matter,
        comments=options.comments,
        default_lang=lang,
        authors={a.login: a.display_name or a.login for a in job.authors},
    )
    base_url = str(job.config.section("links")["base_url"]).rstrip("/")
    facts = skeleton.SiteFacts(site=job.site, default_lang=lang, base_url=base_url)
    facts.comments_feed = options.comments == "data"  # made from the data files
    # Every path, URL and old URL handed out, and every file written, is kept in memory
    # while these tables are small, then on disk (``scratch.Budget``), deleted however
    # this ends.
    with Scratch() as scratch:
        output = Output(
            job.output,
            dry_run=options.dry_run,
            force=options.force,
            refresh_skeleton=options.refresh_skeleton,
            scratch=scratch,
        )
        paths = Paths(flavor, lang, scratch)
        redirects = RedirectMap(scratch) if options.redirects else None
        terms = TermPages(flavor, lang, job.site, job.terms)
        home = split_url(home_of(job.site)).path or "/"
        dates = DatePages(flavor, home, terms.folders, lang)
        authors = AuthorPages(flavor, home, job.authors, terms.folders)
        archives = (terms, dates, authors, Translations(flavor, scratch))
        menus = Menus(scratch, job.terms, lang)
        try:
            _write(job, output, settings, facts, paths, redirects, archives, menus)
        except BaseException as e:
            output.discard(e)  # a fresh output's run leaves nothing (``staging``)
            raise


def _write(
    job: WriteJob,
    output: Output,
    settings: Settings,
    facts: skeleton.SiteFacts,
    paths: Paths,
    redirects: RedirectMap | None,
    archives: Archives,
    menus: Menus,
) -> None:
    options, flavor = job.options, job.options.flavor
    terms, dates, authors, translations = archives
    report = job.report
    downloads = options.media and job.media is not None and options.media_from is None
    # A fresh output is written in a staging folder, published at the end
    # (``output.finish``); media files too, but those downloaded: a run that fails
    # keeps the files it got, and their manifest, not to fetch them again.
    if output.fresh and not options.dry_run and not downloads:
        output.stage()
    media = None
    if options.media and job.media is not None:
        # Imported here: a conversion without media files does not load the downloader.
        from wxr_tools.writers.markdown.media import MediaPlan

        in_langs = None
        if job.filters is not None and job.filters.langs:
            from wxr_tools.writers.references import Kept

            in_langs = Kept(job).in_langs
        media = MediaPlan(job.media, flavor, job.config, output, in_langs)
        media.acquire(options, job.config, job.progress)
        facts.media_folder = media.layout.folder.rstrip("/")
    # With media files placed first, a directory this run made may hold one already:
    # only an output that nothing but the items is written into skips comparing.
    fresh = output.fresh and media is None
    target = Target(output.root, dry_run=options.dry_run, fresh=fresh)
    if job.parts is not None and media is None:
        # Read, transformed and rendered in worker processes, part by part.
        from wxr_tools.writers.markdown.workers import write_parts

        placed = partial(_placed, job, facts, redirects, archives, menus)
        moved = redirects.add if redirects is not None else None
        results = write_parts(job, paths, settings, target, placed, menus.see, moved)
    else:
        tasks = _tasks(job, paths, facts, redirects, archives, menus, media)
        results = produce_all(tasks, settings, target)
    # Counted once every item is written: a parallel run adds the transforms' counts part
    # by part, and the report lists equal counts in the order they came, as a serial run.
    to_top: list[str] = []  # replies shown at the top level, by reason
    # Closed however this ends: a failure here stops the workers (and waits for them)
    # before ``write`` discards the staging folder some of them write in.
    with closing(results):
        for (item_type, comments), produced in results:
            for path, status in produced.files:
                output.record(path, status)
            for path, data in produced.held:
                output.hold(path, data)
            report.items_written[item_type] += 1
            if options.comments == "none":
                if comments:
                    report.exclude_comment("not written (--comments none)", comments)
            else:
                report.comments_written += produced.comments_written
                to_top += produced.comments_moved
    report.counts.update(to_top)
    fm = options.front_matter
    terms.write(output, paths.aliases, redirects, job.config, fm, report, target.fresh)
    menus.write(output, flavor, terms.by_id, job.index, report)
    translations.write(output, target.fresh)
    facts.taxonomies = terms.paged - {"categories", "tags"}
    structure = terms.structure
    for pages in (dates, authors):
        pages.write(
            output, paths.aliases, redirects, job.config, fm, report, structure, target.fresh
        )
    if redirects is not None:  # feed readers follow a redirect of the map, not a page
        home = dates.home
        redirects.add(old_feeds(home), SITE_FEEDS[flavor], None)
        redirects.add(old_sitemaps(home), "/sitemap.xml", None)
        feeds.add_site_feeds(
            redirects, flavor, home, structure.value, job.authors, options.comments
        )
        start = home.rstrip("/") + "/"
        keep_region = bool(job.config.section("languages")["keep_region"])
        split = job.filters is not None and bool(job.filters.langs)
        site = (flavor, home, facts.default_lang)
        homes = feeds.add_language_homes(
            redirects,
            terms.folders,
            facts.langs,
            site=site,
            comments=options.comments,
            keep_region=keep_region,
            several=split,
            queries=partial(answers_lang_query, job.terms, job.index),
            prepath=partial(qtranslate_prepath, job.terms, job.index, structure),
        )
        per_page = int(job.config.section("links")["posts_per_page"])
        for path, new in homes:  # a language's later pages (/fr/page/2/): its home
            redirects.add(paged_paths([path], dates.posts, per_page, structure.plain), new, None)
        old = [start, f"{start}?"]
        if len(job.authors) == 1:  # one author: their archive is the home page
            author = job.authors[0]
            old += author_old_paths(author.login, author.id, home, structure.value)
            redirects.add(old[2:], "/", None)
        redirects.add(paged_paths(old, dates.posts, per_page, structure.plain), "/", None)
    if flavor == "hugo" and facts.comments_feed:
        feeds.write_hugo_comments_page(output, fm, target.fresh)
    if flavor == "astro":  # a content collection for each folder of pages
        facts.sections |= terms.sections() | dates.sections() | authors.sections()
    drop_later_aliases(paths, output, settings, job)
    wanted = skeleton.needs(flavor, facts)
    for path, data in skeleton.files(flavor, facts).items():
        if output.write_if_absent(path, data):
            continue
        if media is not None:
            _check_passthrough(output, path, facts, job)
        if path in wanted:
            _check_kept(output, path, wanted[path], job)
    if media is not None:
        media.finish(report)
    if redirects is not None and options.redirects:
        fmt = options.redirects
        name = skeleton.netlify_path(flavor) if fmt == "netlify" else FILE_NAMES[fmt]
        # Files are pages too: a placeholder rule must not send one away (Cloudflare).
        for url in media.urls() if media is not None else ():
            redirects.page(url)
        output.write(name, redirects.render(fmt))
        if redirects.netlify is not None:
            redirectfamilies.report(redirects.netlify, name, report)
        report_redirect_clashes(redirects, paths, job)
    report_paths(paths, job)
    stale = output.stale()
    if stale:
        report.counts["files from earlier runs kept"] += len(stale)
    output.finish()
    kept = output.kept_message()
    if kept is not None:
        report.add(Diagnostic(code="WXR419", message=kept, path=job.output))
    refreshed = len(output.skeleton_refreshed)
    for what, n in (
        ("skeleton files of an earlier version replaced (unedited)", output.skeleton_updated),
        (f"skeleton files replaced (--refresh-skeleton; copies in {BACKUPS}/)", refreshed),
        ("files created", output.created),
        ("files updated", output.updated),
        ("files unchanged", output.unchanged),
    ):
        if n:
            report.counts[what] += n


def _tasks(
    job: WriteJob,
    paths: Paths,
    facts: skeleton.SiteFacts,
    redirects: RedirectMap | None,
    archives: Archives,
    menus: Menus,
    media: MediaPlan | None = None,
) -> Iterator[tuple[tuple[str, int], Item, Placement]]:
    """The items to render, placed; everything else excluded and counted as it streams by."""
    later: list[Moved] = []
    """Attachments' redirects, when files are placed: a file goes into the bundle of the
    page that uses it, which may come later in the export."""
    for item in job.items:
        ready = prepare(item, job.config, job.report)
        if ready is None:
            if item.type == MENU_ITEM:
                menus.see(entry_of(item, state_of(item, job.config)))
            if redirects is not None and (was := moved_media(item, job.config)) is not None:
                if media is None:
                    redirects.add(*was)
                else:
                    later.append(was)
            continue
        placement = paths.allocate(ready)
        if media is not None:
            placement = replace(placement, media=media.links_for(ready, placement))
        _placed(job, facts, redirects, archives, menus, ready, placement)
        # The tag (type, comments) is all the accounting needs once the item is written.
        yield (ready.type, len(ready.comments)), ready, placement
    for old, url, item_id in later:
        assert redirects is not None and media is not None  # only kept then
        served = media.served_url(url)
        if served is None:
            # Its file is not on the site: its old addresses are left alone rather than
            # sent to a 404 (a redirect would also hide that something is missing).
            job.report.counts[NOT_HAD] += 1
            continue
        redirects.add(old, served, item_id)


Moved = tuple[tuple[str, ...], str, int | None]
"""An attachment's old URLs, new URL and id (``moved_media``): redirects only."""


def moved_media(item: Item, config: Config) -> Moved | None:
    """(old URLs, new URL, id) of an attachment, which gets no page: its attachment page
    (``/2008/11/post/photo/``, ``?attachment_id=``) and its file's old address go to
    its file's new one, as WordPress sends attachment pages to the file since 6.4; so do
    those of an attachment the filters leave out (``LEFT_OUT``: the file is still here)."""
    if item.url and item.old_urls and state_of(item, config) in ("media", LEFT_OUT):
        return item.old_urls, item.url, item.id
    return None


def prepare(item: Item, config: Config, report: RunReport) -> Item | None:
    """``item`` with the state it is written in; None (counted) when it gets no page."""
    if item.state == LEFT_OUT:  # counted by the filters: here for its redirects only
        return None
    state = state_of(item, config)
    reason = exclusion(item, state)
    if reason is not None:
        if item.type != MENU_ITEM:  # a menu's entry is counted once its menu is made
            report.exclude_item(reason, len(item.comments))
        return None
    # Comments the Markdown drops (block editor delimiters, leftover <!--more-->) or
    # keeps for a reason (dynamic blocks): counted in the report.
    htmlcomments.count(html_of(item), report.counts)
    if item.state is None:
        item = evolve(item, state=state)
    if item.password and item.state != "draft":
        # A static site cannot ask for the password: publishing the post would show
        # what its author hid. It is written, as a draft, for a person to decide.
        item = evolve(item, state="draft")
        report.counts["password-protected items written as drafts"] += 1
    return item


def _placed(
    job: WriteJob,
    facts: skeleton.SiteFacts,
    redirects: RedirectMap | None,
    archives: Archives,
    menus: Menus,
    item: Item,
    placement: Placement,
) -> None:
    """What the site around the items, the archive pages, the menus and the redirect map
    learn from one placed item."""
    terms, dates, authors, translations = archives
    menus.placed(item, placement)
    translations.see(item, placement)
    terms.see(item, placement.lang)
    dates.see(item, placement.lang)
    authors.see(item, placement.lang)
    if placement.lang:
        facts.langs.add(placement.lang)
    elif item.lang:
        _diagnose(
            job, item, "WXR413", f"language code {shown(item.lang, SLUG)} is not usable in paths"
        )
    facts.sections.add(placement.section)
    jekyll_post = job.options.flavor == "jekyll" and placement.section == "posts"
    if jekyll_post and item_date(item) is None and item.state != "draft":  # dateless
        _diagnose(job, item, "WXR412", f"no date: written as {placement.path}")
    for path in placement.hidden_aliases:
        _diagnose(job, item, "WXR415", hidden_message(path, item.id, unquote(placement.url)))
    if redirects is not None and item.state != "draft":
        old = item.old_urls if item.old_urls is not None else (item.link,)
        redirects.add((u for u in old if u), placement.url, item.id)
        # Its comments' feed: its comments are on its page (``feeds``).
        redirects.add(feeds.item_feed(item.link), placement.url, item.id, quiet=True)


def _check_kept(output: Output, path: str, wanted: tuple[str, ...], job: WriteJob) -> None:
    """A skeleton file kept from an earlier run (or the user's) may lack what this
    version's pages use (the term, date and feed pages' filters, collections, layouts):
    said, so that the build's failure, or a page left out, is not a surprise."""
    if output.dry_run and not os.path.exists(os.path.join(output.root, path)):
        return
    with open(os.path.join(output.root, path), encoding="utf-8", errors="replace") as f:
        lacks = skeleton.missing(f.read(), wanted)
    if lacks:
        job.report.counts[
            f"{path} kept (an earlier run's, or yours) lacks {', '.join(lacks)}: "
            "this version's pages use them (--refresh-skeleton writes this version's)"
        ] += 1


def _check_passthrough(output: Output, path: str, facts: skeleton.SiteFacts, job: WriteJob) -> None:
    """An Eleventy configuration kept from before (the user's) may not copy the media folder."""
    line = skeleton.passthrough(facts)
    if line is None or path != "eleventy.config.js":
        return
    with open(os.path.join(output.root, path), encoding="utf-8", errors="replace") as f:
        if line.strip() in f.read():
            return
    job.report.counts[f"media not published: {path} lacks {line.strip()}"] += 1


def _diagnose(job: WriteJob, item: Item, code: str, message: str) -> None:
    job.report.add(Diagnostic(code=code, message=message, line=item.line, item_id=item.id))
