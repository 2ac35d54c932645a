"""Baked badges: PNG iTXt and SVG, read and written with the standard library."""

from __future__ import annotations

import copy
import json
import struct
import zlib
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import vcler
from tests.openbadges import ob2
from tests.skills import learner as L
from vcler.openbadges import BakingError, bake, unbake
from vcler.openbadges.baking import baked_document, image_kind


def chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png(*extra: bytes) -> bytes:
    """A 1x1 grey PNG, with ``extra`` chunks before its IDAT."""
    header = chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0))
    data = chunk(b"IDAT", zlib.compress(b"\x00\x80"))
    return b"\x89PNG\r\n\x1a\n" + header + b"".join(extra) + data + chunk(b"IEND", b"")


SVG = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><circle r="4"/></svg>\n'
)


@pytest.fixture(scope="module")
def signed() -> dict[str, Any]:
    key = vcler.generate_key("Ed25519")
    badge = L.employer_assertion(
        "urn:uuid:e0e0e0e0-0000-4000-8000-0000000000cc", L.LIGHTCAST_PYTHON, "2024-01-01T00:00:00Z"
    )
    badge["issuer"]["id"] = key.controller
    return vcler.issue(badge, signer=key)


def test_the_validators_baked_png_carries_the_hosted_assertion() -> None:
    image = (ob2.ROOT / "simple-badge.png").read_bytes()
    baked = unbake(image)
    assert baked is not None and baked.keyword == "openbadges"
    assertion = baked.document()
    assert assertion["id"] == "https://example.org/beths-robotics-badge.json"
    result = vcler.verify(
        assertion, documents=ob2.documents("basic-assertion.json"), recipient=ob2.RECIPIENT
    )
    assert result.verified, result.problems


@pytest.mark.parametrize("image", [png(), SVG], ids=["png", "svg"])
def test_an_ob3_credential_baked_verifies_and_tampering_shows(
    image: bytes, signed: dict[str, Any]
) -> None:
    baked = bake(image, signed)
    assert image_kind(baked) == image_kind(image)
    found = unbake(baked)
    assert found is not None and found.keyword == "openbadgecredential"
    assert found.document() == signed
    assert vcler.verify(baked_document(baked)).verified
    forged = copy.deepcopy(signed)
    forged["credentialSubject"]["achievement"]["name"] = "Forged"
    assert not vcler.verify(baked_document(bake(image, forged))).verified


def test_baking_again_replaces_and_keeps_the_image(signed: dict[str, Any]) -> None:
    once = bake(png(), signed)
    token = ob2.token("simple.jwt")
    twice = bake(once, token)
    assert twice.count(b"iTXt") == 1
    assert unbake(twice) == unbake(bake(png(), token))
    assert twice.endswith(chunk(b"IEND", b""))
    assert b"IDAT" in twice and b"IHDR" in twice
    svg_twice = bake(bake(SVG, signed), token)
    assert svg_twice.count(b"<openbadges:") == 1 and b"<circle" in svg_twice
    found = unbake(svg_twice)
    assert found is not None and found.keyword == "openbadges" and found.text == token


def test_ob2_hosted_in_svg_carries_its_url_and_json() -> None:
    assertion = ob2.read("basic-assertion.json")
    baked = bake(SVG, assertion)
    assert b'verify="https://example.org/beths-robotics-badge.json"' in baked
    assert baked_document(baked) == assertion
    by_url = bake(SVG, assertion["id"])
    assert baked_document(by_url) == assertion["id"]
    assert vcler.verify(
        baked_document(by_url), documents=ob2.documents("basic-assertion.json")
    ).verified
    with pytest.raises(BakingError, match="not its URL"):
        bake(png(), assertion["id"])


def test_self_closing_svg_and_other_prefix_bindings(signed: dict[str, Any]) -> None:
    image = b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="http://example.org/old"/>'
    baked = bake(image, signed)
    assert baked.count(b"xmlns:openbadges=") == 1
    assert baked_document(baked) == signed


def test_compressed_chunk_is_read() -> None:
    text = json.dumps({"a": 1}).encode()
    body = b"openbadgecredential\x00\x01\x00\x00\x00" + zlib.compress(text)
    found = unbake(png(chunk(b"iTXt", body)))
    assert found is not None and found.document() == {"a": 1}
    assert unbake(png(chunk(b"tEXt", b"Comment\x00hi"))) is None


@pytest.mark.parametrize(
    ("image", "message"),
    [
        (b"GIF89a", "not a PNG or SVG"),
        (png()[:40], "ends inside a chunk"),
        (b'<!DOCTYPE svg [<!ENTITY x "y">]><svg>&x;</svg>', "document type declaration"),
        (b"<svg><unclosed></svg>", "not a well-formed SVG"),
        (
            b'<svg xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"><openbadges:credential/></svg>',
            "empty",
        ),
    ],
)
def test_broken_images_are_errors(image: bytes, message: str) -> None:
    with pytest.raises(BakingError, match=message):
        unbake(image)


def test_an_image_without_a_badge() -> None:
    assert unbake(png()) is None and unbake(SVG) is None
    with pytest.raises(BakingError, match="no baked badge"):
        baked_document(SVG)


@settings(max_examples=50, deadline=None)
@given(st.dictionaries(st.text(min_size=1, max_size=8), st.text(max_size=30), max_size=5))
def test_png_and_svg_round_trip_any_json(document: dict[str, str]) -> None:
    credential = {"@context": "https://www.w3.org/ns/credentials/v2", **document}
    assert baked_document(bake(png(), credential)) == credential
    if "]]>" not in json.dumps(credential, ensure_ascii=False):
        assert baked_document(bake(SVG, credential)) == credential
