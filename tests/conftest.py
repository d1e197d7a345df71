"""Settings for every test: Hypothesis examples have no time limit.

A deadline makes a test's verdict depend on the machine's load: on two cores shared
with other work, one example of a list test took 430 ms against its 200 ms limit and
failed a test that passes in a tenth of that. How fast we are is measured by
``scripts/bench.py``, never by a test.
"""

from hypothesis import settings

settings.register_profile("wxr_tools", deadline=None)
settings.load_profile("wxr_tools")
