"""Every module that registers checks, imported once so that the registry is complete.

The order here is the order of `--list-checks`, of the report's summary and of
findings within a paragraph: the order a reviser works in.
"""

from termalign.glossary.qa import content  # noqa: F401, I001  (imported for its registrations; order matters)
from termalign.glossary.qa import numbering  # noqa: F401
from termalign.glossary.qa import numbers  # noqa: F401
from termalign.glossary.qa import dates  # noqa: F401
from termalign.glossary.qa import symbols  # noqa: F401
from termalign.glossary.qa import terminology  # noqa: F401
from termalign.glossary.qa import phraseology  # noqa: F401
from termalign.glossary.qa import untranslated  # noqa: F401
from termalign.glossary.qa import punctuation  # noqa: F401
