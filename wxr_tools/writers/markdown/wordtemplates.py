# ruff: noqa: E501  (the templates are Liquid and JavaScript: long lines are theirs)
"""How the Jekyll, Eleventy and Astro layouts read the skeleton's words (``uiwords``)
from ``i18n.json``: one piece per flavor, so that every layout looks a word up alike.

A word is looked up in the page's language (its ``lang``, else the site's), else in
English, else the key itself is shown: a table kept from an earlier run, or a language
it lacks, never leaves a hole. A plural word takes ``one`` for 1 (and for 0 where the
language's ``singular_for_zero`` says so), ``other`` else; ``{count}``, ``{author}`` and
``{title}`` are filled in.

* Jekyll: the ``word.html`` include (``key``, ``count``, ``lang``, ``author``,
  ``title``, ``fallback``: what to show where neither language has the word).
* Eleventy: the ``word`` filter of its configuration, given the table
  (``{{ i18n | word(lang, "comments", { count: n }) }}``).
* Astro: ``src/lib/words.js``'s ``word(lang, key, values)``.

A date is written alike from the table's ``date_long`` and months (``datewords``):
Jekyll's ``date.html`` include, the ``longDate`` filter of Eleventy, Astro's
``longDate(lang, date)``; Hugo's ``date.html`` partial (``templates``). Jekyll's
comments include writes its comments' dates as ``date.html`` does, without including
it once per comment (``templates.JEKYLL_COMMENTS``).
"""

from __future__ import annotations

JEKYLL_WORD = """\
{%- comment -%}A word of the skeleton (written by wxr_tools): include.key in _data/i18n.json, in include.lang (else the page's language, else the site's), else in English, else include.fallback or the key. A plural word takes "one" for 1 (and 0 where the language's singular_for_zero says so), "other" else; {count}, {author} and {title} are filled in.{%- endcomment -%}
{%- assign word_lang = include.lang | default: page.lang | default: site.lang -%}
{%- assign word_table = site.data.i18n[word_lang] -%}
{%- assign word_text = word_table[include.key] -%}
{%- if word_text == nil -%}{%- assign word_table = site.data.i18n.en -%}{%- assign word_text = word_table[include.key] -%}{%- endif -%}
{%- if word_text == nil -%}{%- assign word_text = include.fallback | default: include.key -%}{%- endif -%}
{%- if word_text.other -%}{%- if include.count == 1 or include.count == 0 and word_table.singular_for_zero -%}{%- assign word_text = word_text.one -%}{%- else -%}{%- assign word_text = word_text.other -%}{%- endif -%}{%- endif -%}
{%- comment -%}The placeholders are named in tags: a "}" in {{ }} would end it.{%- endcomment -%}
{%- assign word_count = "{count}" -%}{%- assign word_author = "{author}" -%}{%- assign word_title = "{title}" -%}
{{- word_text | replace: word_count, include.count | replace: word_author, include.author | replace: word_title, include.title -}}"""

JEKYLL_DATE = """\
{%- comment -%}A date as the page's language writes it ("12 mars 2010", "March 12, 2010"), written by wxr_tools: include.date (a post's local_date: the author's own day), else include.time (its date), in include.lang (else the page's language, else the site's), by _data/i18n.json's date_long and month_1 … month_12, else English's; as 2010-03-12 where neither has them.{%- endcomment -%}
{%- assign date_lang = include.lang | default: page.lang | default: site.lang -%}
{%- if date_lang != date_for -%}
{%- comment -%}Once per language, not per date (a page lists hundreds, and each Liquid step costs): the variables outlive the include, as an assign is the page's, and say which language they are for. date_format is date_long made a strftime format ("%" kept, the day and the year filled in by the date filter); the month's name goes in last, so that a name holding "{year}" stays as it is. The placeholders are named in tags: a "}" in {{ }} would end it.{%- endcomment -%}
{%- assign date_for = date_lang -%}{%- assign date_table = site.data.i18n[date_lang] -%}
{%- if date_table.date_long == nil -%}{%- assign date_table = site.data.i18n.en -%}{%- endif -%}
{%- assign date_day = "{day}" -%}{%- assign date_year = "{year}" -%}{%- assign date_name = "{month}" -%}
{%- assign date_format = date_table.date_long | replace: "%", "%%" | replace: date_day, "%-d" | replace: date_year, "%Y" -%}
{%- endif -%}
{%- assign date_key = include.date | default: include.time | date: "month_%-m" -%}
{%- if date_table.date_long == nil or date_table[date_key] == nil -%}{{- include.date | default: include.time | date: "%Y-%m-%d" -}}{%- else -%}
{{- include.date | default: include.time | date: date_format | replace: date_name, date_table[date_key] -}}
{%- endif -%}"""

WORD_JS = """\
// A word of the skeleton (written by wxr_tools): words[lang][key], else English's
// (words.en), else values.fallback, else the key. A plural word ({ one, other }) takes
// "one" for 1 (and 0 where the language's singular_for_zero says so); {count},
// {author} and {title} are filled in from values, in one pass (a title holding
// "{author}" stays as it is).
function word(words, lang, key, values = {}) {
  const table = words?.[lang]?.[key] !== undefined ? words[lang] : (words?.en ?? {});
  let text = table[key] ?? values.fallback ?? key;
  if (typeof text === "object") {
    const n = Number(values.count);
    text = n === 1 || (n === 0 && table.singular_for_zero) ? text.one : text.other;
  }
  return String(text).replace(/\\{(\\w+)\\}/g, (all, name) => (name in values ? String(values[name]) : all));
}

// A date as the language writes it ("12 mars 2010", "March 12, 2010"): date ("2010-03-12",
// a post's local_date: the author's own day; or a Date: its UTC day) by
// words[lang].date_long and month_1 … month_12, else English's; as 2010-03-12 where
// neither has them. The table, not Intl: every flavor writes a date alike.
function longDate(words, lang, date) {
  const iso = (date instanceof Date ? date.toISOString() : String(date ?? "")).slice(0, 10);
  const [year, month, day] = iso.split("-");
  const table = words?.[lang]?.date_long !== undefined ? words[lang] : (words?.en ?? {});
  const name = table[`month_${Number(month)}`];
  if (table.date_long === undefined || name === undefined || day === undefined) return iso;
  const values = { day: String(Number(day)), month: name, year };
  return String(table.date_long).replace(/\\{(day|month|year)\\}/g, (all, key) => values[key]);
}
"""

ELEVENTY_WORD_FILTER = """\
  // The skeleton's words in a page's language (_data/i18n.json; the layouts give it):
  // {{ i18n | word(lang or site.lang, "comments", { count: n }) }}.
  eleventyConfig.addFilter("word", word);
  // A date in a page's language: {{ i18n | longDate(lang or site.lang, local_date) }}.
  eleventyConfig.addFilter("longDate", longDate);
"""

ASTRO_WORDS = f"""\
// The skeleton's words in a page's language (src/data/i18n.json), for the layouts:
// word(lang, "comments", {{ count: n }}); lang undefined is the site's.
import words from "../data/i18n.json";
import site from "../data/site.json";

{WORD_JS.replace("function word(words, lang", "function lookup(words, lang").replace("function longDate(", "function dateOf(")}
export const word = (lang, key, values) => lookup(words, lang ?? site.lang, key, values);
// A date in a page's language: longDate(lang, data.local_date ?? data.date).
export const longDate = (lang, date) => dateOf(words, lang ?? site.lang, date);
"""
