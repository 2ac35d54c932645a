"""Error codes: one module holds them all, and lower layers' codes reach the result unchanged."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

import pytest

import vcler
from vcler import codes
from vcler.cli._demo import example_credential

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=timezone.utc)
WEB = "did:web:college.example"


def _did_web_case(**document_changes: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    """A credential signed by a did:web key, and that DID's document (changed as asked)."""
    key = vcler.generate_key("Ed25519", controller=WEB)
    credential = example_credential()
    credential["issuer"]["id"] = WEB
    signed = vcler.issue(credential, signer=key, created="2026-11-28T11:00:00Z")
    document = {
        "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"],
        "id": WEB,
        "verificationMethod": [key.to_json(include_secret=False)],
        "assertionMethod": [key.id],
        **document_changes,
    }
    return signed, document


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        # The key is listed, but not for assertionMethod.
        (
            {"assertionMethod": [], "authentication": ["#placeholder"]},
            codes.INVALID_RELATIONSHIP_FOR_VERIFICATION_METHOD,
        ),
        # The document served for the DID names another DID.
        ({"id": "did:web:other.example"}, codes.INVALID_CONTROLLED_IDENTIFIER_DOCUMENT_ID),
    ],
)
def test_dereferencing_codes_pass_through_to_the_proof_result(
    changes: dict[str, Any], code: str
) -> None:
    signed, document = _did_web_case(**changes)
    result = vcler.verify(signed, now=NOW, documents={WEB: document})
    assert not result.verified
    assert [p.code for p in result.problems] == [code]
    assert result.problems[0].pointer == "/proof/verificationMethod"
    assert result.proofs[0].problems[0].code == code


def test_every_code_has_a_title_and_a_known_source() -> None:
    for name, code in vars(codes).items():
        if name.isupper() and isinstance(code, str) and name not in {"SOURCES", "CODES"}:
            assert code in codes.CODES, f"{name} is not registered in CODES"
    for code, meaning in codes.CODES.items():
        assert meaning.title and meaning.source in codes.SOURCES, code
    assert codes.title_of("PROOF_VERIFICATION_ERROR") == "Proof verification error"
    assert codes.title_of("SOMETHING_NEW") == "Something new"


def test_no_module_writes_a_code_of_its_own() -> None:
    # Every code is written once, in vcler.codes; the rest of the code base names it there.
    import ast
    from pathlib import Path

    src = Path(__file__).resolve().parent.parent / "src" / "vcler"
    known = set(codes.CODES)
    written = []
    for path in sorted(src.rglob("*.py")):
        if path.name == "codes.py" and path.parent == src:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        exempt = set()
        for node in ast.walk(tree):
            body = getattr(node, "body", None)
            if isinstance(body, list) and body and isinstance(body[0], ast.Expr):
                exempt.add(id(body[0].value))  # docstrings
            if isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets
            ):
                exempt.update(id(item) for item in ast.walk(node.value))
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and node.value in known and id(node) not in exempt:
                written.append(f"{path.relative_to(src)}:{node.lineno}: {node.value!r}")
    assert written == []


def test_the_codes_page_lists_every_code_and_no_other() -> None:
    import re
    from pathlib import Path

    page = Path(__file__).resolve().parent.parent / "docs" / "reference" / "codes.md"
    rows = re.findall(r"^\| `([^`]+)` \| ([^|]+) \|", page.read_text(encoding="utf-8"), re.M)
    assert [code for code, _ in rows] == list(codes.CODES)
    assert all(title.strip() == codes.CODES[code].title for code, title in rows)
