"""The Astro skeleton's ``src/lib/listings.js``: what each page lists, worked out once.

Astro calls a route's ``getStaticPaths`` once per build; the page and the archive
feed routes find there, in one pass over the entries, each page's translations, each
archive page's posts and the term pages' addresses, and hand every page its own through
``props``. Before, every page went through all the entries for these, so a build took
time in the square of the number of posts.
"""

from __future__ import annotations

ASTRO_LISTINGS = """\
// What the pages list (written by wxr_tools), found once per build by the routes'
// getStaticPaths ([...path].astro, [...path]/feed.xml.js) and handed to each page in
// its props: a page then shows its own posts without going through every entry.
import { getCollection } from "astro:content";
import { sections } from "../content.config";

// A collection's entries by id: Astro gives them in the order its reads finished,
// which changes from build to build, and the pages' sorts by date keep that order for
// posts of the same date (a build must give the same pages every time).
export async function entriesOf(name) {
  return (await getCollection(name)).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

// Every entry of every collection but the drafts, collection by collection.
export async function published() {
  const all = (await Promise.all(sections.map((name) => entriesOf(name)))).flat();
  return all.filter((entry) => !entry.data.draft);
}

// An archive page: a category's, a tag's or another term's (data.term, data.taxonomy),
// a month's or a year's (data.period: "2010-03", "2010"), an author's (data.by).
export const isArchive = (data) => Boolean(data.term || data.period || data.by);

// Adds value to the list under key in map.
function add(map, key, value) {
  if (map.has(key)) map.get(key).push(value);
  else map.set(key, [value]);
}

// The keys an archive page finds its posts by: a term's its name and its
// subcategories' (data.also), an author's the name the posts give as their author, a
// period's itself (a post is in the periods its day, local_date, starts with).
// A key is a JSON list: ["term", "categories", "News"], ["by", "Ann"], ["period", "2010"].
const key = (...parts) => JSON.stringify(parts);

function archiveKeys(data) {
  const names = [data.term, ...(data.also ?? [])];
  if (data.term) return names.map((name) => key("term", data.taxonomy, name));
  if (data.by) return [key("by", data.by)];
  return [key("period", String(data.period))];
}

// The keys an entry is found by: its names in each taxonomy that has pages, its
// author, and every start of its day ("2", "20", … "2010-03", … "2010-03-12").
function entryKeys(data, taxonomies) {
  const keys = [];
  for (const taxonomy of taxonomies) {
    for (const name of [data[taxonomy] ?? []].flat()) keys.push(key("term", taxonomy, name));
  }
  keys.push(key("by", data.author));
  const day = data.local_date ?? "";
  for (let end = 1; end <= day.length; end++) keys.push(key("period", day.slice(0, end)));
  return keys;
}

// Each archive page's entry → the entries it lists, in the entries' order (the
// pages and feeds sort them by date).
export function archiveListings(entries) {
  const archives = entries.filter((entry) => isArchive(entry.data));
  const listings = new Map(archives.map((archive) => [archive, []]));
  const byKey = new Map();
  for (const archive of archives) {
    for (const archiveKey of archiveKeys(archive.data)) add(byKey, archiveKey, archive);
  }
  const taxonomies = new Set(archives.filter((a) => a.data.term).map((a) => a.data.taxonomy));
  for (const entry of entries) {
    // A post in a category and in its subcategory is listed once on the category's page.
    const found = new Set(entryKeys(entry.data, taxonomies).flatMap((k) => byKey.get(k) ?? []));
    for (const archive of found) listings.get(archive).push(entry);
  }
  return listings;
}

// translationKey → the entries that have it, in the entries' order.
export function translationGroups(entries) {
  const groups = new Map();
  for (const entry of entries) {
    if (entry.data.translationKey) add(groups, entry.data.translationKey, entry);
  }
  return groups;
}

// The term pages: taxonomy → a term's name → its page's address (the first page, if
// two have one name).
export function termAddresses(entries) {
  const pages = new Map();
  for (const entry of entries.filter((e) => e.data.term && e.data.taxonomy)) {
    const names = pages.get(entry.data.taxonomy) ?? new Map();
    if (!names.has(entry.data.term)) names.set(entry.data.term, entry.data.permalink);
    pages.set(entry.data.taxonomy, names);
  }
  return pages;
}
"""
