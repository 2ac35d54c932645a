"""Issue and verify throughput per cryptosuite, next to a naive baseline measured in the same run.

The credential is a ~2 KB Open Badges 3.0 skill credential. The naive baseline is what a
straightforward implementation does for eddsa-rdfc-2022 verification: pyld URDNA2015
normalization of the document and of the proof configuration (each with pyld's own document
loader serving the bundled contexts), SHA-256 of both, and a `cryptography` Ed25519 verify.

    python benchmarks/verify.py [--seconds 2]

Prints operations per second and ratios against the baseline; asserts nothing.
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import json
import time
from collections.abc import Callable
from typing import Any

import vcler
from vcler.cli._demo import example_credential
from vcler.jsonld import default_loader

SUITES = {
    "eddsa-rdfc-2022": "Ed25519",
    "eddsa-jcs-2022": "Ed25519",
    "ecdsa-rdfc-2019": "P-256",
    "ecdsa-jcs-2019": "P-256",
    "Ed25519Signature2020": "Ed25519",
}


def benchmark_credential() -> dict[str, Any]:
    """The example skill badge grown to about 2 KB with a few more alignments."""
    credential = example_credential()
    achievement = credential["credentialSubject"]["achievement"]
    for index in range(5):
        achievement["alignment"].append(
            {
                "type": ["Alignment"],
                "targetName": f"Skill {index}",
                "targetUrl": f"https://osn.example.org/rsd/skill-{index}",
                "targetType": "CFItem",
                "targetFramework": "Open Skills Network",
                "targetCode": f"SK-{index}",
            }
        )
    return credential


def rate(function: Callable[[], Any], seconds: float) -> float:
    """Calls per second of ``function`` over about ``seconds`` (after one warm-up call)."""
    function()
    count = 0
    start = time.perf_counter()
    deadline = start + seconds
    while time.perf_counter() < deadline:
        function()
        count += 1
    return count / (time.perf_counter() - start)


_CONTEXTS = {url: default_loader().load(url) for url in default_loader()}


def naive_loader(url: str, options: Any = None) -> dict[str, Any]:
    """What a straightforward pyld user writes: a dict of preloaded contexts."""
    return {"contextUrl": None, "documentUrl": url, "document": _CONTEXTS[url]}


def naive_verify(signed: dict[str, Any], public_key: Any) -> bool:
    """The baseline: pyld normalize of document and proof configuration, then verify."""
    from pyld import jsonld

    options = {
        "algorithm": "URDNA2015",
        "format": "application/n-quads",
        "documentLoader": naive_loader,
    }
    document = {k: v for k, v in signed.items() if k != "proof"}
    proof = dict(signed["proof"])
    proof_value = proof.pop("proofValue")
    proof["@context"] = document["@context"]
    canonical_document = jsonld.normalize(document, dict(options))
    canonical_proof = jsonld.normalize(proof, dict(options))
    data = (
        hashlib.sha256(canonical_proof.encode()).digest()
        + hashlib.sha256(canonical_document.encode()).digest()
    )
    from vcler.keys import MAX_SIGNATURE_BYTES
    from vcler.keys.encoding import multibase_b58_decode

    signature = multibase_b58_decode(proof_value, max_bytes=MAX_SIGNATURE_BYTES)
    return bool(public_key.verify(signature, data))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=2.0, help="time per measurement")
    args = parser.parse_args()

    credential = benchmark_credential()
    print(f"credential: {len(json.dumps(credential))} bytes of JSON")
    keys = {kind: vcler.generate_key(kind) for kind in set(SUITES.values())}
    ed_key = keys["Ed25519"]
    eddsa_signed = vcler.issue(
        dict(credential, issuer={**credential["issuer"], "id": ed_key.controller}),
        signer=ed_key,
        suite="eddsa-rdfc-2022",
    )
    assert vcler.verify(eddsa_signed).verified
    assert naive_verify(eddsa_signed, ed_key)
    baseline = rate(lambda: naive_verify(eddsa_signed, ed_key), args.seconds)
    print(f"{'naive baseline (pyld URDNA2015 x2 + verify)':<46} {baseline:9.1f} /s   1.00x")

    for suite, kind in SUITES.items():
        key = keys[kind]
        mine = copy.deepcopy(credential)
        mine["issuer"]["id"] = key.controller
        signed = vcler.issue(mine, signer=key, suite=suite)
        result = vcler.verify(signed)
        assert result.verified, result.problems
        issue_rate = rate(
            lambda m=mine, k=key, s=suite: vcler.issue(m, signer=k, suite=s), args.seconds
        )
        verify_rate = rate(lambda d=signed: vcler.verify(d), args.seconds)
        print(f"{suite + ' issue':<46} {issue_rate:9.1f} /s  {issue_rate / baseline:5.2f}x")
        print(f"{suite + ' verify':<46} {verify_rate:9.1f} /s  {verify_rate / baseline:5.2f}x")
        verifier = vcler.Verifier()  # configured once, as a batch verifier would be
        batch_rate = rate(lambda d=signed, v=verifier: v.verify(d), args.seconds)
        label = suite + " verify (one Verifier)"
        print(f"{label:<46} {batch_rate:9.1f} /s  {batch_rate / baseline:5.2f}x")


if __name__ == "__main__":
    main()
