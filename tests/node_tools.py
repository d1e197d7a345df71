"""Eleventy and Astro for the build tests: pinned versions, in a cache outside the repository.

The tests build the Markdown writer's Eleventy and Astro output with the real tools,
as they do with Hugo and Jekyll. Those come from npm, not apt, so they live in a cache
directory (``$WXR_NODE_CACHE``, else ``~/.cache/wxr-tools-node``), one folder per tool
and version and date: a new pin gets a new folder, never a mix. ``.ci/run`` installs
them with

    python3 tests/node_tools.py install

and the tests skip, saying why, when node or a tool is missing; ``make demo`` builds its
Eleventy and Astro sites with them (``python3 tests/node_tools.py build FLAVOR SITE``).
The tools are pinned by version and their dependencies by date (npm's ``--before``:
the newest versions in the tools' ranges that were published by ``BEFORE``), so a
dependency released later cannot break the builds (undici 8, which needs Node 22,
came into Astro 5's tree that way), and no lock file of thousands of lines is kept.
Astro 5 is the last major that runs on Node 20.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

BEFORE = "2026-11-25"
"""The date the dependency trees are resolved at (a change gets new cache folders)."""

TOOLS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "eleventy": (
        f"eleventy-3.1.8-{BEFORE}",
        "@11ty/eleventy/cmd.cjs",
        ("@11ty/eleventy@3.1.8", "markdown-it@14.1.0"),
    ),
    "astro": (f"astro-5.18.2-{BEFORE}", "astro/astro.js", ("astro@5.18.2",)),
}
"""Flavor → its folder in the cache, its command-line script inside ``node_modules``,
and the npm packages installed there (exact versions)."""


def cache() -> Path:
    configured = os.environ.get("WXR_NODE_CACHE")
    return Path(configured) if configured else Path.home() / ".cache" / "wxr-tools-node"


def modules(flavor: str) -> Path:
    """The ``node_modules`` folder that holds ``flavor``'s tool."""
    return cache() / TOOLS[flavor][0] / "node_modules"


def script(flavor: str) -> Path:
    return modules(flavor) / TOOLS[flavor][1]


def missing(flavor: str) -> str | None:
    """Why ``flavor``'s site cannot be built here (a skip reason), or None."""
    if shutil.which("node") is None:
        return "node is not installed"
    if not script(flavor).is_file():
        return f"{script(flavor)} is missing (python3 tests/node_tools.py install)"
    return None


def command(flavor: str) -> list[str]:
    """The command that runs ``flavor``'s tool (build arguments follow)."""
    return ["node", str(script(flavor))]


BUILD_ARGS = {"eleventy": ("--quiet",), "astro": ("build", "--silent")}
OUTPUT = {"eleventy": "_site", "astro": "dist"}
"""Flavor → the arguments that build the site, and the folder the site is built in."""


def link_modules(flavor: str, site: Path) -> None:
    """As after `npm install` in the site: the packages resolve from its node_modules.
    That is a folder of links, not a link: Astro and Vite keep caches in it
    (node_modules/.astro holds the content store), which sites must not share."""
    local = site / "node_modules"
    if not local.exists():
        local.mkdir()
        for package in modules(flavor).iterdir():
            if not package.name.startswith("."):
                (local / package.name).symlink_to(package, target_is_directory=package.is_dir())


def build(flavor: str, site: Path) -> subprocess.CompletedProcess[str]:
    """Builds the site written in ``site``, output captured; see ``OUTPUT`` for where."""
    link_modules(flavor, site)
    return subprocess.run(
        [*command(flavor), *BUILD_ARGS[flavor]],
        cwd=site,
        capture_output=True,
        text=True,
        env={**os.environ, "ASTRO_TELEMETRY_DISABLED": "1", "NO_COLOR": "1"},
        timeout=600,
        check=False,
    )


def install() -> int:
    """Installs every pinned tool not installed yet; npm's status, 0 when all are there."""
    for flavor, (folder, _, packages) in TOOLS.items():
        if script(flavor).is_file():
            continue
        target = cache() / folder
        target.mkdir(parents=True, exist_ok=True)
        npm = ["npm", "install", "--no-audit", "--no-fund", "--save-exact", "--loglevel=error"]
        npm.append(f"--before={BEFORE}T00:00:00Z")
        done = subprocess.run([*npm, "--prefix", str(target), *packages], check=False)
        if done.returncode != 0:
            return done.returncode
    return 0


def main(args: list[str]) -> int:
    if args == ["install"]:
        if shutil.which("npm") is None:
            print("npm is not installed: the Eleventy and Astro build tests will skip")
            return 1
        return install()
    if len(args) == 3 and args[0] == "build" and args[1] in TOOLS:
        flavor, site = args[1], Path(args[2])
        reason = missing(flavor)
        if reason is not None:  # not an error: the site is written, only not built
            print(f"wrote {site} (not built: {reason})")
            return 0
        done = build(flavor, site)
        if done.returncode != 0:
            print(done.stdout + done.stderr, end="")
            return done.returncode
        print(f"built the {flavor} site: open {site / OUTPUT[flavor] / 'index.html'}")
        return 0
    print("usage: python3 tests/node_tools.py install | build eleventy|astro SITE")
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
