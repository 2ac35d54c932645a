"""RDFC-1.0 canonical forms of the Data Integrity vectors, from their JSON-LD inputs.

Each published canonical document / proof configuration is reproduced byte for byte through
``vcler.jsonld.to_dataset`` then ``vcler.canon.canonicalize``, and its hash compared with the
published ``docHash*`` / ``proofHash*`` (SHA-256, or SHA-384 for the P-384 suite).

The P-384 vectors of ecdsa-rdfc-2019 run RDFC-1.0 itself with SHA-384 (the curve's hash): the
EAD document, which has several blank nodes, is labelled differently with SHA-256.
"""

from __future__ import annotations

import hashlib

import pytest

from tests.vectors import read_json, read_text
from vcler.canon import canonicalize

to_dataset = pytest.importorskip("vcler.jsonld").to_dataset

# (folder, JSON-LD input, canonical N-Quads, published hash of it, digest)
VECTORS = [
    (
        "di-eddsa",
        "unsigned.json",
        "eddsa-rdfc-2022/canonDocDataInt.txt",
        "eddsa-rdfc-2022/docHashDataInt.txt",
        "sha256",
    ),
    (
        "di-eddsa",
        "eddsa-rdfc-2022/proofConfigDataInt.json",
        "eddsa-rdfc-2022/proofCanonDataInt.txt",
        "eddsa-rdfc-2022/proofHashDataInt.txt",
        "sha256",
    ),
    (
        "di-eddsa",
        "employmentAuth.json",
        "eddsa-rdfc-2022/employ/canonDocDataInt.txt",
        "eddsa-rdfc-2022/employ/docHashDataInt.txt",
        "sha256",
    ),
    (
        "di-eddsa",
        "eddsa-rdfc-2022/employ/proofConfigDataInt.json",
        "eddsa-rdfc-2022/employ/proofCanonDataInt.txt",
        "eddsa-rdfc-2022/employ/proofHashDataInt.txt",
        "sha256",
    ),
    (
        "di-eddsa",
        "unsigned.json",
        "Ed25519Signature2020/canonDocEdSig.txt",
        "Ed25519Signature2020/docHashEdSig.txt",
        "sha256",
    ),
    (
        "di-eddsa",
        "Ed25519Signature2020/proofConfigEdSig.json",
        "Ed25519Signature2020/proofCanonEdSig.txt",
        "Ed25519Signature2020/proofHashEdSig.txt",
        "sha256",
    ),
]
for _curve, _digest in (("P256", "sha256"), ("P384", "sha384")):
    _folder = f"ecdsa-rdfc-2019-{_curve.lower()}"
    VECTORS += [
        (
            "di-ecdsa",
            "unsigned.json",
            f"{_folder}/canonDocECDSA{_curve}.txt",
            f"{_folder}/docHashECDSA{_curve}.txt",
            _digest,
        ),
        (
            "di-ecdsa",
            f"{_folder}/proofConfigECDSA{_curve}.json",
            f"{_folder}/proofCanonECDSA{_curve}.txt",
            f"{_folder}/proofHashECDSA{_curve}.txt",
            _digest,
        ),
        (
            "di-ecdsa",
            "employmentAuth.json",
            f"{_folder}/employ/canonDocECDSA{_curve}.txt",
            f"{_folder}/employ/docHashECDSA{_curve}.txt",
            _digest,
        ),
        (
            "di-ecdsa",
            f"{_folder}/employ/proofConfigECDSA{_curve}.json",
            f"{_folder}/employ/proofCanonECDSA{_curve}.txt",
            f"{_folder}/employ/proofHashECDSA{_curve}.txt",
            _digest,
        ),
    ]


@pytest.mark.parametrize(
    ("folder", "source", "canonical", "published_hash", "digest"),
    VECTORS,
    ids=[f"{v[0]}/{v[2]}" for v in VECTORS],
)
def test_canonical_form_of_vector(
    folder: str, source: str, canonical: str, published_hash: str, digest: str
) -> None:
    result = canonicalize(to_dataset(read_json(folder, source)), hash_algorithm=digest)
    assert result.nquads == read_text(folder, canonical)
    expected_hash = read_text(folder, published_hash).strip()
    assert hashlib.new(digest, result.nquads.encode("utf-8")).hexdigest() == expected_hash


def test_canonical_form_does_not_depend_on_member_order() -> None:
    document = read_json("di-eddsa", "employmentAuth.json")
    reordered = dict(reversed(list(document.items())))
    assert canonicalize(to_dataset(reordered)).nquads == canonicalize(to_dataset(document)).nquads


def test_p384_employment_document_needs_sha384_canonicalization() -> None:
    dataset = to_dataset(read_json("di-ecdsa", "employmentAuth.json"))
    expected = read_text("di-ecdsa", "ecdsa-rdfc-2019-p384/employ/canonDocECDSAP384.txt")
    assert canonicalize(dataset, hash_algorithm="sha384").nquads == expected
    assert canonicalize(dataset, hash_algorithm="sha256").nquads != expected
