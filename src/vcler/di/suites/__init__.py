"""The cryptosuite registry: every suite vcler implements, by name.

``SUITES`` maps the name a proof names (its ``cryptosuite``, or its ``type`` for a legacy suite)
to the :class:`Cryptosuite` declaring the suite's stages. The mapping is read-only; to use a
suite of your own, pass its :class:`Cryptosuite` to ``add_proof(suite=...)`` and in
``verify_proofs(allowed_suites=[...])``.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from ...errors import InputError, UnknownSuiteError
from ._base import DATA_INTEGRITY_PROOF, Cryptosuite
from .bbs_2023 import Bbs2023
from .ecdsa_jcs_2019 import EcdsaJcs2019
from .ecdsa_rdfc_2019 import EcdsaRdfc2019
from .ecdsa_sd_2023 import EcdsaSd2023
from .ed25519_signature_2018 import Ed25519Signature2018
from .ed25519_signature_2020 import Ed25519Signature2020
from .eddsa_jcs_2022 import EddsaJcs2022
from .eddsa_rdfc_2022 import EddsaRdfc2022
from .json_web_signature_2020 import JsonWebSignature2020

__all__ = [
    "DATA_INTEGRITY_PROOF",
    "SUITES",
    "Bbs2023",
    "Cryptosuite",
    "EcdsaJcs2019",
    "EcdsaRdfc2019",
    "EcdsaSd2023",
    "Ed25519Signature2018",
    "Ed25519Signature2020",
    "EddsaJcs2022",
    "EddsaRdfc2022",
    "JsonWebSignature2020",
    "default_suite",
    "get_suite",
]

#: Every cryptosuite vcler implements, by registry name.
SUITES: Mapping[str, Cryptosuite] = MappingProxyType(
    {
        suite.name: suite
        for suite in (
            EddsaRdfc2022,
            EddsaJcs2022,
            EcdsaRdfc2019,
            EcdsaJcs2019,
            EcdsaSd2023,
            Bbs2023,
            Ed25519Signature2020,
            Ed25519Signature2018,
            JsonWebSignature2020,
        )
    }
)


# The suite a signer's key type signs with when none is named.
_DEFAULT_SUITE_BY_ALGORITHM = {
    "Ed25519": "eddsa-rdfc-2022",
    "P-256": "ecdsa-rdfc-2019",
    "P-384": "ecdsa-rdfc-2019",
    "Bls12381G2": "bbs-2023",
}


def default_suite(signer: object) -> str:
    """The cryptosuite a signer signs with by default: ``eddsa-rdfc-2022`` for Ed25519,
    ``ecdsa-rdfc-2019`` for P-256 and P-384, ``bbs-2023`` for Bls12381G2; InputError for
    another key type."""
    algorithm = getattr(signer, "algorithm", None)
    suite = _DEFAULT_SUITE_BY_ALGORITHM.get(algorithm) if isinstance(algorithm, str) else None
    if suite is None:
        raise InputError(f"no default cryptosuite for a {algorithm or '?'} signer; pass suite=")
    return suite


def get_suite(name: str | Cryptosuite) -> Cryptosuite:
    """The cryptosuite called ``name`` (a :class:`Cryptosuite` is returned as it is).

    Raises :class:`vcler.errors.UnknownSuiteError` for a name vcler does not implement.
    """
    if isinstance(name, Cryptosuite):
        return name
    if not isinstance(name, str):
        raise InputError(f"a suite is a name or a Cryptosuite, not {type(name).__name__}")
    suite = SUITES.get(name)
    if suite is None:
        known = ", ".join(sorted(SUITES))
        raise UnknownSuiteError(f"unknown cryptosuite {name!r} (known: {known})")
    return suite


def suite_of_proof(
    proof: Mapping[str, object], suites: Mapping[str, Cryptosuite]
) -> Cryptosuite | None:
    """The suite among ``suites`` a proof uses, by ``cryptosuite`` or legacy ``type``."""
    proof_type = proof.get("type")
    if proof_type == DATA_INTEGRITY_PROOF:
        name = proof.get("cryptosuite")
        suite = suites.get(name) if isinstance(name, str) else None
        return suite if suite is not None and suite.cryptosuite == name else None
    if isinstance(proof_type, str):
        suite = suites.get(proof_type)
        if suite is not None and suite.cryptosuite is None and suite.proof_type == proof_type:
            return suite
    return None
