"""One module a ``wxr`` subcommand: each has ``add_parser(subparsers)`` and ``run(args)``.

``COMMANDS`` is the list ``cli.py`` builds the command line from; a new command is
one module here and one line below. Every module is imported to build the whole parser
(help, or a first argument that names no command; a command's own run builds its own
sub-parser only: ``cli.wanted``), so each imports what its ``run`` needs inside ``run``:
the command that runs pays for its own libraries only (``wxr info`` for the reader, not
``convert``'s pipeline).
"""

from __future__ import annotations

import argparse

COMMANDS = (
    "info",
    "convert",
    "transforms",
    "config",
    "validate",
    "rules",
    "explain",
    "links",
    "shortcodes",
    "media",
)


def add_source(parser: argparse.ArgumentParser, *, several: bool = False) -> None:
    """The arguments every command that reads an export shares; ``several``: the files
    of one export may be given (wp-cli's split files: ``reader.chain``)."""
    if several:
        parser.add_argument(
            "export",
            nargs="+",
            help="the WXR file: a path, a .xml.gz path, or - for stdin; or the files of "
            "one export split in several (wp export's .000.xml, .001.xml...), in order",
        )
    else:
        parser.add_argument("export", help="the WXR file: a path, a .xml.gz path, or - for stdin")
    parser.add_argument(
        "--recover",
        action="store_true",
        help="repair malformed XML where possible and go on, reporting each repair",
    )
