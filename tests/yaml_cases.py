"""Run the YAML transform cases of ``fixtures/transforms/*.yaml``.

A file is a list of cases, each a mapping:

``title``
    what the case shows (the test id).
``config``
    ``wxr.toml`` tables over the defaults, e.g. ``{languages: {keep_region: true}}``.
``site``
    channel fields (``link``, ``language``, ``base_site_url``…) over a default site
    at ``https://example.org`` in ``en-US``.
``terms``
    channel terms: ``{taxonomy, slug}`` and optionally ``id`` (else its position),
    ``name``, ``parent`` (a slug), ``description``.
``authors``
    the export's authors: logins (ids from 1).
``item``
    the item: model fields; ``date`` as ``YYYY-MM-DD[ HH:MM:SS]``; ``meta`` a mapping
    (or a list of ``[key, value]``); ``terms`` a list of ``taxonomy:slug``.
``index``
    the other items of the export, as items (the case's item is added to them).
``transforms``
    the transforms to run, in order (default: the file's own).
``expect``
    fields of the result to compare (a list of them when the item is split);
    ``excluded: true`` instead when the item must be left out.
``diagnostics``
    codes the run must report, in order (optional: not checked when absent).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import yaml

from wxr_tools.config import DEFAULTS, Config, _merge
from wxr_tools.entries import entry_of
from wxr_tools.index import Index
from wxr_tools.model import Author, Comment, Item, Meta, Site, Term, TermRef
from wxr_tools.transforms import Context, run_pipeline

ROOT = Path(__file__).resolve().parent.parent
SITE = Site(
    title="Test site",
    link="https://example.org",
    language="en-US",
    base_site_url="https://example.org",
    base_blog_url="https://example.org",
)


def load_cases(name: str) -> list[Any]:
    """The cases of ``fixtures/transforms/NAME.yaml`` as pytest parameters."""
    path = ROOT / "fixtures" / "transforms" / f"{name}.yaml"
    cases = yaml.safe_load(path.read_text(encoding="utf-8"))
    titles = [c["title"] for c in cases]
    assert len(titles) == len(set(titles)), f"{path}: duplicate case titles"
    return [pytest.param(case, id=case["title"]) for case in cases]


def make_item(data: dict[str, Any]) -> Item:
    fields = dict(data)
    for name in ("date", "date_gmt", "modified"):
        if isinstance(fields.get(name), str):
            fields[name] = datetime.fromisoformat(fields[name])
    meta = fields.pop("meta", {})
    pairs = meta.items() if isinstance(meta, dict) else meta
    fields["meta"] = tuple(Meta(key=k, value=str(v)) for k, v in pairs)
    fields["terms"] = tuple(
        TermRef(taxonomy=t.split(":", 1)[0], slug=t.split(":", 1)[1], name="")
        for t in fields.pop("terms", [])
    )
    fields["comments"] = tuple(
        Comment(id=n, parent=0, **c) for n, c in enumerate(fields.pop("comments", []), 1)
    )
    fields.setdefault("type", "post")
    fields.setdefault("status", "publish")
    return Item(**fields)


def run_case(case: dict[str, Any], default_transforms: list[str]) -> tuple[list[Item], Context]:
    config = Config(data=_merge(DEFAULTS, case.get("config") or {}, "case", ()))
    site = replace(SITE, **(case.get("site") or {}))
    item = make_item(case["item"])
    index = Index()
    for data in [case["item"], *(case.get("index") or [])]:
        entry = entry_of(make_item(data))
        if entry is not None:
            index.add(entry)
    terms = [
        Term(
            id=t.get("id", n),
            taxonomy=t["taxonomy"],
            slug=t["slug"],
            name=t.get("name", ""),
            parent=t.get("parent", ""),
            description=t.get("description", ""),
        )
        for n, t in enumerate(case.get("terms") or [], 1)
    ]
    authors = [Author(id=n, login=login) for n, login in enumerate(case.get("authors") or [], 1)]
    ctx = Context(
        site=site, config=config, index=index, terms=terms, authors=authors, path="case.xml"
    )
    names = case.get("transforms") or default_transforms
    return list(run_pipeline([item], names, ctx)), ctx


def check_case(case: dict[str, Any], default_transforms: list[str]) -> None:
    out, ctx = run_case(case, default_transforms)
    if case.get("excluded"):
        assert out == []
        return
    expected = case["expect"]
    expected = expected if isinstance(expected, list) else [expected]
    assert len(out) == len(expected), [(i.lang, i.title) for i in out]
    for got, want in zip(out, expected, strict=True):
        for name, value in want.items():
            actual = getattr(got, name)
            if isinstance(actual, tuple) and isinstance(value, list):
                actual = list(actual)
            assert actual == value, f"{name}: {actual!r} != {value!r}"
    if "diagnostics" in case:
        assert [d.code for d in ctx.report.diagnostics] == case["diagnostics"]
