"""MkDocs hook: drop the reST role markers (``:class:``, ``:func:``...) that docstrings use,
keeping the code span they mark, so API pages read ``Issuer`` and not ``:class:Issuer``."""

from __future__ import annotations

import re
from typing import Any

_ROLE = re.compile(r":(?:class|func|meth|mod|attr|exc|data|obj):(?=<code>)")


def on_page_content(html: str, **kwargs: Any) -> str:
    """Remove role markers before code spans."""
    return _ROLE.sub("", html)
