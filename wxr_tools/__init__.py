"""wxr_tools: read, transform, validate and convert WordPress exports (WXR).

The pipeline is visible in the package listing: ``reader`` (the only module that
knows XML) yields ``model`` records; ``transforms`` rewrite them; ``writers`` turn
them into files; ``diagnostics`` describe what is wrong with the input.
"""

from __future__ import annotations

from wxr_tools.diagnostics import Diagnostic, InputError, Severity, UsageError, WxrError
from wxr_tools.model import MODEL_VERSION, Author, Comment, Extra, Item, Meta, Site, Term, TermRef
from wxr_tools.reader import Export, read

__version__ = "0.1.0"

__all__ = [
    "MODEL_VERSION",
    "Author",
    "Comment",
    "Diagnostic",
    "Export",
    "Extra",
    "InputError",
    "Item",
    "Meta",
    "Severity",
    "Site",
    "Term",
    "TermRef",
    "UsageError",
    "WxrError",
    "__version__",
    "read",
]
