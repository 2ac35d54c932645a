"""Canonicalization: RDFC-1.0 for RDF datasets, RFC 8785 (JCS) for JSON.

Spec: https://www.w3.org/TR/rdf-canon/
Spec: https://www.rfc-editor.org/rfc/rfc8785
"""

from __future__ import annotations

from .jcs import canonicalize_json, canonicalize_json_bytes, serialize_number
from .rdfc10 import CanonicalizationResult, canonicalize, canonicalize_statements

__all__ = [
    "CanonicalizationResult",
    "canonicalize",
    "canonicalize_json",
    "canonicalize_json_bytes",
    "canonicalize_statements",
    "serialize_number",
]
