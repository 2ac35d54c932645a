"""bbs-2023's blank node labels: HMAC digests of the canonical labels, replaced by their rank.

Where ``ecdsa-sd-2023`` names each blank node by its HMAC digest, ``bbs-2023`` sorts the
digests and names each blank node ``b`` + its digest's position: the labels are short, still
unpredictable to whoever lacks the HMAC key, and they shuffle the order of the statements.

Spec: https://www.w3.org/TR/vc-di-bbs/#createshuffledidlabelmapfunction
"""

from __future__ import annotations

from collections.abc import Mapping

from ...selective import LabelMapFactory, create_hmac_id_label_map_function

__all__ = ["create_shuffled_id_label_map_function"]


def create_shuffled_id_label_map_function(hmac_key: bytes) -> LabelMapFactory:
    """A label map factory naming each blank node ``bN``, ``N`` the rank of HMAC-SHA-256 of
    its canonical label among the document's.

    Spec: https://www.w3.org/TR/vc-di-bbs/#createshuffledidlabelmapfunction
    """
    # Step 1.2: the HMAC of each canonical identifier (as in createHmacIdLabelMapFunction).
    hmac_labels = create_hmac_id_label_map_function(hmac_key, hash_algorithm="sha256")

    def factory(canonical_id_map: Mapping[str, str]) -> dict[str, str]:
        bnode_id_map = hmac_labels(canonical_id_map)
        # Step 1.3: each value replaced by "b" + its position among the sorted values.
        rank = {digest: index for index, digest in enumerate(sorted(bnode_id_map.values()))}
        return {key: f"b{rank[digest]}" for key, digest in bnode_id_map.items()}

    return factory
