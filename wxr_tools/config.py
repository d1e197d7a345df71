"""The ``wxr.toml`` configuration: defaults in ``defaults.toml``, overridden per project.

Every key has a default, documented in ``defaults.toml`` (``wxr config`` prints it).
A project file only holds what it changes. Unknown keys are refused with the file
and the key named, so that a typo never silently does nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from wxr_tools.diagnostics import UsageError, package_text

if TYPE_CHECKING:
    from pathlib import Path  # imported where used: only a command line reads a file

    from wxr_tools.feedurls import NewFeeds


def defaults() -> dict[str, Any]:
    """``defaults.toml``, parsed on first use: a raw dump never needs it, and ``tomllib``
    is among the costlier imports of a short run."""
    global _defaults
    if _defaults is None:
        import tomllib

        _defaults = tomllib.loads(package_text("defaults.toml"))
    return _defaults


_defaults: dict[str, Any] | None = None

DEFAULTS: dict[str, Any]
"""``defaults()``, as a module attribute: parsed on first access."""
DEFAULTS_TEXT: str
"""The text of ``defaults.toml`` (``wxr config`` prints it)."""


def __getattr__(name: str) -> Any:
    # Reached only for names not assigned in the module: the two above are declared
    # for type checkers but made here, on first access, rather than at import.
    if name == "DEFAULTS":
        return defaults()
    if name == "DEFAULTS_TEXT":
        return package_text("defaults.toml")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# Sections whose keys are free-form (names chosen by the user).
_OPEN_SECTIONS = {
    ("status",),
    ("shortcodes", "map"),
    ("links", "url_pattern"),
    ("links", "archive_pattern"),
    ("links", "archive_base"),
    ("links", "lang_base_urls"),
    ("validate", "severity"),
}
_CHOICES: dict[tuple[str, ...], tuple[str, ...]] = {
    ("privacy", "emails"): ("drop", "hash", "keep"),
    ("validate", "fail_on"): ("error", "warning", "never"),
    ("privacy", "ips"): ("drop", "keep"),
    ("text", "unescape_titles"): ("auto", "always", "never"),
    ("shortcodes", "unknown"): ("keep", "drop", "comment"),
    ("comments", "sanitize"): ("visitors", "all", "none"),
}
STATES = ("published", "draft", "media", "exclude")
_STRING_TABLES = (
    ("links", "archive_pattern"),
    ("links", "archive_base"),
    ("links", "lang_base_urls"),
)


@dataclass(frozen=True, slots=True)
class Config:
    """The merged configuration, as plain nested tables."""

    data: dict[str, Any] = field(default_factory=lambda: _merge(defaults(), {}, "", ()))
    source: str = "defaults"
    user: dict[str, Any] = field(default_factory=dict)
    """The tables the user's file set, as written: a target's own addresses (Ghost's)
    replace the defaults, never what the user chose."""
    target: str = ""
    """The writer this configuration was adapted to (``ghost``: ``{slug}`` is the slug
    the Ghost writer writes; ``wxr_tools.ghosturls``); "" for none."""
    feeds: NewFeeds | None = None
    """The feeds of the site the run writes, where the links transform sends links to
    WordPress's (``wxr_tools.feedurls``); None: a target with none, links kept."""

    def section(self, name: str) -> dict[str, Any]:
        section: dict[str, Any] = self.data.get(name, {})
        return section


def load_config(path: str | Path | None = None) -> Config:
    """Read ``path`` (or ``./wxr.toml`` when it exists) over the defaults."""
    from pathlib import Path

    if path is None:
        if not Path("wxr.toml").is_file():
            return Config()
        path = "wxr.toml"
    import tomllib

    name = str(path)
    try:
        with open(path, "rb") as f:
            user = tomllib.load(f)
    except tomllib.TOMLDecodeError as e:
        raise UsageError(f"{name}: {e}") from None
    return Config(data=_merge(defaults(), user, name, ()), source=name, user=user)


def _merge(
    base: dict[str, Any], user: dict[str, Any], name: str, where: tuple[str, ...]
) -> dict[str, Any]:
    merged = {k: (dict(v) if isinstance(v, dict) else v) for k, v in base.items()}
    for key, value in user.items():
        here = (*where, key)
        dotted = ".".join(here)
        if key not in base and where not in _OPEN_SECTIONS:
            raise UsageError(f"{name}: unknown key {dotted!r} (see `wxr config`)")
        if isinstance(base.get(key), dict):
            if not isinstance(value, dict):
                raise UsageError(f"{name}: {dotted!r} must be a table")
            merged[key] = _merge(base[key], value, name, here)
            continue
        _check(name, here, value, base.get(key))
        merged[key] = value
    return merged


def _check(name: str, here: tuple[str, ...], value: Any, default: Any) -> None:
    dotted = ".".join(here)
    if here[:1] == ("status",) and value not in STATES:
        raise UsageError(f"{name}: {dotted} must be one of {', '.join(STATES)}, not {value!r}")
    choices = _CHOICES.get(here)
    if choices is not None and value not in choices:
        raise UsageError(f"{name}: {dotted} must be one of {', '.join(choices)}, not {value!r}")
    if here[:2] in _STRING_TABLES and not isinstance(value, str):
        raise UsageError(f"{name}: {dotted} must be a str, not {value!r}")
    if default is not None and type(value) is not type(default):
        kind = type(default).__name__
        raise UsageError(f"{name}: {dotted} must be a {kind}, not {value!r}")
    if isinstance(value, int) and not isinstance(value, bool) and value < 0:
        raise UsageError(f"{name}: {dotted} must be 0 or more, not {value!r}")
