"""The generic Data Integrity algorithms that check a document: Verify Proof and Verify Proof
Sets and Chains, run over any :class:`~vcler.di.suites.Cryptosuite`.

:func:`verify_proofs` returns one :class:`~vcler.results.ProofResult` per proof and never
raises for a bad document: every problem is a :class:`~vcler.results.Problem` with the
specification's error code and a JSON pointer (``/proof`` or ``/proof/N`` + ``/member``).

Within one call nothing is computed twice: proofs that share a transformation (the same
canonicalization, hash algorithm and covered proofs) share the canonical document, and one
document loader (with its processed-context cache) serves the whole call. Nothing is cached
across calls.

Spec: https://www.w3.org/TR/vc-data-integrity/#verify-proof
Spec: https://www.w3.org/TR/vc-data-integrity/#verify-proof-sets-and-chains
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from .. import codes
from .._datetime import parse_date_time
from .._seam import DocumentSource
from ..errors import InputError, MalformedProofError, ResolutionError, VclerError
from ..jsonld import StaticDocumentLoader, default_loader
from ..keys import PublicKey
from ..results import Problem, ProofResult
from ._contexts import context_problems
from .purposes import domain_set, purpose_problems
from .suites import DATA_INTEGRITY_PROOF, SUITES, Cryptosuite
from .suites import suite_of_proof as _suite_of_proof
from .verification_methods import public_key_of

if TYPE_CHECKING:
    from ..context import VerificationContext

__all__ = ["GetVerificationMethod", "method_getter", "require_controller", "verify_proofs"]

#: ``get_verification_method(vm_id, *, purpose=...)`` returns the verification method (a JSON
#: object) once it is known to be controlled and authorized for ``purpose``, and raises a
#: :class:`vcler.errors.VclerError` otherwise.
GetVerificationMethod = Callable[..., Mapping[str, Any]]


def require_controller(
    method: Mapping[str, Any], method_id: str, controller: str | None
) -> Mapping[str, Any]:
    """``method``, when ``controller`` (an issuer or holder) controls it or is ``None``;
    ``INVALID_VERIFICATION_METHOD`` otherwise.

    Spec: https://www.w3.org/TR/vc-data-model-2.0/#issuer (the issuer's proof)
    """
    if controller is not None and method.get("controller") != controller:
        raise ResolutionError(
            f"verification method {method_id} is controlled by {method.get('controller')!r}, "
            f"not by {controller!r}",
            error=codes.INVALID_VERIFICATION_METHOD,
        )
    return method


def method_getter(
    source: DocumentSource, *, controller: str | None = None
) -> GetVerificationMethod:
    """Retrieve Verification Method over a document ``source``; with ``controller``, the
    method must be controlled by it.

    Spec: https://www.w3.org/TR/cid-1.0/#retrieve-verification-method
    """
    from ..did import dereference_verification_method

    def get(method_id: str, *, purpose: str) -> Mapping[str, Any]:
        method = dereference_verification_method(method_id, source=source, purpose=purpose)
        return require_controller(method, method_id, controller)

    return get


MALFORMED = codes.MALFORMED_PROOF_ERROR
VERIFICATION = codes.PROOF_VERIFICATION_ERROR
PARSING = codes.PARSING_ERROR


def _error_problems(error: VclerError) -> list[Problem]:
    """Every problem an error carries (JSON-LD errors can carry several)."""
    problems: list[Problem] = list(getattr(error, "problems", None) or [])
    return problems or [error.to_problem()]


def _unsupported_problem(
    proof: Mapping[str, Any], suites: Mapping[str, Cryptosuite]
) -> Problem | None:
    """``UNSUPPORTED_CRYPTOSUITE`` for a proof of a type or cryptosuite vcler does not
    implement, said before any of its fields is checked (their rules are that suite's).

    A proof whose ``type`` (or ``cryptosuite``) is missing or not a string is left to the
    field checks, which call it malformed.
    """
    proof_type = proof.get("type")
    if not isinstance(proof_type, str) or not proof_type:
        return None
    suite = _suite_of_proof(proof, suites)
    if suite is not None and not suite.installed():
        return Problem(
            codes.UNSUPPORTED_CRYPTOSUITE,
            f"{suite.name} needs the optional extra {suite.extra} (pip install "
            f"'vcler[{suite.extra}]'), which is not installed: this proof was not checked",
            "/cryptosuite" if suite.cryptosuite is not None else "/type",
        )
    if suite is not None:
        return None
    if proof_type == DATA_INTEGRITY_PROOF:
        name = proof.get("cryptosuite")
        if not isinstance(name, str) or not name:
            return None
        what, member = f"the cryptosuite {name!r}", "/cryptosuite"
    else:
        what, member = f"the proof type {proof_type!r}", "/type"
    known = ", ".join(sorted(suites))
    return Problem(
        codes.UNSUPPORTED_CRYPTOSUITE,
        f"{what} is not supported by vcler, so this proof was not checked (supported: {known})",
        member,
    )


def _required_problems(proof: Mapping[str, Any], signature: str = "proofValue") -> list[Problem]:
    """Verify Proof, step 4: the members every proof needs, as non-empty strings.

    Spec: https://www.w3.org/TR/vc-data-integrity/#verify-proof
    Spec: https://www.w3.org/TR/vc-data-integrity/#dataintegrityproof (cryptosuite)
    """
    members = ["type", "verificationMethod", "proofPurpose", signature]
    if proof.get("type") == "DataIntegrityProof":
        members.append("cryptosuite")
    problems = []
    for member in members:
        value = proof.get(member)
        if not isinstance(value, str) or not value:
            state = "lacks" if member not in proof else "has a malformed"
            problems.append(Problem(MALFORMED, f"the proof {state} {member!r}", "/" + member))
    if "id" in proof and not isinstance(proof["id"], str):
        problems.append(Problem(MALFORMED, "the proof's id must be a URL string", "/id"))
    return problems


def _date_problems(proof: Mapping[str, Any], now: datetime) -> list[Problem]:
    """``created`` and ``expires`` must be XSD dateTimes; the proof must not have expired.

    Spec: https://www.w3.org/TR/vc-data-integrity/#proofs (created, expires)
    """
    problems = []
    if "created" in proof and parse_date_time(proof["created"]) is None:
        problems.append(
            Problem(MALFORMED, "the proof's created is not an XSD dateTime", "/created")
        )
    if "expires" in proof:
        expires = parse_date_time(proof["expires"])
        if expires is None:
            problems.append(
                Problem(MALFORMED, "the proof's expires is not an XSD dateTime", "/expires")
            )
        elif expires <= now:
            problems.append(
                Problem(MALFORMED, f"the proof expired at {proof['expires']}", "/expires")
            )
    return problems


class _Verification:
    """The state of one :func:`verify_proofs` call (never shared between calls)."""

    def __init__(
        self,
        document: dict[str, Any],
        *,
        get_verification_method: GetVerificationMethod,
        loader: StaticDocumentLoader,
        expected_purpose: str | None,
        challenge: str | None,
        domain: frozenset[str] | None,
        suites: Mapping[str, Cryptosuite],
        allowed: frozenset[str] | None,
        now: datetime,
    ) -> None:
        self.document = document
        proof = document["proof"]
        self.single = not isinstance(proof, list)
        self.all_proofs: list[Any] = [proof] if self.single else list(proof)
        self.get_verification_method = get_verification_method
        self.loader = loader
        self.expected_purpose = expected_purpose
        self.challenge = challenge
        self.domain = domain
        self.suites = suites
        self.allowed = allowed
        self.now = now
        # (transformation, hash algorithm, covered proofs, @context) → canonical text | problems
        self.transformed: dict[tuple[Any, ...], str | list[Problem]] = {}
        # index → indices of the proofs it chains to
        self.chains: dict[int, list[int]] = {}
        # verification method id → its controller, as retrieved
        self.controllers: dict[str, str] = {}

    def pointer(self, index: int) -> str:
        return "/proof" if self.single else f"/proof/{index}"

    # Verify Proof Sets and Chains, step 3.2
    def matching_proofs(self, proof: Mapping[str, Any]) -> list[int] | Problem:
        """Indices of the proofs ``proof`` names in ``previousProof``, in document order.

        Spec: https://www.w3.org/TR/vc-data-integrity/#verify-proof-sets-and-chains
        """
        if "previousProof" not in proof:
            return []
        value = proof["previousProof"]
        wanted = [value] if isinstance(value, str) else value
        if (
            not isinstance(wanted, list)
            or not wanted
            or not all(isinstance(w, str) for w in wanted)
        ):
            return Problem(
                MALFORMED, "previousProof must be a proof id or a list of ids", "/previousProof"
            )
        ids = [p.get("id") if isinstance(p, Mapping) else None for p in self.all_proofs]
        for proof_id in wanted:
            if proof_id not in ids:
                return Problem(
                    MALFORMED,
                    f"previousProof {proof_id!r} names no proof of the document",
                    "/previousProof",
                )
        return [i for i, proof_id in enumerate(ids) if proof_id in wanted]

    def verification_method(
        self, proof: Mapping[str, Any], suite: Cryptosuite
    ) -> PublicKey | Problem:
        """Retrieve Verification Method, then read its key for ``suite``.

        Spec: https://www.w3.org/TR/vc-data-integrity/#retrieve-verification-method
        """
        identifier, purpose = proof["verificationMethod"], proof["proofPurpose"]
        try:
            method = self.get_verification_method(identifier, purpose=purpose)
        except VclerError as error:
            # The codes of Retrieve Verification Method pass through unchanged; any other
            # failure (a DID that does not resolve, a fetch refused) makes the method invalid,
            # with the underlying code as the detail.
            code = getattr(error, "error", None) or error.code
            passed = code in codes.VERIFICATION_METHOD_CODES
            return Problem(
                code if passed else codes.INVALID_VERIFICATION_METHOD,
                f"the verification method {identifier!r} could not be used: {error.message}",
                "/verificationMethod",
                None if passed else f"{code}",
            )
        except Exception as error:  # a caller's resolver may raise anything
            return Problem(
                codes.INVALID_VERIFICATION_METHOD,
                f"the verification method {identifier!r} could not be retrieved",
                "/verificationMethod",
                f"{type(error).__name__}: {error}",
            )
        if isinstance(method, (dict, Mapping)) and isinstance(method.get("controller"), str):
            self.controllers[identifier] = method["controller"]
        return public_key_of(method, suite=suite, now=self.now)

    def unsecured_document(
        self, covered: list[int], proof: Mapping[str, Any], suite: Cryptosuite
    ) -> dict[str, Any]:
        """The document the proof secures: without proofs, plus the proofs it chains to.

        Spec: https://www.w3.org/TR/vc-data-integrity/#verify-proof-sets-and-chains (step 3.3)
        Spec: https://www.w3.org/TR/vc-di-eddsa/#verify-proof-eddsa-jcs-2022 (step 4.2)
        """
        document = {key: value for key, value in self.document.items() if key != "proof"}
        if covered:
            document["proof"] = [self.all_proofs[i] for i in covered]
        if suite.embeds_context and "@context" in proof:
            document["@context"] = proof["@context"]
        return document

    def transform(
        self, suite: Cryptosuite, hash_algorithm: str, document: dict[str, Any], proof_key: Any
    ) -> str | list[Problem]:
        """The transformed ``document`` (the unsecured document of the proof), computed once
        per distinct transformation in a call; ``proof_key`` says what of the proof decides
        the unsecured document (see :meth:`unsecured_document`)."""
        key = (suite.transformation, hash_algorithm, proof_key)
        found = self.transformed.get(key)
        if found is None:
            assert suite.transformation is not None
            try:
                found = suite.transformation(
                    document, hash_algorithm=hash_algorithm, loader=self.loader
                )
            except VclerError as error:
                found = _error_problems(error)
            if not self.single:  # only a proof set or chain can share a transformation
                self.transformed[key] = found
        return found

    def problems(self, index: int, proof: Any) -> list[Problem]:
        """Every problem of the proof at ``index`` (pointers relative to the document)."""
        at = self.pointer(index)
        # Verify Proof, step 2: a proof is a map.
        if not isinstance(proof, (dict, Mapping)):
            return [Problem(PARSING, "a proof must be a JSON object", at)]
        # The cryptosuite instance for the proof; (vcler) a proof of a kind vcler cannot check
        # says so, before any field check.
        suite = _suite_of_proof(proof, self.suites)
        unsupported = (
            _unsupported_problem(proof, self.suites)
            if suite is None or not suite.installed()
            else None
        )
        if unsupported is not None:
            return [unsupported.under(at)]
        # Step 4: the required members.
        problems = _required_problems(proof, suite.proof_value if suite else "proofValue")
        if problems:
            return [p.under(at) for p in problems]
        if suite is None:
            member = "/cryptosuite" if proof["type"] == "DataIntegrityProof" else "/type"
            name = proof.get("cryptosuite") if member == "/cryptosuite" else proof["type"]
            return [Problem(MALFORMED, f"unknown cryptosuite {name!r}", at + member)]
        if self.allowed is not None and suite.name not in self.allowed:
            return [Problem(VERIFICATION, f"the cryptosuite {suite.name} is not allowed", at)]
        # Steps 5-7 (purpose, domain, challenge), created and expires.
        problems = [
            *_date_problems(proof, self.now),
            *purpose_problems(
                proof,
                expected_purpose=self.expected_purpose,
                challenge=self.challenge,
                domain=self.domain,
            ),
        ]
        # Proof chains: the proofs this one covers.
        covered = self.matching_proofs(proof)
        if isinstance(covered, Problem):
            problems.append(covered)
            covered = []
        problems = [p.under(at) for p in problems]
        problems += context_problems(self.document, proof, suite, at=at)
        if problems:
            return problems
        self.chains[index] = covered
        return self.cryptographic_problems(proof, suite, covered, at)

    def cryptographic_problems(
        self, proof: Mapping[str, Any], suite: Cryptosuite, covered: list[int], at: str
    ) -> list[Problem]:
        """Verify Proof (the suite's algorithm): key, transformation, hashing, verification.

        Spec: https://www.w3.org/TR/vc-di-eddsa/#verify-proof-eddsa-rdfc-2022
        Spec: https://www.w3.org/TR/vc-di-ecdsa/#verify-proof-ecdsa-rdfc-2019
        """
        public_key = self.verification_method(proof, suite)
        if isinstance(public_key, Problem):
            return [public_key.under(at)]
        hash_algorithm = suite.hash_algorithms[public_key.type]
        # Steps 1, 4: the unsecured document, transformed (shared by proofs that can share it).
        document = self.unsecured_document(covered, proof, suite)
        if suite.verify_proof is not None:  # a suite with its own Verify Proof algorithm
            try:
                problems = suite.verify_proof(
                    document,
                    proof,
                    public_key=public_key,
                    hash_algorithm=hash_algorithm,
                    loader=self.loader,
                )
            except VclerError as error:
                return _error_problems(error)
            return [p.under(at) for p in problems]
        assert suite.proof_configuration and suite.hashing and suite.verification
        context = proof.get("@context") if suite.embeds_context else None
        proof_key = (
            tuple(covered),
            None if self.single or context is None else json.dumps(context, sort_keys=True),
        )
        transformed = self.transform(suite, hash_algorithm, document, proof_key)
        if isinstance(transformed, list):
            return transformed
        # Steps 2, 5: the proof options without proofValue, as the canonical configuration.
        options = {key: value for key, value in proof.items() if key != suite.proof_value}
        try:
            canonical_proof_config = suite.proof_configuration(
                options, document=document, hash_algorithm=hash_algorithm, loader=self.loader
            )
        except VclerError as error:
            return [p.under(at) for p in _error_problems(error)]
        # Step 6: the hash data.
        hash_data = suite.hashing(
            transformed, canonical_proof_config, hash_algorithm=hash_algorithm
        )
        # Steps 3, 7: decode the proof value and verify it.
        try:
            verified = suite.verification(
                hash_data, proof[suite.proof_value], public_key=public_key
            )
        except MalformedProofError as error:
            return [error.to_problem().under(at)]
        if not verified:
            return [
                Problem(
                    VERIFICATION, "the proof value does not verify", at + "/" + suite.proof_value
                )
            ]
        return []

    def result(self, index: int, proof: Any) -> ProofResult:
        """The result for one proof; no exception escapes (the boundary of every suite)."""
        at = self.pointer(index)
        try:
            problems = self.problems(index, proof)
        except Exception as error:  # any failure is a problem of this proof, never a crash
            problems = [
                Problem(
                    VERIFICATION,
                    "unexpected error while verifying the proof",
                    at,
                    f"{type(error).__name__}: {error}",
                )
            ]
        fields = proof if isinstance(proof, (dict, Mapping)) else {}

        def text(member: str) -> str | None:
            value = fields.get(member)
            return value if isinstance(value, str) else None

        method_id = text("verificationMethod")
        return ProofResult(
            verified=not problems,
            pointer=at,
            type=text("type"),
            cryptosuite=text("cryptosuite"),
            verification_method=method_id,
            proof_purpose=text("proofPurpose"),
            created=text("created"),
            controller=self.controllers.get(method_id) if method_id is not None else None,
            problems=problems,
        )


def _propagate_chains(results: list[ProofResult], chains: Mapping[int, list[int]]) -> None:
    """A chained proof is verified only if every proof it covers is.

    Spec: https://www.w3.org/TR/vc-data-integrity/#verify-proof-sets-and-chains
    """
    changed = True
    while changed:
        changed = False
        for index, covered in chains.items():
            result = results[index]
            if not result.verified:
                continue
            failed = [results[i].pointer for i in covered if not results[i].verified]
            if failed:
                result.problems.append(
                    Problem(
                        VERIFICATION,
                        f"a proof this proof chains to did not verify ({', '.join(failed)})",
                        result.pointer + "/previousProof",
                    )
                )
                result.verified = False
                changed = True


def _allowed_suites(
    allowed_suites: Iterable[str | Cryptosuite] | None,
) -> tuple[Mapping[str, Cryptosuite], frozenset[str] | None]:
    """The suites known to a call and the names allowed (``None``: all of them)."""
    if allowed_suites is None:
        return SUITES, None
    if isinstance(allowed_suites, str | Cryptosuite):
        allowed_suites = [allowed_suites]
    suites = dict(SUITES)
    names = set()
    for entry in allowed_suites:
        if isinstance(entry, Cryptosuite):
            suites[entry.name] = entry
            names.add(entry.name)
        elif isinstance(entry, str):
            names.add(entry)
        else:
            raise InputError("allowed_suites holds suite names or Cryptosuite values")
    return suites, frozenset(names)


def verify_proofs(
    document: Any,
    *,
    context: VerificationContext | None = None,
    get_verification_method: GetVerificationMethod | None = None,
    controller: str | None = None,
    loader: StaticDocumentLoader | None = None,
    expected_purpose: str | None = "assertionMethod",
    challenge: str | None = None,
    domain: str | Sequence[str] | None = None,
    allowed_suites: Iterable[str | Cryptosuite] | None = None,
    now: datetime | None = None,
) -> list[ProofResult]:
    """Verify every Data Integrity proof of ``document``: one result per proof.

    Never raises for a bad document (a non-object document, or a ``proof`` that is not an
    object or list, is one failed result with ``PARSING_ERROR``); a document without proofs
    gives an empty list. Raises :class:`~vcler.errors.InputError` only for misuse of the
    arguments.

    - ``context``: a :class:`~vcler.context.VerificationContext`, which supplies the document
      source verification methods are retrieved from, the loader, the clock (``now`` given too
      is the moment of this verification) and the allowed suites (then ``loader`` and
      ``allowed_suites`` must not be given).
    - ``get_verification_method(vm_id, *, purpose=...)``: the verification method, already
      checked to be controlled by its controller and authorized for ``purpose``; it raises a
      :class:`~vcler.errors.VclerError` when not (``vcler.did.dereference_verification_method``
      fits). Default with a context: :func:`method_getter` over its source.
    - ``controller``: the issuer or holder every proof's method must be controlled by
      (``None``: any controller; each result says which in ``controller``).
    - ``expected_purpose``: the ``proofPurpose`` every proof must have (``None``: any).
    - ``challenge`` / ``domain``: when given, each proof must carry the same challenge / the
      same set of domains.
    - ``allowed_suites``: suite names (or :class:`Cryptosuite` values, which also make a suite
      of your own known to the call) a proof may use; ``None`` allows every registered suite.
    - ``now``: the time ``expires`` (and verification methods' ``expires``/``revoked``) are
      compared with; default the current time.

    Spec: https://www.w3.org/TR/vc-data-integrity/#verify-proof
    Spec: https://www.w3.org/TR/vc-data-integrity/#verify-proof-sets-and-chains
    """
    if context is not None:
        if loader is not None or allowed_suites is not None:
            raise InputError("with a context, the loader and allowed_suites come from it")
        loader = context.loader
        now = now or context.now()
        allowed_suites = context.policy.allowed_suites
        if get_verification_method is None:
            get_verification_method = method_getter(context.source, controller=controller)
    elif get_verification_method is not None and controller is not None:
        # A new name, not a def over the parameter: mypyc cannot compile that redefinition.
        inner = get_verification_method
        expected = controller

        def checked(method_id: str, *, purpose: str) -> Mapping[str, Any]:
            return require_controller(inner(method_id, purpose=purpose), method_id, expected)

        get_verification_method = checked

    if not callable(get_verification_method):
        raise InputError("get_verification_method must be callable (or pass a context)")
    if expected_purpose is not None and not isinstance(expected_purpose, str):
        raise InputError("expected_purpose must be a string or None")
    if challenge is not None and not isinstance(challenge, str):
        raise InputError("challenge must be a string or None")
    expected_domain = domain_set(domain) if domain is not None else None
    suites, allowed = _allowed_suites(allowed_suites)
    moment = now or datetime.now(timezone.utc)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    # Verify Proof, steps 1-2: the secured document is a map with a proof.
    if not isinstance(document, dict):
        return [
            ProofResult(
                False, "", problems=[Problem(PARSING, "the document must be a JSON object")]
            )
        ]
    if "proof" not in document or document["proof"] == []:
        return []
    if not isinstance(document["proof"], dict | list):
        problem = Problem(PARSING, "proof must be an object or a list of objects", "/proof")
        return [ProofResult(False, "/proof", problems=[problem])]
    verification = _Verification(
        document,
        get_verification_method=get_verification_method,
        loader=loader or default_loader(),
        expected_purpose=expected_purpose,
        challenge=challenge,
        domain=expected_domain,
        suites=suites,
        allowed=allowed,
        now=moment,
    )
    # Verify Proof Sets and Chains, step 3: each proof in turn.
    results = [
        verification.result(index, proof) for index, proof in enumerate(verification.all_proofs)
    ]
    _propagate_chains(results, verification.chains)
    return results
