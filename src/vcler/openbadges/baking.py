"""Baked badges: Open Badges carried inside their PNG or SVG image.

Most people hold their badges as images. The Open Badges specifications bake a credential
into the image itself:

- **PNG**: an ``iTXt`` chunk with the keyword ``openbadgecredential`` (Open Badges 3.0: the
  credential's JSON, or the compact JWS of a VC-JWT) or ``openbadges`` (Open Badges 2.0: the
  hosted assertion's JSON, or a signed assertion's JWS), uncompressed, at most once;
- **SVG**: an ``<openbadges:credential>`` element (namespace
  ``https://purl.imsglobal.org/ob/v3p0``) or ``<openbadges:assertion>`` (namespace
  ``http://openbadges.org``) right after the ``<svg>`` tag: the JSON in its body (in
  ``CDATA``), or the JWS (OB 2.0: the hosted assertion's URL) in its ``verify`` attribute.

:func:`unbake` extracts what an image carries, :func:`bake` writes it. The standard library is
enough: PNG chunks are length-prefixed with a CRC-32 (:mod:`zlib`), and SVG is read with
:mod:`xml.etree.ElementTree` after refusing any document type declaration, so that no entity
can expand (the billion-laughs and external-entity attacks need one).

Spec: https://www.imsglobal.org/spec/ob/v3p0/#baked-badge
Spec: https://www.imsglobal.org/sites/default/files/Badges/OBv2p0Final/baking/index.html
"""

from __future__ import annotations

import re
import struct
import zlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Final, Literal

from .._json import MAX_BYTES, dumps_compact, load_json
from ..errors import InputError, ParsingError

__all__ = [
    "OB2_KEYWORD",
    "OB2_SVG_NAMESPACE",
    "OB3_KEYWORD",
    "OB3_SVG_NAMESPACE",
    "Baked",
    "BakingError",
    "bake",
    "baked_document",
    "image_kind",
    "unbake",
]

#: The ``iTXt`` keyword of an Open Badges 3.0 credential.
OB3_KEYWORD: Final = "openbadgecredential"
#: The ``iTXt`` keyword of an Open Badges 2.0 assertion.
OB2_KEYWORD: Final = "openbadges"
#: The XML namespace of ``<openbadges:credential>`` (Open Badges 3.0).
OB3_SVG_NAMESPACE = "https://purl.imsglobal.org/ob/v3p0"
#: The XML namespace of ``<openbadges:assertion>`` (Open Badges 2.0).
OB2_SVG_NAMESPACE = "http://openbadges.org"

Keyword = Literal["openbadgecredential", "openbadges"]
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_ELEMENTS = {
    OB3_KEYWORD: (OB3_SVG_NAMESPACE, "credential"),
    OB2_KEYWORD: (OB2_SVG_NAMESPACE, "assertion"),
}


class BakingError(InputError):
    """An image that cannot be read or baked (a broken PNG, an SVG with a DTD...)."""


@dataclass(frozen=True)
class Baked:
    """What an image carries: its ``keyword`` (``openbadgecredential`` for Open Badges 3.0,
    ``openbadges`` for 2.0) and ``text`` (JSON, a compact JWS, or an OB 2.0 assertion URL)."""

    keyword: Keyword
    text: str

    def document(self) -> Any:
        """The JSON the text holds, parsed; else the text itself (a JWS or a URL)."""
        text = self.text.strip()
        if text.startswith("{"):
            try:
                return load_json(text)
            except ParsingError as error:
                raise BakingError(f"the baked {self.keyword} is not JSON: {error}") from error
        return text


def image_kind(data: bytes) -> Literal["png", "svg"] | None:
    """``"png"`` or ``"svg"`` when ``data`` looks like one, else ``None``."""
    if data.startswith(_PNG_SIGNATURE):
        return "png"
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"<") and b"<svg" in head:
        return "svg"
    return None


# -- PNG -----------------------------------------------------------------------------------


def _chunks(data: bytes) -> Iterator[tuple[bytes, bytes, int, int]]:
    """Each chunk's type, data, start and end offsets, until IEND.

    Spec: https://www.w3.org/TR/png-3/#5Chunk-layout
    """
    if not data.startswith(_PNG_SIGNATURE):
        raise BakingError("not a PNG image")
    offset = len(_PNG_SIGNATURE)
    while True:
        if offset + 12 > len(data):
            raise BakingError("the PNG ends inside a chunk (no IEND)")
        (length,) = struct.unpack(">I", data[offset : offset + 4])
        kind = data[offset + 4 : offset + 8]
        end = offset + 12 + length
        if length > 2**31 - 1 or end > len(data):
            raise BakingError("a PNG chunk is longer than the image")
        yield kind, data[offset + 8 : offset + 8 + length], offset, end
        if kind == b"IEND":
            return
        offset = end


def _itxt(chunk: bytes) -> tuple[str, str]:
    """An ``iTXt`` chunk's keyword and text.

    Spec: https://www.w3.org/TR/png-3/#11iTXt
    """
    keyword, sep, rest = chunk.partition(b"\0")
    if not sep or len(rest) < 2:
        raise BakingError("a broken iTXt chunk")
    compressed, _method, rest = rest[0], rest[1], rest[2:]
    _language, _, rest = rest.partition(b"\0")
    _translated, _, text = rest.partition(b"\0")
    if compressed:  # the specifications forbid it; read it anyway, within limits
        inflater = zlib.decompressobj()
        text = inflater.decompress(text, MAX_BYTES + 1)
        if len(text) > MAX_BYTES or inflater.unconsumed_tail:
            raise BakingError("the baked text is larger than vcler reads")
    try:
        return keyword.decode("latin-1"), text.decode("utf-8")
    except UnicodeDecodeError as error:
        raise BakingError("the baked text is not UTF-8") from error


def _unbake_png(data: bytes) -> Baked | None:
    for kind, chunk, _, _ in _chunks(data):
        if kind == b"iTXt":
            keyword, text = _itxt(chunk)
            if keyword in (OB3_KEYWORD, OB2_KEYWORD):
                return Baked(keyword, text)  # type: ignore[arg-type]
    return None


def _png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def _bake_png(data: bytes, keyword: Keyword, text: str) -> bytes:
    """The PNG with one uncompressed ``iTXt`` chunk ``keyword`` (any earlier one replaced),
    inserted before ``IEND``."""
    parts = [_PNG_SIGNATURE]
    for kind, chunk, start, end in _chunks(data):
        if kind == b"iTXt" and chunk.split(b"\0", 1)[0] in (
            OB3_KEYWORD.encode(),
            OB2_KEYWORD.encode(),
        ):
            continue
        if kind == b"IEND":
            body = keyword.encode("latin-1") + b"\0\0\0\0\0" + text.encode("utf-8")
            parts.append(_png_chunk(b"iTXt", body))
        parts.append(data[start:end])
    return b"".join(parts)


# -- SVG -----------------------------------------------------------------------------------


def _svg_text(data: bytes) -> str:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise BakingError("the SVG is not UTF-8") from error
    if re.search(r"<!(DOCTYPE|ENTITY)", text, re.IGNORECASE):
        raise BakingError("an SVG with a document type declaration is refused (entities)")
    return text


def _unbake_svg(data: bytes) -> Baked | None:
    import xml.etree.ElementTree as ElementTree

    text = _svg_text(data)
    try:
        root = ElementTree.fromstring(text)
    except ElementTree.ParseError as error:
        raise BakingError(f"not a well-formed SVG: {error}") from error
    for element in root.iter():
        for keyword, (namespace, name) in _ELEMENTS.items():
            if element.tag == f"{{{namespace}}}{name}":
                verify = element.get("verify")
                body = "".join(element.itertext()).strip()
                if body:
                    return Baked(keyword, body)  # type: ignore[arg-type]
                if verify:
                    return Baked(keyword, verify.strip())  # type: ignore[arg-type]
                raise BakingError(f"the <openbadges:{name}> element is empty")
    return None


def _escape_attribute(value: str) -> str:
    return value.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")


def _bake_svg(data: bytes, keyword: Keyword, text: str, *, verify: str | None) -> bytes:
    """The SVG with its one ``<openbadges:...>`` element right after the ``<svg>`` tag."""
    source = _svg_text(data)
    namespace, name = _ELEMENTS[keyword]
    # Step 1: no earlier baked element.
    source = re.sub(
        r"<openbadges:(?:credential|assertion)\b[^>]*?(?:/>|>.*?</openbadges:(?:credential|assertion)>)\s*",
        "",
        source,
        flags=re.DOTALL,
    )
    opening = re.search(r"<svg\b[^>]*>", source)
    if opening is None:
        raise BakingError("no <svg> element")
    tag = opening.group(0)
    # Step 2: the namespace on the <svg> tag (replacing another openbadges prefix binding).
    tag = re.sub(r'\s+xmlns:openbadges\s*=\s*("[^"]*"|\'[^\']*\')', "", tag)
    closing = "/>" if tag.endswith("/>") else ">"
    tag = tag[: -len(closing)].rstrip() + f' xmlns:openbadges="{namespace}"' + closing
    # Step 3: the element, the JWS (or URL) in verify, the JSON in CDATA (an OB 2.0 hosted
    # assertion has both: its URL and its JSON).
    attribute = f' verify="{_escape_attribute(verify)}"' if verify is not None else ""
    body = ""
    if text != verify:
        if "]]>" in text:
            raise BakingError("the JSON cannot be written in CDATA (it contains ']]>')")
        body = f"<![CDATA[{text}]]>"
    element = f"<openbadges:{name}{attribute}>{body}</openbadges:{name}>"
    if closing == "/>":  # <svg .../> becomes <svg ...>element</svg>
        tag = tag[:-2] + ">"
        element += "</svg>"
    return (source[: opening.start()] + tag + element + source[opening.end() :]).encode("utf-8")


# -- the public functions ------------------------------------------------------------------


def unbake(image: bytes) -> Baked | None:
    """What a PNG or SVG image carries (``None``: no baked badge); :class:`BakingError` for an
    image that cannot be read."""
    kind = image_kind(image)
    if kind == "png":
        return _unbake_png(image)
    if kind == "svg":
        return _unbake_svg(image)
    raise BakingError("not a PNG or SVG image")


def baked_document(image: bytes) -> Any:
    """The credential an image carries: parsed JSON, or the token (a JWS) or hosted assertion
    URL as text; :class:`BakingError` when the image carries none."""
    baked = unbake(image)
    if baked is None:
        raise BakingError("the image carries no baked badge")
    return baked.document()


def _keyword_of(credential: Any) -> Keyword:
    from .v2 import is_v2_assertion, signed_v2_payload

    if isinstance(credential, Mapping) and is_v2_assertion(credential):
        return OB2_KEYWORD
    if isinstance(credential, str) and (
        credential.startswith(("https://", "http://")) or signed_v2_payload(credential) is not None
    ):
        return OB2_KEYWORD
    return OB3_KEYWORD


def bake(image: bytes, credential: Mapping[str, Any] | str) -> bytes:
    """``image`` (PNG or SVG) with ``credential`` baked in: an OB 3.0 credential (JSON, or a
    VC-JWT's compact JWS) as ``openbadgecredential``, an OB 2.0 assertion (JSON, a signed
    assertion's JWS, or the URL of a hosted one, SVG only) as ``openbadges``. A badge baked
    earlier is replaced."""
    keyword = _keyword_of(credential)
    text = (
        dumps_compact(dict(credential)) if isinstance(credential, Mapping) else credential.strip()
    )
    if not text:
        raise BakingError("nothing to bake")
    kind = image_kind(image)
    if kind == "png":
        if text.startswith(("https://", "http://")):
            raise BakingError("a PNG carries the assertion itself (JSON or JWS), not its URL")
        return _bake_png(image, keyword, text)
    if kind == "svg":
        verify: str | None = text
        if isinstance(credential, Mapping):
            hosted = credential.get("id") if keyword == OB2_KEYWORD else None
            verify = hosted if isinstance(hosted, str) else None
        return _bake_svg(image, keyword, text, verify=verify)
    raise BakingError("not a PNG or SVG image")
