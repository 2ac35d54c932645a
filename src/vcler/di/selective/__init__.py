"""The selective disclosure functions of VC Data Integrity ECDSA: JSON pointer selection,
skolemization, label replacement and grouping of canonical statements.

They are the primitives a selective disclosure cryptosuite (:mod:`ecdsa-sd-2023
<vcler.di.suites.ecdsa_sd_2023>`) is built of; nothing here signs or verifies.

Spec: https://www.w3.org/TR/vc-di-ecdsa/#selective-disclosure-functions
"""

from __future__ import annotations

from .grouping import (
    Group,
    Grouping,
    LabelMapFactory,
    canonicalize_and_group,
    create_hmac_id_label_map_function,
    create_label_map_function,
    hash_mandatory_nquads,
    label_replacement_canonicalize_json_ld,
    label_replacement_canonicalize_nquads,
    relabel_blank_nodes,
    select_canonical_nquads,
)
from .selection import (
    MAX_POINTER_CHARS,
    MAX_POINTERS,
    check_pointers,
    json_pointer_to_paths,
    select_json_ld,
)
from .skolemization import (
    Skolemized,
    skolemize_compact_json_ld,
    skolemize_expanded_json_ld,
    to_deskolemized_quads,
)

__all__ = [
    "MAX_POINTERS",
    "MAX_POINTER_CHARS",
    "Group",
    "Grouping",
    "LabelMapFactory",
    "Skolemized",
    "canonicalize_and_group",
    "check_pointers",
    "create_hmac_id_label_map_function",
    "create_label_map_function",
    "hash_mandatory_nquads",
    "json_pointer_to_paths",
    "label_replacement_canonicalize_json_ld",
    "label_replacement_canonicalize_nquads",
    "relabel_blank_nodes",
    "select_canonical_nquads",
    "select_json_ld",
    "skolemize_compact_json_ld",
    "skolemize_expanded_json_ld",
    "to_deskolemized_quads",
]
