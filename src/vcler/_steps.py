"""The steps of verifying a credential or presentation, shared by every verifier.

:class:`Steps` runs them for one :class:`~vcler.context.VerificationContext` (whose source it
asks, synchronously, for the documents it needs) with a verifier's :class:`Caches`. It never
raises for a document: every finding is a :class:`~vcler.problems.Problem` in the returned
:class:`~vcler.results.VerificationResult`.

The two drivers differ only in where the documents come from: :class:`vcler.Verifier` hands the
steps its own source, which may block on the network; :class:`vcler.AsyncVerifier` first awaits
every document :func:`needed_documents` names, then hands the steps a source answering from
those (:class:`vcler.did.sources.Retrieved`), so nothing blocks on the event loop.

Spec: https://www.w3.org/TR/vc-data-model-2.0/#verification
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Mapping
from datetime import datetime, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from . import codes
from ._cache import BoundedCache
from ._datetime import parse_date_time
from ._documents import V1_CONTEXT, first_item, id_of, is_presentation, types_of
from ._envelopes import ENVELOPE_TYPES, envelope_kind_problem
from ._inputs import check_document
from ._json import check_json
from .context import VerificationContext
from .errors import ParsingError, VclerError
from .problems import Problem, json_pointer
from .results import ProofResult, StatusResult, VerificationResult

if TYPE_CHECKING:
    from .status import StatusListCache

__all__ = ["Caches", "Steps", "needed_documents"]

# How many dereferenced verification methods one verifier keeps.
METHOD_CACHE_SIZE = 256


class Caches:
    """What one verifier keeps across verifications: verification methods that cannot change
    (from a snapshot of supplied documents) and verified status lists. Thread-safe; each made
    on first use, so that a one-shot verification makes none."""

    def __init__(self) -> None:
        self._methods: BoundedCache[tuple[str, str], Mapping[str, Any]] | None = None
        self._status_lists: StatusListCache | None = None
        self._lock = threading.Lock()

    @property
    def methods(self) -> BoundedCache[tuple[str, str], Mapping[str, Any]]:
        with self._lock:
            if self._methods is None:
                self._methods = BoundedCache(METHOD_CACHE_SIZE)
            return self._methods

    @property
    def status_lists(self) -> StatusListCache:
        with self._lock:
            if self._status_lists is None:
                from .status import StatusListCache

                self._status_lists = StatusListCache()
            return self._status_lists


class Steps:
    """The verification of one document (and what it carries) under ``context``."""

    def __init__(self, context: VerificationContext, caches: Caches) -> None:
        self.context = context
        self.policy = context.policy
        self.caches = caches

    def verify(
        self,
        document: Any,
        *,
        challenge: str | None = None,
        domain: str | None = None,
        media_type: str | None = None,
        recipient: str | None = None,
    ) -> VerificationResult:
        """Verify a credential or presentation (or an envelope, or an Open Badges 2.0
        assertion, whose recipient is checked against ``recipient``); never raises for a bad
        one."""
        try:
            return self.run(
                document,
                challenge=challenge,
                domain=domain,
                now=self.context.now(),
                media_type=media_type,
                recipient=recipient,
            )
        except VclerError as error:  # a could-not-check inside a dependency: still a result
            found = error.to_problem()
        except Exception as error:
            found = Problem(
                codes.PARSING_ERROR,
                f"the document could not be processed ({type(error).__name__})",
                "",
                detail=str(error)[:200],
            )
        return VerificationResult.from_problems([found], document=_dict_or_none(document))

    def run(
        self,
        document: Any,
        *,
        challenge: str | None,
        domain: str | None,
        now: datetime,
        media_type: str | None = None,
        recipient: str | None = None,
    ) -> VerificationResult:
        """The steps, returning problems rather than raising (see :meth:`verify`)."""
        # Step 1: the input is a JSON object within limits, or an envelope (a JWS, an SD-JWT,
        # a COSE_Sign1, or an object carrying one in a data: URL) opened and verified first.
        # Open Badges 2.0 assertions (hosted JSON, the URL they are hosted at, a signed JWS)
        # are another data model, verified by their own steps.
        if hasattr(document, "model_dump"):
            document = document.model_dump(by_alias=True, exclude_unset=True, mode="json")
        if media_type is None and _is_v2(document):
            from .openbadges.v2 import verify_assertion

            return verify_assertion(document, context=self.context, recipient=recipient, now=now)
        if isinstance(document, (str, bytes)):
            return self.run_envelope(
                document, media_type=media_type, challenge=challenge, domain=domain, now=now
            )
        if not isinstance(document, dict):
            return VerificationResult.from_problems(
                [Problem(codes.PARSING_ERROR, "a credential or presentation must be a JSON object")]
            )
        try:
            check_json(document)
        except ParsingError as e:
            return VerificationResult.from_problems([e.to_problem()])
        if ENVELOPE_TYPES.intersection(types_of(document)):
            return self.run_enveloped(document, challenge=challenge, domain=domain, now=now)
        return self.run_document(document, challenge=challenge, domain=domain, now=now)

    def run_enveloped(
        self, document: dict[str, Any], *, challenge: str | None, domain: str | None, now: datetime
    ) -> VerificationResult:
        """An ``EnvelopedVerifiableCredential`` / ``EnvelopedVerifiablePresentation``: its
        ``data:`` URL opened, of the kind its type says.

        Spec: https://www.w3.org/TR/vc-data-model-2.0/#enveloped-verifiable-credentials
        """
        from .jose import MEDIA_TYPES, JoseError, open_data_url

        try:
            media_type, content = open_data_url(document.get("id"))
        except JoseError as e:
            found = check_document(
                document, loader=self.context.loader, jsonld=False, strict=self.policy.strict
            )
            problem = Problem(e.reason, e.message, "/id")
            return VerificationResult.from_problems(
                [*found.problems, problem], document=document, warnings=found.warnings
            )
        known = media_type in MEDIA_TYPES
        mismatch = envelope_kind_problem(document, media_type) if known else None
        if mismatch is not None:
            return VerificationResult.from_problems([mismatch], document=document)
        return self.run_envelope(
            content, media_type=media_type, challenge=challenge, domain=domain, now=now
        )

    def run_envelope(
        self,
        content: str | bytes,
        *,
        media_type: str | None,
        challenge: str | None,
        domain: str | None,
        now: datetime,
    ) -> VerificationResult:
        """A JOSE or COSE envelope verified (:func:`vcler.jose.open_envelope`), then what it
        secures checked as any credential or presentation is; a media type vcler does not
        verify, or the policy does not allow, is ``UNSUPPORTED_ENVELOPE``."""
        from .jose import Options, document_key_finder, normalize_media_type, open_envelope

        allowed = self.policy.allowed_envelopes
        if media_type is not None and allowed is not None:
            declared = normalize_media_type(media_type)
            if declared not in {normalize_media_type(m) for m in allowed}:
                problem = Problem(
                    codes.UNSUPPORTED_ENVELOPE,
                    f"the verification policy does not accept envelopes of type {declared!r}",
                )
                return VerificationResult.from_problems([problem])
        options = Options(
            find_key=document_key_finder(self.context, self.method_getter),
            now=now,
            clock_skew=self.policy.clock_skew,
            allowed_algorithms=self.policy.allowed_algorithms,
            challenge=challenge,
            domain=domain,
        )
        opened = open_envelope(content, options=options, media_type=media_type)
        if allowed is not None and opened.media_type not in {
            normalize_media_type(m) for m in allowed
        }:
            opened.proof.verified = False
            opened.proof.problems.append(
                Problem(
                    codes.UNSUPPORTED_ENVELOPE,
                    f"the verification policy does not accept envelopes of type "
                    f"{opened.media_type!r}",
                )
            )
        if opened.document is None:
            return VerificationResult.from_problems(opened.proof.problems, proofs=[opened.proof])
        return self.run_document(
            opened.document, challenge=challenge, domain=domain, now=now, envelope=opened.proof
        )

    def run_document(
        self,
        document: dict[str, Any],
        *,
        challenge: str | None,
        domain: str | None,
        now: datetime,
        envelope: ProofResult | None = None,
    ) -> VerificationResult:
        """A credential or presentation (JSON within limits): the data model, its proofs (or
        the ``envelope`` that secured it), validity, status, and what it carries."""
        strict = self.policy.strict
        presentation = is_presentation(document)
        # Step 2: the data model, and safe-mode JSON-LD unless the proofs do that below; Open
        # Badges / CLR deviations are warnings unless the policy is strict.
        validation = check_document(
            document, loader=self.context.loader, jsonld=not _rdfc_secured(document), strict=strict
        )
        problems = validation.problems
        warnings: list[Problem] = validation.warnings
        # Step 3: every proof, with the purpose the document's role requires.
        proofs = [envelope] if envelope is not None else []
        if envelope is None or "proof" in document:
            proofs += self.proofs(
                document, presentation=presentation, challenge=challenge, domain=domain, now=now
            )
        for proof in proofs:
            problems.extend(proof.problems)
        statuses: list[StatusResult] = []
        if presentation:
            # Step 4 (presentations): a challenge, as the policy asks.
            problems += self.challenge_problems(
                document, challenge, warnings, secured=envelope is not None
            )
        else:
            # Step 4: the validity period against the clock.
            problems.extend(_validity_problems(document, now=now, skew=self.policy.clock_skew))
            if self.policy.issuer_proofs == "any":
                problems += _issuer_proof_problems(document, proofs)
            # Step 5: revocation, suspension and other status entries.
            statuses = self.status(document, warnings)
            for status in statuses:
                problems.extend(status.problems)
                warnings.extend(status.warnings)
        # Step 6: every credential inside a presentation (or a CLR), each on its own.
        # Enveloped ones too: an envelope vcler cannot open fails, it is never skipped.
        credentials: list[VerificationResult] = []
        for pointer, item in _nested_credentials(document, presentation=presentation):
            nested = self.run(item, challenge=None, domain=None, now=now)
            credentials.append(nested)
            problems.extend(p.under(pointer) for p in nested.problems)
            warnings.extend(w.under(pointer) for w in nested.warnings)
            if presentation and self.policy.holder_binding == "subject":
                problems += _holder_binding_problems(document, item, pointer)
        return VerificationResult.from_problems(
            _dedupe(problems),
            document=document,
            proofs=proofs,
            credentials=credentials,
            status=statuses,
            warnings=_dedupe(warnings),
        )

    # -- proofs ----------------------------------------------------------------------------

    def proofs(
        self,
        document: dict[str, Any],
        *,
        presentation: bool,
        challenge: str | None,
        domain: str | None,
        now: datetime | None = None,
    ) -> list[ProofResult]:
        """Every proof, for the purpose and controller the document's role requires."""
        from .di import verify_proofs

        if "proof" not in document:
            problem = Problem(codes.MALFORMED_PROOF_ERROR, "the document has no proof", "/proof")
            return [ProofResult(verified=False, pointer="/proof", problems=[problem])]
        if presentation:
            purpose, controller = "authentication", id_of(document.get("holder"))
        else:
            purpose, controller = "assertionMethod", id_of(document.get("issuer"))
            challenge = domain = None
            # A proof set may carry others' proofs (an endorser's) when the policy allows.
            if self.policy.issuer_proofs != "all":
                controller = None
        return verify_proofs(
            document,
            context=self.context,
            get_verification_method=self.method_getter(controller),
            expected_purpose=purpose,
            challenge=challenge,
            domain=domain,
            now=now,
        )

    def method_getter(self, controller: str | None) -> Callable[..., Mapping[str, Any]]:
        """Retrieve Verification Method, requiring ``controller`` to control the method."""
        from .di.verification import require_controller

        def get(method_id: str, *, purpose: str) -> Mapping[str, Any]:
            return require_controller(self.method(method_id, purpose), method_id, controller)

        return get

    def method(self, method_id: str, purpose: str) -> Mapping[str, Any]:
        """The dereferenced method, remembered when nothing can change it.

        A did:key or did:jwk method read by the built-in resolvers is a pure function of its
        identifier, memoized for every verifier (so one-shot :func:`vcler.verify` calls
        benefit too). A method from the verifier's own copy of supplied documents cannot change
        while it lives: the verifier remembers it. Methods fetched over the network are left to
        the fetcher's Cache-Control cache.
        """
        stability = getattr(self.context.source, "stability", None)
        kind = stability(method_id.split("#", 1)[0]) if callable(stability) else None
        if kind == "derived":
            return _derived_method(method_id, purpose)
        if kind != "supplied":
            return self.dereference(method_id, purpose)
        key = (method_id, purpose)
        method = self.caches.methods.get(key)
        if method is None:
            method = self.dereference(method_id, purpose)
            self.caches.methods.put(key, method)
        return method

    def dereference(self, method_id: str, purpose: str) -> Mapping[str, Any]:
        from . import did

        return did.dereference_verification_method(
            method_id, source=self.context.source, purpose=purpose
        )

    # -- presentations ---------------------------------------------------------------------

    def challenge_problems(
        self,
        document: dict[str, Any],
        challenge: str | None,
        warnings: list[Problem],
        *,
        secured: bool = False,
    ) -> list[Problem]:
        """A presentation verified without a challenge can be a replay: refused when the
        policy requires a challenge, else a ``NO_CHALLENGE`` warning.

        Spec: https://www.w3.org/TR/vc-data-integrity/#proof-purposes (authentication)
        """
        if challenge is not None or not (secured or "proof" in document):
            return []
        if self.policy.require_challenge:
            return [
                Problem(
                    codes.INVALID_CHALLENGE_ERROR,
                    "the verifier requires a challenge, and none was given to check the "
                    "presentation against",
                    "/proof",
                )
            ]
        warnings.append(
            Problem(
                codes.NO_CHALLENGE,
                "the presentation was verified without a challenge, so it could be a replay of "
                "one made for another verifier",
                "/proof",
            )
        )
        return []

    # -- status ----------------------------------------------------------------------------

    def status(self, document: dict[str, Any], warnings: list[Problem]) -> list[StatusResult]:
        """Every ``credentialStatus`` entry, checked as the status policy says."""
        if "credentialStatus" not in document:
            return []
        if not self.policy.status.check:
            warnings.append(
                Problem(
                    codes.STATUS_NOT_CHECKED,
                    "the credential's status was not checked (status checks are off)",
                    "/credentialStatus",
                )
            )
            return []
        from .status import StatusChecker

        checker = StatusChecker(
            self.context, verify=self.verify_list, cache=self.caches.status_lists
        )
        return checker.check(document)

    def verify_list(self, document: dict[str, Any]) -> VerificationResult:
        """A status list credential, verified as any credential is."""
        return self.verify(document)


def needed_documents(document: Any, context: VerificationContext) -> set[str]:
    """The URLs the steps will ask the source for: the controller documents of every proof's
    verification method and, when status is checked, every status list, in ``document`` and
    the credentials it carries (envelopes too: the controller document their ``kid`` or
    issuer names, read from the token before it is verified); for an Open Badges 2.0
    assertion, the documents it names (the hosted copy, its BadgeClass, the signing key)."""
    if _is_v2(document):
        from .openbadges.v2 import referenced_urls

        if isinstance(document, str) and document.startswith(("https://", "http://")):
            return {document}
        return referenced_urls(document)
    urls: set[str] = set()
    for item in _documents_within(document, urls):
        proofs = item.get("proof")
        for proof in proofs if isinstance(proofs, list) else [proofs]:
            method = proof.get("verificationMethod") if isinstance(proof, dict) else None
            if isinstance(method, str) and method:
                urls.add(method.split("#", 1)[0])
        if context.policy.status.check:
            from .status.entry import status_entries

            for _, entry in status_entries(item):
                url = entry.get("statusListCredential") if isinstance(entry, dict) else None
                if isinstance(url, str):
                    urls.add(url)
    return urls


def _documents_within(document: Any, urls: set[str]) -> Iterator[dict[str, Any]]:
    """``document`` and, recursively, the credentials it carries; an envelope adds the
    controller documents of its key to ``urls`` and yields what it carries (unverified)."""
    if isinstance(document, (str, bytes)) or (
        isinstance(document, dict) and ENVELOPE_TYPES.intersection(types_of(document))
    ):
        from .jose.envelopes import peek

        found, document = peek(document)
        urls |= found
    if not isinstance(document, dict):
        return
    yield document
    for _, item in _nested_credentials(document, presentation=is_presentation(document)):
        yield from _documents_within(item, urls)


@lru_cache(maxsize=1024)
def _derived_method(method_id: str, purpose: str) -> Mapping[str, Any]:
    """A did:key or did:jwk verification method for ``purpose``, by the built-in resolvers:
    a pure function of its arguments, memoized (bounded; a failure is not remembered). The
    method is shared: it is read, never changed."""
    from . import did

    return did.dereference_verification_method(method_id, purpose=purpose)


@lru_cache(maxsize=1)
def _rdfc_names() -> tuple[frozenset[str], frozenset[str]]:
    """The cryptosuite names and legacy proof types of the suites that canonicalize with RDFC
    (and so run JSON-LD safe mode themselves), as each suite declares."""
    from .di.suites import DATA_INTEGRITY_PROOF, SUITES

    rdfc = [suite for suite in SUITES.values() if suite.json_ld]
    return (
        frozenset(s.cryptosuite for s in rdfc if s.cryptosuite is not None),
        frozenset(s.proof_type for s in rdfc if s.proof_type != DATA_INTEGRITY_PROOF),
    )


def _rdfc_secured(document: Mapping[str, Any]) -> bool:
    """True when every proof is by a suite that canonicalizes the document with RDFC."""
    cryptosuites, proof_types = _rdfc_names()
    proofs = document.get("proof")
    proofs = proofs if isinstance(proofs, list) else [proofs]
    for proof in proofs:
        if not isinstance(proof, dict):
            return False
        kind = proof.get("type")
        name = proof.get("cryptosuite") if kind == "DataIntegrityProof" else kind
        if not isinstance(name, str) or name not in (
            cryptosuites if kind == "DataIntegrityProof" else proof_types
        ):
            return False
    return bool(proofs)


def _issuer_proof_problems(document: Mapping[str, Any], proofs: list[ProofResult]) -> list[Problem]:
    """Under ``issuer_proofs="any"`` (the default): at least one verified proof by a key the
    issuer controls.

    Spec: https://www.w3.org/TR/vc-data-model-2.0/#issuer
    """
    issuer = id_of(document.get("issuer"))
    verified = [proof for proof in proofs if proof.verified]
    # A proof that failed says so already; this is about proofs that verified.
    if not verified or any(proof.controller == issuer for proof in verified):
        return []
    others = ", ".join(sorted({repr(p.controller) for p in verified}))
    return [
        Problem(
            codes.INVALID_VERIFICATION_METHOD,
            f"no proof verifies with a key controlled by the issuer {issuer!r} (the proofs "
            f"that verify are by {others})",
            "/proof",
        )
    ]


def _holder_binding_problems(
    presentation: Mapping[str, Any], credential: Any, pointer: str
) -> list[Problem]:
    """Under ``holder_binding="subject"``: the holder is a subject of the credential."""
    holder = id_of(presentation.get("holder"))
    subjects = credential.get("credentialSubject") if isinstance(credential, dict) else None
    ids = {id_of(s) for s in (subjects if isinstance(subjects, list) else [subjects])}
    if holder is not None and holder in ids:
        return []
    return [
        Problem(
            codes.HOLDER_NOT_SUBJECT,
            f"the holder {holder!r} is not a subject of this credential (the verification "
            "policy binds holders to subjects)",
            pointer + "/credentialSubject",
        )
    ]


def _nested_credentials(
    document: Mapping[str, Any], *, presentation: bool
) -> list[tuple[str, Any]]:
    """The credentials a document carries, with their JSON pointers.

    A presentation's ``verifiableCredential``; a CLR 2.0 credential's
    ``credentialSubject.verifiableCredential`` (its AchievementCredentials, each signed by its
    own issuer); and an Open Badges credential's ``endorsementJwt`` values (EndorsementCredentials
    as VC-JWTs) wherever its issuer, achievement or subject carries them.

    Spec: https://www.imsglobal.org/spec/clr/v2p0/#clrsubject
    Spec: https://www.imsglobal.org/spec/ob/v3p0/#profile (endorsementJwt)
    """
    if presentation:
        path: tuple[str, ...] = ("verifiableCredential",)
        items = document.get("verifiableCredential", [])
    elif "ClrCredential" in types_of(document) and isinstance(
        document.get("credentialSubject"), dict
    ):
        path = ("credentialSubject", "verifiableCredential")
        items = document["credentialSubject"].get("verifiableCredential", [])
    else:
        return _endorsement_jwts(document)
    if not isinstance(items, list):
        return [(json_pointer(*path), items)]
    found = [(json_pointer(*path, index), item) for index, item in enumerate(items)]
    return found + ([] if presentation else _endorsement_jwts(document))


# Where Open Badges 3.0 and CLR 2.0 objects carry endorsementJwt values.
_ENDORSEMENT_HOLDERS: tuple[tuple[str, ...], ...] = (
    (),
    ("issuer",),
    ("credentialSubject",),
    ("credentialSubject", "achievement"),
    ("credentialSubject", "achievement", "creator"),
)


def _endorsement_jwts(document: Mapping[str, Any]) -> list[tuple[str, Any]]:
    """Every ``endorsementJwt`` value of an Open Badges credential, with its pointer."""
    found: list[tuple[str, Any]] = []
    for path in _ENDORSEMENT_HOLDERS:
        holder: Any = document
        for name in path:
            holder = holder.get(name) if isinstance(holder, dict) else None
        values = holder.get("endorsementJwt") if isinstance(holder, dict) else None
        if isinstance(values, list):
            found += [
                (json_pointer(*path, "endorsementJwt", index), value)
                for index, value in enumerate(values)
                if isinstance(value, str)
            ]
    return found


def _is_v2(document: Any) -> bool:
    """An Open Badges 2.0 assertion: its JSON, a signed one's JWS, or a hosted one's URL."""
    from .openbadges.v2 import is_v2_assertion, signed_v2_payload

    if isinstance(document, dict):
        return is_v2_assertion(document)
    if isinstance(document, str) and document.startswith(("https://", "http://")):
        return True
    return isinstance(document, (str, bytes)) and signed_v2_payload(document) is not None


def _dict_or_none(value: Any) -> dict[str, Any] | None:
    return value if isinstance(value, dict) else None


def _dedupe(problems: list[Problem]) -> list[Problem]:
    return list(dict.fromkeys(problems)) if len(problems) > 1 else problems


def _validity_problems(
    document: Mapping[str, Any], *, now: datetime, skew: timedelta
) -> list[Problem]:
    """The validity period against ``now`` (the data model validator checks the formats).

    Spec: https://www.w3.org/TR/vc-data-model-2.0/#validity-period
    """
    if first_item(document.get("@context")) == V1_CONTEXT:
        start_name, end_name = "issuanceDate", "expirationDate"
    else:
        start_name, end_name = "validFrom", "validUntil"
    problems = []
    start = parse_date_time(document.get(start_name))
    if start is not None and now + skew < start:
        problems.append(
            Problem(
                codes.CREDENTIAL_NOT_YET_VALID,
                f"the credential is not valid before {document[start_name]}",
                json_pointer(start_name),
            )
        )
    end = parse_date_time(document.get(end_name))
    if end is not None and now - skew > end:
        problems.append(
            Problem(
                codes.CREDENTIAL_EXPIRED,
                f"the credential expired at {document[end_name]}",
                json_pointer(end_name),
            )
        )
    return problems
