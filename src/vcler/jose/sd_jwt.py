"""SD-JWT (RFC 9901) for VC-JOSE-COSE: ``application/vc+sd-jwt`` and ``application/vp+sd-jwt``.

An SD-JWT is an issuer-signed JWT whose claims set holds digests in place of the claims the
issuer made selectively disclosable, followed by the disclosures the holder chose to reveal and
optionally a Key Binding JWT signed by the holder's key (``cnf``):
``<issuer JWT>~<disclosure>~...~<KB-JWT or nothing>``.

Issuing takes paths (``credentialSubject.address.city``, ``credentialSubject.phoneNumbers[0]``)
to the claims and array elements to make disclosable, adds decoy digests on request, and sorts
every ``_sd`` array so that its order reveals nothing. Verifying checks the issuer-signed JWT as
:mod:`vcler.jose.vc_jose` does, then every disclosure: well-formed, referenced exactly once by a
digest in the payload (or in another disclosure), not overwriting a claim; and the Key Binding
JWT when there is one (its key from ``cnf``, ``sd_hash`` over the presented SD-JWT, ``nonce``
and ``aud`` when the verifier expects them).

Spec: https://www.rfc-editor.org/rfc/rfc9901
Spec: https://www.w3.org/TR/vc-jose-cose/#securing-with-sd-jwt
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .. import codes
from .._documents import is_presentation
from .._json import dumps_compact, load_json
from ..errors import InputError, InvalidKeyError, ParsingError, VclerError
from ..keys import PublicKey, Signer
from ..keys.encoding import b64url_decode, b64url_encode
from ..problems import Problem
from ._compact import MAX_TOKEN_CHARS, JoseError, parse_compact, sign_compact, utf8
from ._opened import Opened, Options, time_problems
from .algorithms import check_algorithm, jws_algorithm_for, precheck_algorithm, verify_jws
from .vc_jose import secured_payload, verify_parsed

__all__ = [
    "CREDENTIAL_TYP",
    "MAX_DISCLOSURES",
    "PRESENTATION_TYP",
    "issue_sd_jwt",
    "parse_path",
    "present_sd_jwt",
    "verify_sd_jwt",
]

CREDENTIAL_TYP = "vc+sd-jwt"
PRESENTATION_TYP = "vp+sd-jwt"
KEY_BINDING_TYP = "kb+jwt"
#: The most disclosures an SD-JWT may carry.
MAX_DISCLOSURES = 4096
_HASHES: dict[str, Callable[[bytes], Any]] = {
    "sha-256": hashlib.sha256,
    "sha-384": hashlib.sha384,
    "sha-512": hashlib.sha512,
}
_PATH_TOKEN = re.compile(r"([^.\[\]]+)|\[(\d+)\]")
_SALT_BYTES = 16


# -- issuing -------------------------------------------------------------------------------------


def parse_path(path: str) -> list[str | int]:
    """``credentialSubject.phoneNumbers[0]`` → ``["credentialSubject", "phoneNumbers", 0]``."""
    if not isinstance(path, str) or not path:
        raise InputError("a disclosure path is a non-empty string")
    tokens: list[str | int] = []
    position = 0
    for match in _PATH_TOKEN.finditer(path):
        separator = path[position : match.start()]
        if separator not in ("", ".") or (separator == "" and tokens and match.group(1)):
            raise InputError(f"malformed disclosure path {path!r}")
        tokens.append(match.group(1) if match.group(1) is not None else int(match.group(2)))
        position = match.end()
    if position != len(path) or not tokens:
        raise InputError(f"malformed disclosure path {path!r}")
    return tokens


def _digest(disclosure: str, algorithm: str = "sha-256") -> str:
    """The digest of a disclosure: base64url of the hash of its ASCII text (RFC 9901 4.2.3)."""
    return b64url_encode(_HASHES[algorithm](disclosure.encode("ascii")).digest())


def _disclose(
    container: Any, token: str | int, salt: bytes, path: str, disclosures: list[str]
) -> None:
    """Replace ``container[token]`` with a digest, and record its disclosure (RFC 9901 4.2)."""
    salt_text = b64url_encode(salt)
    if isinstance(token, int):
        if not isinstance(container, list) or token >= len(container):
            raise InputError(f"{path}: no such array element")
        disclosure = b64url_encode(utf8(dumps_compact([salt_text, container[token]])))
        container[token] = {"...": _digest(disclosure)}
    else:
        if not isinstance(container, dict) or token not in container:
            raise InputError(f"{path}: no such claim")
        if token in ("_sd", "...", "_sd_alg"):
            raise InputError(f"{path}: {token!r} cannot be disclosed")
        value = container.pop(token)
        disclosure = b64url_encode(utf8(dumps_compact([salt_text, token, value])))
        container.setdefault("_sd", []).append(_digest(disclosure))
    disclosures.append(disclosure)


def _walk(document: Any, tokens: Sequence[str | int], path: str) -> Any:
    node = document
    for token in tokens:
        try:
            node = node[token]
        except (KeyError, IndexError, TypeError):
            raise InputError(f"{path}: no such claim") from None
    return node


def _copy(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy(v) for v in value]
    return value


def issue_sd_jwt(
    document: Mapping[str, Any],
    *,
    signer: Signer,
    disclose: Sequence[str] = (),
    decoys: int = 0,
    holder_key: PublicKey | None = None,
    claims: Mapping[str, Any] | None = None,
    salt: Callable[[int], bytes] = os.urandom,
) -> str:
    """``document`` as a ``vc+sd-jwt`` / ``vp+sd-jwt`` with every path in ``disclose`` made
    selectively disclosable, and all of its disclosures attached.

    ``decoys`` adds that many decoy digests to each ``_sd`` array; ``holder_key`` binds the
    SD-JWT to the holder's key (``cnf``), so that a presentation needs a Key Binding JWT.

    Spec: https://www.rfc-editor.org/rfc/rfc9901#section-4
    """
    if decoys < 0:
        raise InputError("decoys is a count of decoy digests, at least 0")
    payload = _copy(secured_payload(document, claims=claims))
    disclosures: list[str] = []
    # Step 1: the deepest paths first, so that a disclosed object carries its own digests.
    paths = sorted(((parse_path(p), p) for p in disclose), key=lambda item: -len(item[0]))
    for tokens, path in paths:
        if tokens[0] in ("@context", "iss", "type") and len(tokens) == 1:
            raise InputError(f"{path}: {tokens[0]!r} is never made selectively disclosable")
        parent = _walk(payload, tokens[:-1], path)
        _disclose(parent, tokens[-1], salt(_SALT_BYTES), path, disclosures)
    # Step 2: decoys, and every _sd sorted (RFC 9901 section 4.2.5).
    _finish_digests(payload, decoys=decoys, salt=salt)
    payload["_sd_alg"] = "sha-256"
    if holder_key is not None:
        payload["cnf"] = {"jwk": holder_key.to_jwk()}
    presentation = is_presentation(document)
    header = {
        "alg": jws_algorithm_for(signer),
        "kid": signer.id,
        "typ": PRESENTATION_TYP if presentation else CREDENTIAL_TYP,
        "cty": "vp" if presentation else "vc",
    }
    jwt = sign_compact(header, payload, signer=signer)
    return "~".join([jwt, *disclosures]) + "~"


def _finish_digests(node: Any, *, decoys: int, salt: Callable[[int], bytes]) -> None:
    if isinstance(node, dict):
        for value in node.values():
            _finish_digests(value, decoys=decoys, salt=salt)
        if "_sd" in node:
            digests = node["_sd"]
            digests += [
                b64url_encode(hashlib.sha256(salt(_SALT_BYTES)).digest()) for _ in range(decoys)
            ]
            node["_sd"] = sorted(digests)
    elif isinstance(node, list):
        for item in node:
            _finish_digests(item, decoys=decoys, salt=salt)


# -- presenting ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Parts:
    jwt: str
    disclosures: list[str]
    key_binding: str | None
    presented: str  # everything the KB-JWT's sd_hash covers


def _split(text: str) -> _Parts:
    """``jwt~d1~...~dn~[kb]`` split (RFC 9901 section 4)."""
    if not isinstance(text, str) or len(text) > MAX_TOKEN_CHARS:
        raise JoseError("an SD-JWT is a string within the size limit")
    parts = text.split("~")
    if len(parts) < 2:
        raise JoseError("an SD-JWT has '~' after its issuer-signed JWT")
    if len(parts) - 2 > MAX_DISCLOSURES:
        raise JoseError(f"an SD-JWT carries at most {MAX_DISCLOSURES} disclosures")
    key_binding = parts[-1] or None
    disclosures = parts[1:-1]
    if any(not disclosure for disclosure in disclosures):
        raise JoseError("an SD-JWT has an empty disclosure ('~~')")
    presented = text[: len(text) - len(parts[-1])]
    return _Parts(parts[0], disclosures, key_binding, presented)


def present_sd_jwt(
    sd_jwt: str,
    *,
    disclose: Sequence[str] | None = None,
    holder: Signer | None = None,
    nonce: str | None = None,
    audience: str | None = None,
    issued_at: int | None = None,
) -> str:
    """The SD-JWT a holder presents: only the disclosures of the claims named in ``disclose``
    (by claim name or array position path; ``None``: all of them), and with ``holder`` a Key
    Binding JWT over it carrying ``nonce``, ``aud`` and ``iat``.

    Spec: https://www.rfc-editor.org/rfc/rfc9901#section-4.3
    """
    import time

    parts = _split(sd_jwt)
    kept = parts.disclosures
    if disclose is not None:
        wanted = {str(parse_path(path)[-1]) for path in disclose}
        kept = [d for d in parts.disclosures if _disclosure_name(d) in wanted]
    presented = "~".join([parts.jwt, *kept]) + "~"
    if holder is None:
        return presented
    sd_hash = b64url_encode(hashlib.sha256(presented.encode("ascii")).digest())
    claims: dict[str, Any] = {
        "iat": issued_at if issued_at is not None else int(time.time()),
        "sd_hash": sd_hash,
    }
    if nonce is not None:
        claims["nonce"] = nonce
    if audience is not None:
        claims["aud"] = audience
    header = {"alg": jws_algorithm_for(holder), "typ": KEY_BINDING_TYP}
    return presented + sign_compact(header, claims, signer=holder)


def _disclosure_name(disclosure: str) -> str | None:
    """A disclosure's claim name, or for an array element the index path's last token as text;
    ``None`` when unreadable."""
    try:
        value = _decode_disclosure(disclosure)
    except JoseError:
        return None
    return value[1] if len(value) == 3 else None


# -- verifying -----------------------------------------------------------------------------------


def _decode_disclosure(disclosure: str) -> list[Any]:
    """A disclosure's JSON array: ``[salt, name, value]`` or ``[salt, value]``."""
    try:
        raw = b64url_decode(disclosure, max_bytes=MAX_TOKEN_CHARS, what="disclosure")
        value = load_json(raw, max_bytes=MAX_TOKEN_CHARS)
    except (InvalidKeyError, ParsingError) as e:
        raise JoseError(f"a disclosure is not base64url JSON: {e.message}", reason=_BAD) from e
    if not isinstance(value, list) or len(value) not in (2, 3) or not isinstance(value[0], str):
        raise JoseError("a disclosure is [salt, name, value] or [salt, value]", reason=_BAD)
    if len(value) == 3:
        name = value[1]
        if not isinstance(name, str) or name in ("_sd", "...", "_sd_alg"):
            raise JoseError(f"a disclosure may not name the claim {name!r}", reason=_BAD)
    return value


_BAD = codes.INVALID_DISCLOSURE


class _Reconstruction:
    """RFC 9901 section 7.1 step 3: every digest replaced by what its disclosure discloses."""

    def __init__(self, disclosures: Mapping[str, list[Any]]) -> None:
        self.disclosures = disclosures
        self.used: set[str] = set()
        self.seen: set[str] = set()

    def digest_once(self, digest: Any) -> str:
        if not isinstance(digest, str):
            raise JoseError("a digest is a string", reason=_BAD)
        if digest in self.seen:
            raise JoseError(f"the digest {digest} appears more than once", reason=_BAD)
        self.seen.add(digest)
        return digest

    def process(self, node: Any) -> Any:
        if isinstance(node, dict):
            return self.object(node)
        if isinstance(node, list):
            return self.array(node)
        return node

    def object(self, node: dict[str, Any]) -> dict[str, Any]:
        digests = node.get("_sd", [])
        if not isinstance(digests, list):
            raise JoseError("_sd is an array of digests", reason=_BAD)
        out = {name: self.process(value) for name, value in node.items() if name != "_sd"}
        for digest in digests:
            disclosure = self.disclosures.get(self.digest_once(digest))
            if disclosure is None:
                continue  # a decoy, or a claim the holder withheld
            if len(disclosure) != 3:
                raise JoseError("an array element's disclosure is used for a claim", reason=_BAD)
            _, name, value = disclosure
            if name in out:
                raise JoseError(f"a disclosure would overwrite the claim {name!r}", reason=_BAD)
            self.used.add(digest)
            out[name] = self.process(value)
        return out

    def array(self, node: list[Any]) -> list[Any]:
        out = []
        for item in node:
            if isinstance(item, dict) and "..." in item:
                if len(item) != 1:
                    raise JoseError("an array digest object has only '...'", reason=_BAD)
                digest = self.digest_once(item["..."])
                disclosure = self.disclosures.get(digest)
                if disclosure is None:
                    continue
                if len(disclosure) != 2:
                    raise JoseError(
                        "a claim's disclosure is used for an array element", reason=_BAD
                    )
                self.used.add(digest)
                out.append(self.process(disclosure[1]))
            else:
                out.append(self.process(item))
        return out


def verify_sd_jwt(text: str, *, options: Options, media_type: str | None = None) -> Opened:
    """Open a ``vc+sd-jwt`` / ``vp+sd-jwt``: the issuer-signed JWT, every disclosure, and the
    Key Binding JWT when present (required when a challenge is expected of a bound SD-JWT).

    Spec: https://www.rfc-editor.org/rfc/rfc9901#section-7
    """
    label = media_type or "application/vc+sd-jwt"
    # Step 1: separate the parts; the issuer-signed JWT is a compact JWS.
    try:
        parts = _split(text)
        jws = parse_compact(parts.jwt)
    except JoseError as e:
        return Opened.failed(label, [e.to_problem()])
    # Step 2: an algorithm vcler verifies; the disclosures, applied to the claims set.
    try:
        precheck_algorithm(jws.header.get("alg"), allowed=options.allowed_algorithms)
        claims, disclosed = _reconstruct(jws.payload, parts.disclosures)
    except JoseError as e:
        return Opened.failed(label, [e.to_problem()])
    # Step 3: the issuer-signed JWT, as vc+jwt is checked, with the SD-JWT typ values; its
    # claims are the claims set with what the holder disclosed.
    opened = verify_parsed(
        jws,
        options=options,
        media_type=media_type,
        typs=(CREDENTIAL_TYP, PRESENTATION_TYP),
        claims=claims,
    )
    # Step 4: key binding.
    opened.proof.problems += _key_binding_problems(claims, parts, options)
    opened.proof.verified = not opened.proof.problems
    opened.disclosed = disclosed
    return opened


def _reconstruct(
    payload: Mapping[str, Any], encoded: list[str]
) -> tuple[dict[str, Any], list[str]]:
    algorithm = payload.get("_sd_alg", "sha-256")
    if algorithm not in _HASHES:
        raise JoseError(f"unsupported _sd_alg {algorithm!r}", reason=_BAD)
    disclosures: dict[str, list[Any]] = {}
    for disclosure in encoded:
        digest = _digest(disclosure, algorithm)
        if digest in disclosures:
            raise JoseError("the same disclosure is presented twice", reason=_BAD)
        disclosures[digest] = _decode_disclosure(disclosure)
    rebuilt = _Reconstruction(disclosures)
    document = rebuilt.object(dict(payload))
    unused = set(disclosures) - rebuilt.used
    if unused:
        raise JoseError(f"{len(unused)} disclosure(s) match no digest of the SD-JWT", reason=_BAD)
    names = [str(d[1]) for d in disclosures.values() if len(d) == 3]
    document.pop("_sd_alg", None)
    return document, names


def _key_binding_problems(
    payload: Mapping[str, Any], parts: _Parts, options: Options
) -> list[Problem]:
    """The Key Binding JWT (RFC 9901 section 7.3)."""
    confirmation = payload.get("cnf")
    if parts.key_binding is None:
        if confirmation is not None and options.challenge is not None:
            return [
                Problem(
                    codes.KEY_BINDING_ERROR,
                    "the SD-JWT is bound to a holder key but no Key Binding JWT was presented",
                )
            ]
        return []
    try:
        if not isinstance(confirmation, Mapping) or not isinstance(
            confirmation.get("jwk"), Mapping
        ):
            raise JoseError("a Key Binding JWT needs the holder's key in cnf.jwk")
        key = PublicKey.from_jwk(confirmation["jwk"])
        kb = parse_compact(parts.key_binding)
        if kb.header.get("typ") != KEY_BINDING_TYP:
            raise JoseError("the Key Binding JWT's typ is not kb+jwt")
        alg = check_algorithm(kb.header.get("alg"), key, allowed=options.allowed_algorithms)
        if not verify_jws(kb, key, alg=alg):
            raise JoseError("the Key Binding JWT's signature does not verify with cnf.jwk")
    except (JoseError, VclerError) as e:
        reason = (
            e.reason if isinstance(e, JoseError) and e.reason != codes.MALFORMED_ENVELOPE else None
        )
        return [Problem(reason or codes.KEY_BINDING_ERROR, e.message)]
    claims = kb.payload
    problems = []
    expected = b64url_encode(hashlib.sha256(parts.presented.encode("ascii")).digest())
    if not isinstance(claims.get("sd_hash"), str) or not hmac.compare_digest(
        claims["sd_hash"], expected
    ):
        problems.append(
            Problem(codes.KEY_BINDING_ERROR, "the Key Binding JWT's sd_hash is not of this SD-JWT")
        )
    if not isinstance(claims.get("iat"), int | float) or isinstance(claims.get("iat"), bool):
        problems.append(Problem(codes.KEY_BINDING_ERROR, "the Key Binding JWT has no iat"))
    if options.challenge is not None and claims.get("nonce") != options.challenge:
        problems.append(
            Problem(
                codes.INVALID_CHALLENGE_ERROR, "the Key Binding JWT's nonce is not the challenge"
            )
        )
    if options.domain is not None and claims.get("aud") != options.domain:
        problems.append(
            Problem(codes.INVALID_DOMAIN_ERROR, "the Key Binding JWT's aud is not the domain")
        )
    problems += time_problems(claims, now=options.now, skew=options.clock_skew)
    return problems
