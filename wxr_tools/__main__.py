"""``python -m wxr_tools``: the same as the ``wxr`` command."""

import sys

from wxr_tools.cli import main

sys.exit(main())
