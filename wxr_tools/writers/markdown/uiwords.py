"""The words the site skeleton shows a reader, in the languages it knows.

A French post of a bilingual blog said "3 comments" and "First published in": the
skeleton's layouts now take these words from a table by language, written as a
skeleton file (Hugo's own ``i18n/<lang>.toml``; ``i18n.json`` for the others, read
through ``wordtemplates``), so that a person can change or add a language there.

``WORDS`` is our own short translation of each word (English, French, German, Spanish,
Italian, Portuguese, Dutch), with each language's way of writing a date
(``datewords``) and the titles of Hugo's automatic section lists (``section_posts``:
"Articles" for /posts/). A word may hold ``{count}``, ``{author}`` or ``{title}`` (a
date pattern ``{day}``, ``{month}``, ``{year}``), filled in by the layouts; a plural
word has a ``one`` and an ``other`` form. Which form a count takes is the language's:
"1 comment", "0 comments", but "0 commentaire" in French (``SINGULAR_FOR_ZERO``, as
the CLDR rules Hugo applies say, so that every flavor counts alike). ``pingback`` is
the label WordPress's themes put before a pingback's or trackback's author
("Pingback:"): each language keeps the web's term "Pingback", written with its colon
as the language writes one (French with a space before it).

The files hold the site's languages only, plus English, which a language the table
lacks (and a word a language lacks) falls back to.
"""

from __future__ import annotations

import json
import re

import tomli_w

from wxr_tools.writers.markdown.datewords import date_words, fill

Word = str | dict[str, str]
"""A word, or a plural word's forms (``one``, ``other``)."""

FALLBACK = "en"

_WORDS: dict[str, dict[str, Word]] = {
    "en": {
        "comments": {"one": "{count} comment", "other": "{count} comments"},
        "first_published_in": "First published in",
        "taxonomy_categories": "Categories",
        "taxonomy_tags": "Tags",
        "not_found": "Page not found",
        "not_found_text": "Nothing is at this address. This site moved from WordPress: "
        "the page you were looking for may be at a new address.",
        "home": "Home",
        "latest_posts": "Latest posts",
        "comments_feed": "Comments",
        "anonymous": "Anonymous",
        "pingback": "Pingback:",
        "comment_on": "{author} on {title}",
        "section_posts": "Posts",
        "section_pages": "Pages",
        "section_dates": "Archives",
        "section_authors": "Authors",
    },
    "fr": {
        "comments": {"one": "{count} commentaire", "other": "{count} commentaires"},
        "first_published_in": "Publié d’abord dans",
        "taxonomy_categories": "Catégories",
        "taxonomy_tags": "Étiquettes",
        "not_found": "Page introuvable",
        "not_found_text": "Il n’y a rien à cette adresse. Ce site a quitté WordPress\u00a0: "
        "la page que vous cherchiez se trouve peut-être à une nouvelle adresse.",
        "home": "Accueil",
        "latest_posts": "Derniers articles",
        "comments_feed": "Commentaires",
        "anonymous": "Anonyme",
        "pingback": "Pingback\u00a0:",
        "comment_on": "{author} sur {title}",
        "section_posts": "Articles",
        "section_pages": "Pages",
        "section_dates": "Archives",
        "section_authors": "Auteurs",
    },
    "de": {
        "comments": {"one": "{count} Kommentar", "other": "{count} Kommentare"},
        "first_published_in": "Zuerst erschienen in",
        "taxonomy_categories": "Kategorien",
        "taxonomy_tags": "Schlagwörter",
        "not_found": "Seite nicht gefunden",
        "not_found_text": "Unter dieser Adresse gibt es nichts. Diese Website ist von "
        "WordPress umgezogen: Die gesuchte Seite hat vielleicht eine neue Adresse.",
        "home": "Startseite",
        "latest_posts": "Neueste Beiträge",
        "comments_feed": "Kommentare",
        "anonymous": "Anonym",
        "pingback": "Pingback:",
        "comment_on": "{author} zu {title}",
        "section_posts": "Beiträge",
        "section_pages": "Seiten",
        "section_dates": "Archiv",
        "section_authors": "Autoren",
    },
    "es": {
        "comments": {"one": "{count} comentario", "other": "{count} comentarios"},
        "first_published_in": "Publicado originalmente en",
        "taxonomy_categories": "Categorías",
        "taxonomy_tags": "Etiquetas",
        "not_found": "Página no encontrada",
        "not_found_text": "No hay nada en esta dirección. Este sitio se mudó desde "
        "WordPress: puede que la página que buscaba esté en una nueva dirección.",
        "home": "Inicio",
        "latest_posts": "Últimas entradas",
        "comments_feed": "Comentarios",
        "anonymous": "Anónimo",
        "pingback": "Pingback:",
        "comment_on": "{author} en {title}",
        "section_posts": "Entradas",
        "section_pages": "Páginas",
        "section_dates": "Archivo",
        "section_authors": "Autores",
    },
    "it": {
        "comments": {"one": "{count} commento", "other": "{count} commenti"},
        "first_published_in": "Pubblicato originariamente su",
        "taxonomy_categories": "Categorie",
        "taxonomy_tags": "Tag",
        "not_found": "Pagina non trovata",
        "not_found_text": "Non c’è niente a questo indirizzo. Questo sito si è trasferito "
        "da WordPress: la pagina che cercavi potrebbe essere a un nuovo indirizzo.",
        "home": "Pagina iniziale",
        "latest_posts": "Ultimi articoli",
        "comments_feed": "Commenti",
        "anonymous": "Anonimo",
        "pingback": "Pingback:",
        "comment_on": "{author} su {title}",
        "section_posts": "Articoli",
        "section_pages": "Pagine",
        "section_dates": "Archivio",
        "section_authors": "Autori",
    },
    "pt": {
        "comments": {"one": "{count} comentário", "other": "{count} comentários"},
        "first_published_in": "Publicado originalmente em",
        "taxonomy_categories": "Categorias",
        "taxonomy_tags": "Etiquetas",
        "not_found": "Página não encontrada",
        "not_found_text": "Não há nada neste endereço. Este site mudou-se do WordPress: "
        "a página que procurava pode estar num novo endereço.",
        "home": "Início",
        "latest_posts": "Últimos artigos",
        "comments_feed": "Comentários",
        "anonymous": "Anónimo",
        "pingback": "Pingback:",
        "comment_on": "{author} em {title}",
        "section_posts": "Artigos",
        "section_pages": "Páginas",
        "section_dates": "Arquivo",
        "section_authors": "Autores",
    },
    "nl": {
        "comments": {"one": "{count} reactie", "other": "{count} reacties"},
        "first_published_in": "Eerder verschenen in",
        "taxonomy_categories": "Categorieën",
        "taxonomy_tags": "Tags",
        "not_found": "Pagina niet gevonden",
        "not_found_text": "Op dit adres staat niets. Deze site is verhuisd van WordPress: "
        "de pagina die u zocht staat misschien op een nieuw adres.",
        "home": "Startpagina",
        "latest_posts": "Nieuwste berichten",
        "comments_feed": "Reacties",
        "anonymous": "Anoniem",
        "pingback": "Pingback:",
        "comment_on": "{author} over {title}",
        "section_posts": "Berichten",
        "section_pages": "Pagina’s",
        "section_dates": "Archief",
        "section_authors": "Auteurs",
    },
}

WORDS: dict[str, dict[str, Word]] = {
    lang: {**words, **date_words(lang)} for lang, words in _WORDS.items()
}
"""Each language's words, its dates' included (``datewords``)."""

SINGULAR_FOR_ZERO = frozenset({"fr", "pt"})
"""The languages whose singular counts zero too (CLDR's ``one``: 0 and 1)."""

_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def table_of(lang: str) -> dict[str, Word] | None:
    """The words of ``lang`` (``pt-br`` takes Portuguese's), or None when the table
    lacks the language."""
    lang = lang.lower()
    return WORDS.get(lang) or WORDS.get(lang.split("-")[0])


def file_languages(languages: list[str]) -> list[str]:
    """The languages the words files hold: the site's, then English (the fallback)."""
    return [*languages, *([] if FALLBACK in languages else [FALLBACK])]


def singular_for_zero(lang: str) -> bool:
    return lang.lower().split("-")[0] in SINGULAR_FOR_ZERO


def word(lang: str, key: str, count: int = 0) -> str:
    """``key``'s word in ``lang`` (English's where the table lacks either), for what the
    writer itself puts in a page (``--comments inline``): as the layouts look it up."""
    words = table_of(lang) or WORDS[FALLBACK]
    text = words.get(key, WORDS[FALLBACK][key])
    if isinstance(text, dict):
        one = count == 1 or (count == 0 and singular_for_zero(lang))
        text = text["one" if one else "other"]
    return text.replace("{count}", str(count))


def month_title(lang: str, year: int, month: int | None) -> str:
    """A month's archive page's title in ``lang`` ("mars 2010", "March 2010"); a year's
    is its number. As the layouts write a date: ``lang``'s words, else English's."""
    if month is None:
        return str(year)
    words = table_of(lang) or WORDS[FALLBACK]
    return fill(str(words["month_year"]), year, str(words[f"month_{month}"]))


def data_table(languages: list[str]) -> dict[str, dict[str, object]]:
    """``i18n.json`` of the Jekyll, Eleventy and Astro skeletons: the words of each of
    ``languages`` the table has, and English's; the layouts fall back to English for
    the others (``wordtemplates``)."""
    table: dict[str, dict[str, object]] = {}
    for lang in file_languages(languages):
        words = table_of(lang)
        if words is not None:
            table[lang] = {**words, "singular_for_zero": singular_for_zero(lang)}
    return table


def data_json(languages: list[str]) -> str:
    return json.dumps(data_table(languages), ensure_ascii=False, indent=2) + "\n"


def hugo_files(languages: list[str]) -> dict[str, str]:
    """Hugo's ``i18n/<lang>.toml`` for each site language and English.

    A language the table lacks gets English's words in its own file: without one, Hugo
    would show it the default language's words, not English's. Hugo picks a plural
    form by the language's own rules, so the file needs no ``singular_for_zero``.
    """
    files = {}
    for lang in file_languages(languages):
        words = table_of(lang)
        known = words is not None
        header = (
            f"# The site skeleton's words in {lang!r}, written by wxr_tools; edit freely, "
            "it is never rewritten.\n"
            if known
            else f"# The site skeleton's words for {lang!r}, in English (wxr_tools has no "
            "translation): translate them here; this file is never rewritten.\n"
        )
        entries = {key: _hugo_word(word) for key, word in (words or WORDS[FALLBACK]).items()}
        files[f"i18n/{lang}.toml"] = header + tomli_w.dumps(entries)
    return files


def _hugo_word(word: Word) -> Word:
    """A word with Hugo's placeholders (``{count}`` is go-i18n's ``.Count``)."""
    if isinstance(word, dict):
        return {form: _hugo_text(text) for form, text in word.items()}
    return _hugo_text(word)


def _hugo_text(text: str) -> str:
    return _PLACEHOLDER.sub(
        lambda m: "{{ .Count }}" if m[1] == "count" else "{{ ." + m[1] + " }}", text
    )
