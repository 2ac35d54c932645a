"""JSON-LD processing for vcler: a static document loader and safe-mode expansion to RDF.

The one seam the rest of vcler uses is :func:`to_dataset` (document in, RDF dataset out), so a
faster implementation can replace what sits behind it without touching anything else.
"""

from .loader import BundledContext, StaticDocumentLoader, bundled_contexts, default_loader
from .processing import (
    compact,
    derived_cache,
    expand,
    fast_path_stats,
    safe_mode_problems,
    to_dataset,
    to_statements,
)

__all__ = [
    "BundledContext",
    "StaticDocumentLoader",
    "bundled_contexts",
    "compact",
    "default_loader",
    "derived_cache",
    "expand",
    "fast_path_stats",
    "safe_mode_problems",
    "to_dataset",
    "to_statements",
]
