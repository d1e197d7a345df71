"""Diagnostics as data: every code, its severity and its documentation live here.

Content problems never raise: the reader and the checks produce ``Diagnostic``
records and go on. Exceptions are for the tool failing, in one small hierarchy::

    WxrError                  anything wxr_tools raises on purpose
    ├── InputError            the input cannot be read as WXR (exit code 1)
    └── UsageError            a bad option or argument (exit code 2)

I/O errors stay ``OSError`` (exit code 2).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum


class Severity(IntEnum):
    INFO = 10
    WARNING = 20
    ERROR = 30

    def __str__(self) -> str:
        return self.name.lower()


@dataclass(frozen=True, slots=True)
class Code:
    """A stable diagnostic code with its default severity and documentation."""

    code: str
    severity: Severity
    title: str
    explanation: str


_CODES = (
    Code(
        "WXR100",
        Severity.ERROR,
        "not an RSS document",
        "The file's root element is not <rss>: it is not a WordPress export. "
        "Check that you exported with Tools > Export, not another feed or a backup.",
    ),
    Code(
        "WXR101",
        Severity.ERROR,
        "not well-formed XML",
        "The XML parser stopped at the given line and column. Items before that point "
        "were read. Run with --recover to repair what can be repaired and continue.",
    ),
    Code(
        "WXR102",
        Severity.ERROR,
        "DOCTYPE or entity declaration",
        "WordPress never writes a DOCTYPE. A DOCTYPE or <!ENTITY> declaration can make a "
        "parser read local files, reach the network or expand entities without bound "
        "('billion laughs'), so the file is refused, as WordPress's importer does.",
    ),
    Code(
        "WXR103",
        Severity.WARNING,
        "illegal characters",
        "Characters that XML forbids (control characters) were found. With --recover they "
        "are removed and each removal is reported.",
    ),
    Code(
        "WXR104",
        Severity.ERROR,
        "missing or invalid WXR version",
        "/rss/channel/wp:wxr_version must exist and look like 1.2. WordPress's importer "
        "refuses files without it; with --recover wxr_tools reads them anyway.",
    ),
    Code(
        "WXR105",
        Severity.WARNING,
        "unknown WXR version",
        "The export declares a WXR version newer than 1.2. It is read like 1.2.",
    ),
    Code(
        "WXR106",
        Severity.WARNING,
        "channel metadata after the first item",
        "WordPress writes authors, terms and site fields before the items. Elements found "
        "after the first item are still read, but streaming consumers saw the header "
        "before them.",
    ),
    Code(
        "WXR107",
        Severity.WARNING,
        "missing required item field",
        "An item has no wp:post_id, wp:post_type or wp:status. Importers cannot place it.",
    ),
    Code(
        "WXR108",
        Severity.WARNING,
        "unparsable date",
        "A date field is not in MySQL format (YYYY-MM-DD HH:MM:SS). The raw value is kept "
        "in the item's extra list.",
    ),
    Code(
        "WXR109",
        Severity.WARNING,
        "recovered XML error",
        "In --recover mode the reader repaired the file here (a raw '&', an unescaped "
        "']]>' inside CDATA, an undeclared prefix, ...). Check the named item.",
    ),
    Code(
        "WXR110",
        Severity.WARNING,
        "bad integer field",
        "An integer field (id, parent, menu order, ...) holds text that is not a number. "
        "The raw value is kept in the item's extra list.",
    ),
    # 111-4xx: `wxr validate` rules. Each explanation says what the rule checks, why it
    # matters for a migration and how to fix it (`wxr explain CODE` prints it).
    Code(
        "WXR111",
        Severity.WARNING,
        "published item without post_date_gmt",
        "A published item has wp:post_date_gmt 0000-00-00 00:00:00 (or none).\n\n"
        "Why it matters: WordPress writes a zero GMT date only for items that were never "
        "published. A published item without one has lost its time zone: importers and "
        "static site generators either guess the offset or date it 1970.\n\n"
        "How to fix: set post_date_gmt from post_date and the site's UTC offset, or "
        "re-save the item in WordPress before exporting.",
    ),
    Code(
        "WXR200",
        Severity.ERROR,
        "duplicate item id",
        "Two items have the same wp:post_id.\n\n"
        "Why it matters: WordPress's importer remembers items by id and skips the second "
        "one; parents, featured images and menu items pointing at the id become ambiguous.\n\n"
        "How to fix: the export was merged or edited by hand; give one item a new id (and "
        "update what points at it) or remove the copy.",
    ),
    Code(
        "WXR201",
        Severity.ERROR,
        "published items share a permalink",
        "Two published items of one type have the same slug and, for posts, the same day "
        "(for pages and other hierarchical types, the same parent).\n\n"
        "Why it matters: their permalinks are the same under every permalink structure, "
        "date-based or not: WordPress renames one on import ('-2') and a static site "
        "writes both to one file, so one page is lost and links to it break.\n\n"
        "How to fix: give one of them another slug and add a redirect from the old URL.",
    ),
    Code(
        "WXR202",
        Severity.WARNING,
        "published items share a slug",
        "Two published posts of one type have the same slug, on different days.\n\n"
        "Why it matters: with date-based permalinks (/%year%/%monthnum%/%day%/%postname%/) "
        "their URLs differ, but with /%postname%/ (what most new sites and static site "
        "generators use) they collide and one post hides the other. The items' <link> "
        "shows the structure the site used. A month-based structure collides when the "
        "months are the same.\n\n"
        "How to fix: rename one slug before moving to a structure without the date, and "
        "redirect its old URL.",
    ),
    Code(
        "WXR203",
        Severity.WARNING,
        "comment parent not in the same item",
        "A comment's wp:comment_parent names a comment id that the same item does not "
        "hold.\n\n"
        "Why it matters: the reply loses its thread on import and is shown as a top-level "
        "comment (or, in some importers, attached to an unrelated comment with that id). "
        "Spam is never exported, so replies to spam end up here too.\n\n"
        "How to fix: set comment_parent to 0, or to the right comment of the same item.",
    ),
    Code(
        "WXR204",
        Severity.WARNING,
        "comment replies to a later comment",
        "A comment's parent has a higher comment id than the comment itself.\n\n"
        "Why it matters: WordPress's importer inserts comments in ascending id order and "
        "remaps a parent only if it was already inserted: the reply keeps its old numeric "
        "parent, which points at an unrelated comment on the new site.\n\n"
        "How to fix: renumber the comments so parents come first, or re-thread them after "
        "the import.",
    ),
    Code(
        "WXR205",
        Severity.WARNING,
        "parent item missing",
        "An item (an attachment, a page, any hierarchical item) has a wp:post_parent that "
        "is not in the export.\n\n"
        "Why it matters: pages lose their place in the hierarchy (and their URL changes); "
        "attachments become unattached, so galleries built from a post's attachments come "
        "out empty. Partial exports (one post type, one category) cause this.\n\n"
        "How to fix: export everything (Tools > Export > All content), or set the parent "
        "to 0 if it was deleted on purpose.",
    ),
    Code(
        "WXR206",
        Severity.WARNING,
        "item author not declared",
        "An item's dc:creator is not the login of any wp:author block. Not checked when "
        "the export declares no authors (WXR 1.0).\n\n"
        "Why it matters: importers map authors from the wp:author list; an undeclared "
        "login cannot be mapped and the item is given to whoever runs the import.\n\n"
        "How to fix: add a wp:author block for the login, or change dc:creator to a "
        "declared login.",
    ),
    Code(
        "WXR207",
        Severity.WARNING,
        "item term not declared",
        "An item has a <category domain nicename> whose term is not declared in the "
        "channel, although the channel declares terms of that taxonomy.\n\n"
        "Why it matters: the importer creates the term from the item alone, without its "
        "parent, description or term meta; a typo in the slug creates a stray term.\n\n"
        "How to fix: declare the term in the channel (wp:category, wp:tag or wp:term) or "
        "correct the item's nicename.",
    ),
    Code(
        "WXR208",
        Severity.WARNING,
        "term parent missing",
        "A term's parent slug (wp:category_parent or wp:term_parent) is not a term of the "
        "same taxonomy in the export.\n\n"
        "Why it matters: the term is imported at the top level, so category archives and "
        "breadcrumbs change, and category-based permalinks move.\n\n"
        "How to fix: declare the parent term, or empty the parent field.",
    ),
    Code(
        "WXR209",
        Severity.WARNING,
        "featured image missing",
        "An item's _thumbnail_id meta names an id that is not an attachment in the "
        "export.\n\n"
        "Why it matters: the featured image (used by themes, feeds and social cards) is "
        "lost on import; the importer only remaps ids of attachments it imported.\n\n"
        "How to fix: export the attachments too, or remove the stale _thumbnail_id.",
    ),
    Code(
        "WXR210",
        Severity.WARNING,
        "duplicate comment id",
        "Two comments in the export have the same wp:comment_id.\n\n"
        "Why it matters: WordPress's importer keys an item's comments by id, so a duplicate "
        "in one item overwrites the first; across items, replies can attach to the wrong "
        "parent.\n\n"
        "How to fix: the export was merged or edited by hand; renumber one of the comments "
        "and the replies pointing at it.",
    ),
    Code(
        "WXR300",
        Severity.WARNING,
        "mojibake",
        "A title, content, excerpt or comment holds text that looks like double-encoded "
        "UTF-8 ('CafÃ©' for 'Café', 'â€™' for '’'). Only passages that ftfy judges bad "
        "and can repair are reported.\n\n"
        "Why it matters: the damage is copied as is to the new site, and it gets worse if "
        "the text is encoded again.\n\n"
        "How to fix: repair the text (ftfy.fix_encoding does it), or let the text "
        "transform repair it during conversion ([text] mojibake = true).",
    ),
    Code(
        "WXR301",
        Severity.WARNING,
        "unbalanced language markers",
        "qTranslate markers ([:fr]...[:], {:fr}...{:}, <!--:fr-->...<!--:-->) or "
        "[lang_xx]...[/lang_xx] blocks are not properly opened and closed.\n\n"
        "Why it matters: splitting the text by language gives one language the other's "
        "text, or leaves markers visible on the new site.\n\n"
        "How to fix: close each block ([:] or <!--:-->, [/lang_xx] with the same code) in "
        "the original, or edit the export.",
    ),
    Code(
        "WXR302",
        Severity.WARNING,
        "unknown language code in markers",
        "A qTranslate or [lang_xx] marker uses a code that is not an ISO 639-1 language "
        "code.\n\n"
        "Why it matters: the text in that block cannot be given a language, so it is "
        "dropped or shown in every language.\n\n"
        "How to fix: correct the code (qTranslate codes are two letters: fr, en, de, ...).",
    ),
    Code(
        "WXR303",
        Severity.WARNING,
        "item without a language",
        "The site is multilingual (the export declares Polylang 'language' terms) but a "
        "post, a page, or an item of a type that has languages elsewhere has none.\n\n"
        "Why it matters: a multilingual migration places each item under a language; an "
        "item without one is either dropped or published in the default language.\n\n"
        "How to fix: assign a language to the item in WordPress (Polylang's list shows "
        "items without one) and export again.",
    ),
    Code(
        "WXR304",
        Severity.WARNING,
        "internal link to an item not in the export",
        "The content links to the site itself (the base URLs, http or https, with or "
        "without www, or a root-relative path) at a permalink, ?p=ID, ?page_id=ID or "
        "?attachment_id=ID that matches no item of the export. Archives, feeds, the "
        "home page and files are not checked; a link whose last segment is a known slug "
        "(or an old slug) counts as resolved.\n\n"
        "Why it matters: the migration cannot rewrite the link to the new URL, so it "
        "points at the old site, or nowhere once the old site is gone.\n\n"
        "How to fix: export the missing item, or edit or remove the link.",
    ),
    Code(
        "WXR305",
        Severity.WARNING,
        "media file without an attachment",
        "The content uses a file under /wp-content/uploads/ of the site (resized variants "
        "such as -300x200, -scaled and edited copies included) that matches no "
        "attachment of the export.\n\n"
        "Why it matters: a migration downloads or copies media by its attachments; a file "
        "without one is not copied and the image breaks when the old site goes away.\n\n"
        "How to fix: export the attachments (All content), or copy the uploads folder "
        "alongside and map the URLs yourself.",
    ),
    Code(
        "WXR306",
        Severity.WARNING,
        "shortcode without a known conversion",
        "The content uses a shortcode that wxr_tools cannot convert (the built-in ones "
        "are caption, gallery, embed, audio, video, youtube, vimeo and code). Bracketed "
        "text that does not look like a shortcode (no attributes, no closing tag, "
        "capitalised) is not counted.\n\n"
        "Why it matters: a plugin rendered it on the old site; elsewhere it shows as "
        "literal [text].\n\n"
        "How to fix: map it in wxr.toml ([shortcodes.map] name = template, 'drop' or "
        "'comment'), or replace it in WordPress before exporting.",
    ),
    Code(
        "WXR307",
        Severity.WARNING,
        "published item with an empty title",
        "A published post, page or content item has an empty title (menu items and "
        "attachments are not checked).\n\n"
        "Why it matters: the new site gets pages titled with nothing, file names and "
        "slugs built from the title come out empty, and feeds show blank entries.\n\n"
        "How to fix: give the item a title (status updates and asides often have none).",
    ),
    Code(
        "WXR308",
        Severity.WARNING,
        "PHP-serialized meta with wrong byte counts",
        "A meta value looks PHP-serialized but does not unserialize: its s:N: byte counts "
        "do not match the text. When turning CR LF into LF (or LF into CR LF) makes it "
        "parse, the message says so: the file's line endings were converted after "
        "export (git's autocrlf, an editor, FTP in text mode).\n\n"
        "Why it matters: PHP's unserialize fails on the whole value: WordPress then treats "
        "it as a plain string, and the settings, image sizes or translations in it are "
        "lost.\n\n"
        "How to fix: restore the export's original line endings (for git, add "
        "'*.xml -text' to .gitattributes), or recompute the counts.",
    ),
    Code(
        "WXR400",
        Severity.ERROR,
        "secret in a comment or meta value",
        "A comment or a post, comment or term meta value contains what looks like a live "
        "credential: a Stripe secret key (sk_live_), an AWS access key id (AKIA...), a "
        "GitHub token (ghp_...), a Slack token (xoxb-...), a Google API key (AIza...) "
        "or a private key block. The secret itself is never printed.\n\n"
        "Why it matters: exports are copied to repositories, CI logs and new hosts; a "
        "secret in one is leaked to everyone who can read them.\n\n"
        "How to fix: revoke the credential now, then remove the value (or the meta row) "
        "and export again.",
    ),
    Code(
        "WXR401",
        Severity.WARNING,
        "meta key names a secret",
        "A meta key contains password, passwd, secret, token, api_key or private_key and "
        "its value is not empty (nor a yes/no flag or a number). The value is never "
        "printed.\n\n"
        "Why it matters: plugins store credentials in post meta; they travel with the "
        "export to every place it is copied.\n\n"
        "How to fix: check the value; if it is a credential, rotate it and remove the row "
        "from the export.",
    ),
    Code(
        "WXR402",
        Severity.INFO,
        "commenter e-mails and IP addresses",
        "The export carries commenters' e-mail addresses and IP addresses (one finding "
        "per export, with counts).\n\n"
        "Why it matters: this is personal data: keep the export out of public "
        "repositories and decide whether the new site needs it.\n\n"
        "How to fix: nothing is wrong; the privacy transform drops or hashes them during "
        "conversion ([privacy] emails, ips).",
    ),
    # 5xx: what the transforms did or could not do (conversion reports, not input errors).
    Code(
        "WXR501",
        Severity.INFO,
        "mojibake repaired",
        "Text that was clearly double-encoded UTF-8 (such as 'Ã©' for 'é') was repaired by "
        "the text transform. The diagnostic shows the text before and after; turn the repair "
        "off with [text] mojibake = false.",
    ),
    Code(
        "WXR502",
        Severity.WARNING,
        "cross-item reference not resolved",
        "A shortcode or link names another item (a gallery's attachment id, say) that the "
        "export does not hold. The reference is left visible in the output.",
    ),
    Code(
        "WXR503",
        Severity.WARNING,
        "no index: standard input is read once",
        "Transforms that need to know other items (galleries, internal links) need a first "
        "pass over the file. Read from a file instead of standard input to enable them.",
    ),
    # 420-439: what a writer could not carry into its target format as it was.
    Code(
        "WXR420",
        Severity.WARNING,
        "character XML cannot hold",
        "A text holds a character that XML 1.0 forbids (a control character other than tab, "
        "newline and carriage return, U+FFFE, U+FFFF or a lone surrogate). XML has no way to "
        "write it, not even as a character reference, so the WXR and Disqus writers drop it; "
        "the diagnostic names the item, the field and each character. The reader never "
        "produces such text (strict mode refuses it, --recover removes it); it can only come "
        "from a model built another way.",
    ),
    Code(
        "WXR421",
        Severity.INFO,
        "placeholder e-mail for an imported user",
        "The target (Ghost) needs an e-mail address for every user, and the export has none "
        "(or an invalid one) for this author. The user gets <login>@example.invalid: Ghost "
        "creates a locked account with it. Change it in Ghost, or add the address to the "
        "export's wp:author block, to link the posts to an existing account.",
    ),
    Code(
        "WXR422",
        Severity.WARNING,
        "value truncated to the target's limit",
        "The target format limits the length of this field (Ghost: title 255, slug 191, "
        "custom excerpt 300, tag name 191, tag description 500 characters) and the value is "
        "longer; it was cut to fit, as the importer would otherwise refuse the whole file.",
    ),
    Code(
        "WXR423",
        Severity.WARNING,
        "comments without e-mail for Disqus",
        "Disqus's import identifies commenters by e-mail; comments written without one are "
        "all shown under one anonymous identity. The privacy transform drops e-mails by "
        'default: set [privacy] emails = "keep" in wxr.toml for a Disqus import.',
    ),
    Code(
        "WXR424",
        Severity.WARNING,
        "password-protected post made members-only",
        "Ghost has no post passwords. A password-protected WordPress post is imported with "
        "visibility 'members', so that it does not become public; review it in Ghost.",
    ),
    # 410-419: the Markdown site writer (401-402 are taken by the validate rules).
    Code(
        "WXR410",
        Severity.WARNING,
        "two items would share a file or URL",
        "Two written items would get the same file (same section, slug and language; for "
        "Jekyll posts, the same day too) or the same URL. The first one, in export order, "
        "keeps it; the other gets '-2' (or '-3'...) after its slug, so nothing is "
        "overwritten. Both items are named. Links to the renamed one that a transform "
        "rewrote to the shared URL now reach the first: give one of them another slug.",
    ),
    Code(
        "WXR411",
        Severity.WARNING,
        "old URL claimed by two items",
        "Two items list the same old URL (their link, or an old_urls entry). The redirect "
        "map can send it to one place only: it goes to the first item in export order.",
    ),
    Code(
        "WXR412",
        Severity.WARNING,
        "Jekyll post without a date",
        "Jekyll post file names start with the date (YYYY-MM-DD-slug.md). The item has no "
        "post date, no GMT date and no modification date, so its file is dated 1970-01-01. "
        "Set a date in its front matter.",
    ),
    Code(
        "WXR413",
        Severity.WARNING,
        "language code not usable in paths",
        "The item's language is not a plain language tag (letters, then '-' and letters or "
        "digits), so it cannot name a file or a URL prefix. The item is written as if it had "
        "no language; its front matter keeps the value.",
    ),
    Code(
        "WXR414",
        Severity.INFO,
        "item without a usable slug",
        "The item's slug is empty (drafts often have none) or slugifies to nothing. Its "
        "file and URL are named from its new URL, its title, or its id, in that order.",
    ),
    Code(
        "WXR504",
        Severity.WARNING,
        "internal link not resolved",
        "A link points to the site itself (its address, an old domain its guids name, or a "
        "relative path) but no item of the export answers at that address, or the item it "
        "names is excluded (private, trash). The link is left as written, never guessed: "
        "check whether the target was deleted, lives outside the export (a date-limited "
        "export, a short-link plugin), or add its old address with [links] site_urls.",
    ),
    Code(
        "WXR505",
        Severity.INFO,
        "link rewritten by a rule",
        "One of the [[links.rewrite]] rules of wxr.toml rewrote links of this item (one "
        "message per rule and item, with the first link before and after).",
    ),
    Code(
        "WXR506",
        Severity.WARNING,
        "file not in the export",
        "A link or image points to a file on the site (under wp-content/uploads, or with a "
        "file extension) that no attachment of the export holds. It is left as written: "
        "the writers cannot copy a file they do not know. Export the media too, or copy "
        "the uploads folder by hand.",
    ),
    Code(
        "WXR507",
        Severity.WARNING,
        "unreadable language data",
        "A Polylang post_translations description or Basic Bilingual bb-post-excerpts value "
        "does not unserialize, even with its byte counts recomputed. The translation group "
        "falls back to the term's slug; the summaries in it are left out.",
    ),
    Code(
        "WXR425",
        Severity.INFO,
        "link rewrites not in the WXR output",
        "The links transform rewrote links in the display HTML (content_html), which only "
        "the site, Ghost and Disqus writers use. A WXR export for WordPress carries the raw "
        "text as WordPress stores it (it formats paragraphs and shortcodes itself), so these "
        "rewrites are not in it; the links point where they pointed in the original export.",
    ),
    # 600-619: media files (`wxr media`, --from-dir, --download). The diagnostic is named
    # by the file's path under uploads; its item is the attachment.
    Code(
        "WXR600",
        Severity.WARNING,
        "media file missing",
        "The file is not in the uploads folder given with --from-dir (nor, for a resized "
        "variant, its original), or the server answered 404 or 410. References to it keep "
        "pointing to the old site. Find the file in a backup and add it to the folder, or "
        "export the media again.",
    ),
    Code(
        "WXR601",
        Severity.WARNING,
        "media file refused",
        "The file was found but is not usable: empty, larger than [media] max_bytes, served "
        "with a Content-Type that is not allowed or contradicts its extension, or its first "
        "bytes are not what its name says (an HTML error page saved as a .jpg). It is not "
        "written; check the URL in a browser.",
    ),
    Code(
        "WXR602",
        Severity.INFO,
        "resized variant replaced by its original",
        "A resized copy (photo-300x200.jpg) is missing; references to it get the original "
        "file instead, which the browser scales. Nothing to do unless the size matters.",
    ),
    Code(
        "WXR603",
        Severity.WARNING,
        "media download failed",
        "The download failed after every retry ([media] retries): a timeout, a broken or "
        "refused connection, a truncated body, or an HTTP error. Run the command again: "
        "files already downloaded are kept and not fetched twice.",
    ),
    Code(
        "WXR604",
        Severity.WARNING,
        "media URL or path refused",
        "Only http and https URLs are fetched, also after a redirect (file:, data:, ftp: are "
        "refused), redirects are followed [media] max_redirects times at most, and no file is "
        "read or written outside the uploads folder or the output directory ('..', absolute "
        "paths, links pointing out).",
    ),
    Code(
        "WXR605",
        Severity.INFO,
        "media download redirected to another host",
        "The old site sent the request to another host (a CDN, a new domain), and the file "
        "was taken from there. Nothing to do unless that host is not one you trust.",
    ),
)

CODES: dict[str, Code] = {c.code: c for c in _CODES}


@dataclass(frozen=True, slots=True, kw_only=True)
class Diagnostic:
    """One finding about the input, with where it was found."""

    code: str
    message: str
    """One line, no trailing period, naming the thing."""
    severity: Severity | None = None
    """None means the code's default severity."""
    path: str = ""
    line: int | None = None
    column: int | None = None
    item_id: int | None = None

    @property
    def level(self) -> Severity:
        return self.severity if self.severity is not None else CODES[self.code].severity

    def format(self) -> str:
        """``path:line:col: CODE severity message``, as compilers print it."""
        where = self.path or "<input>"
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        item = f" [item {self.item_id}]" if self.item_id is not None else ""
        return f"{where}: {self.code} {self.level} {self.message}{item}"

    def to_json(self) -> dict[str, object]:
        return {
            "code": self.code,
            "severity": str(self.level),
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "item_id": self.item_id,
            "message": self.message,
        }


class WxrError(Exception):
    """Base of every exception wxr_tools raises on purpose."""


class InputError(WxrError):
    """The input cannot be read as a WordPress export."""

    def __init__(self, diagnostic: Diagnostic, items_read: int = 0) -> None:
        super().__init__(diagnostic.format())
        self.diagnostic = diagnostic
        self.items_read = items_read


class UsageError(WxrError):
    """A bad option or argument."""
