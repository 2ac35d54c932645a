"""The verifying side of the recipes: :class:`Verifier`, which never raises for a document."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from ._datetime import parse_date_time
from ._documents import (
    V1_CONTEXT,
    check_document,
    first_item,
    id_of,
    is_presentation,
    types_of,
    utcnow,
)
from ._json import check_json
from .errors import InputError, ParsingError, ResolutionError, VclerError
from .results import Problem, ProofResult, StatusResult, VerificationResult, json_pointer

if TYPE_CHECKING:
    from .jsonld import StaticDocumentLoader

__all__ = ["DEFAULT_CLOCK_SKEW", "Verifier"]

#: How far a credential's validity period may be off the verifier's clock by default.
DEFAULT_CLOCK_SKEW = timedelta(minutes=5)

# Proofs whose verification turns the whole document into RDF in safe mode.
_RDFC_CRYPTOSUITES = frozenset({"eddsa-rdfc-2022", "ecdsa-rdfc-2019"})
_RDFC_PROOF_TYPES = frozenset({"Ed25519Signature2020"})


# DID methods whose document is derived from the DID itself (nothing to fetch, nothing changes).
_SELF_DESCRIBING_DIDS = ("did:key:", "did:jwk:")
# How many dereferenced verification methods one verifier keeps.
_METHOD_CACHE_SIZE = 256


class _MethodCache:
    """A bounded, thread-safe LRU map of one verifier's dereferenced verification methods.

    The methods are read-only to their users (proof verification reads the key material);
    the cache hands out the dictionaries it holds.
    """

    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict[tuple[str, str], dict[str, Any]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple[str, str]) -> dict[str, Any] | None:
        with self._lock:
            method = self._items.get(key)
            if method is not None:
                self._items.move_to_end(key)
            return method

    def put(self, key: tuple[str, str], method: dict[str, Any]) -> None:
        with self._lock:
            self._items[key] = method
            if len(self._items) > self.size:
                self._items.popitem(last=False)

    def __len__(self) -> int:
        return len(self._items)


def _rdfc_secured(document: Mapping[str, Any]) -> bool:
    """True when every proof is RDFC-based, so proof verification runs JSON-LD safe mode."""
    proofs = document.get("proof")
    proofs = proofs if isinstance(proofs, list) else [proofs]
    return bool(proofs) and all(
        isinstance(proof, dict)
        and (
            _named(proof.get("cryptosuite"), _RDFC_CRYPTOSUITES)
            or _named(proof.get("type"), _RDFC_PROOF_TYPES)
        )
        for proof in proofs
    )


def _named(value: Any, names: frozenset[str]) -> bool:
    """Whether ``value`` is one of ``names`` (any JSON value may stand where a name should)."""
    return isinstance(value, str) and value in names


class Verifier:
    """Verifies credentials and presentations under one configuration.

    ``documents`` are caller-supplied documents keyed by their ``id`` (DID documents,
    controller documents), used before anything is resolved, so that a credential from a
    did:web or https-controller issuer verifies fully offline. ``loader`` serves JSON-LD
    contexts (default: the bundled ones). ``now`` is the clock; ``clock_skew`` the allowance
    applied to validity periods. ``allowed_suites`` restricts the accepted cryptosuites.
    ``fetcher`` allows network lookups (did:web, https controller documents, status lists);
    without one, verification stays offline and says when a lookup was needed.
    ``check_status`` turns status list checks on (the default) or off;
    ``status_fail_closed`` decides whether a status that cannot be checked (list unreachable,
    invalid, wrong issuer) is a problem (the default) or a warning. ``strict`` makes the
    Open Badges / CLR deviations (from the 1EdTech JSON Schemas and rules, or a named schema
    vcler does not bundle) problems instead of warnings.
    """

    def __init__(
        self,
        *,
        documents: Mapping[str, Any] | None = None,
        loader: StaticDocumentLoader | None = None,
        now: datetime | Callable[[], datetime] | None = None,
        clock_skew: timedelta = DEFAULT_CLOCK_SKEW,
        allowed_suites: Sequence[str] | None = None,
        fetcher: Any = None,
        resolvers: Mapping[str, Any] | None = None,
        check_status: bool = True,
        status_fail_closed: bool = True,
        strict: bool = False,
    ) -> None:
        if documents is not None and not isinstance(documents, Mapping):
            raise InputError("documents must be a mapping from id to document")
        if isinstance(now, datetime) and now.tzinfo is None:
            raise InputError("now must be timezone-aware")
        self.documents = dict(documents or {})
        self.loader = loader
        self._now = now
        self.clock_skew = clock_skew
        self.allowed_suites = list(allowed_suites) if allowed_suites is not None else None
        self.fetcher = fetcher
        self.resolvers = resolvers
        # Verification methods that cannot change while this verifier lives (did:key, did:jwk
        # with the built-in resolvers, and the caller's own documents), kept for batches.
        self._methods = _MethodCache(_METHOD_CACHE_SIZE)
        self.check_status = check_status
        self.status_fail_closed = status_fail_closed
        self.strict = strict
        self._status_checker: Any = None

    def _status_checker_for_batch(self) -> Any:
        """The status checker, made on first need: one per verifier, so that its cache
        serves a whole batch of credentials (and credentials without status cost nothing)."""
        if self._status_checker is None:
            from .status import StatusChecker

            self._status_checker = StatusChecker(
                documents=self.documents,
                fetcher=self.fetcher,
                verify=self.verify,
                now=self.now,
                fail_closed=self.status_fail_closed,
            )
        return self._status_checker

    def now(self) -> datetime:
        """The verifier's current time."""
        if self._now is None:
            return utcnow()
        return self._now if isinstance(self._now, datetime) else self._now()

    def verify(
        self,
        document: Any,
        *,
        challenge: str | None = None,
        domain: str | None = None,
    ) -> VerificationResult:
        """Verify a credential or presentation; never raises for a bad document."""
        try:
            return self._verify(document, challenge=challenge, domain=domain, now=self.now())
        except VclerError as e:  # a could-not-check inside a dependency: still a result
            return VerificationResult.from_problems(
                [e.to_problem()], document=_dict_or_none(document)
            )
        except Exception as e:
            problem = Problem(
                "PARSING_ERROR",
                f"the document could not be processed ({type(e).__name__})",
                "",
                detail=str(e)[:200],
            )
            return VerificationResult.from_problems([problem], document=_dict_or_none(document))

    # The steps of verification, each returning problems rather than raising.

    def _verify(
        self, document: Any, *, challenge: str | None, domain: str | None, now: datetime
    ) -> VerificationResult:
        # Step 1: the input must be a JSON object within limits.
        if hasattr(document, "model_dump"):
            document = document.model_dump(by_alias=True, exclude_unset=True, mode="json")
        if not isinstance(document, dict):
            return VerificationResult.from_problems(
                [Problem("PARSING_ERROR", "a credential or presentation must be a JSON object")]
            )
        try:
            check_json(document)
        except ParsingError as e:
            return VerificationResult.from_problems([e.to_problem()])
        presentation = is_presentation(document)
        # Step 2: the data model, and safe-mode JSON-LD unless the proofs do that below.
        validation = check_document(
            document, loader=self.loader, jsonld=not _rdfc_secured(document), strict=self.strict
        )
        problems = validation.problems
        warnings: list[Problem] = validation.warnings
        # Step 3: every proof, with the purpose the document's role requires.
        if presentation:
            proofs = self._proofs(
                document,
                purpose="authentication",
                controller=id_of(document.get("holder")),
                challenge=challenge,
                domain=domain,
                now=now,
            )
        else:
            proofs = self._proofs(
                document,
                purpose="assertionMethod",
                controller=id_of(document.get("issuer")),
                challenge=None,
                domain=None,
                now=now,
            )
        for proof in proofs:
            problems.extend(proof.problems)
        # Step 4: the validity period against the clock.
        statuses: list[StatusResult] = []
        if not presentation:
            problems.extend(_validity_problems(document, now=now, skew=self.clock_skew))
            # Step 5: revocation, suspension and other status entries.
            if self.check_status and "credentialStatus" in document:
                statuses = self._status_checker_for_batch().check(document)
                for status in statuses:
                    problems.extend(status.problems)
                    warnings.extend(status.warnings)
        # Step 6: every credential inside a presentation (or a CLR), each on its own.
        credentials: list[VerificationResult] = []
        for pointer, item in _nested_credentials(document, presentation=presentation):
            if isinstance(item, dict) and item.get("type") == "EnvelopedVerifiableCredential":
                continue  # enveloped credentials are secured by their envelope (VC-JOSE)
            nested = self._verify(item, challenge=None, domain=None, now=now)
            credentials.append(nested)
            problems.extend(p.under(pointer) for p in nested.problems)
            warnings.extend(w.under(pointer) for w in nested.warnings)
        return VerificationResult.from_problems(
            _dedupe(problems),
            document=document,
            proofs=proofs,
            credentials=credentials,
            status=statuses,
            warnings=_dedupe(warnings),
        )

    def _proofs(
        self,
        document: dict[str, Any],
        *,
        purpose: str,
        controller: str | None,
        challenge: str | None,
        domain: str | None,
        now: datetime,
    ) -> list[ProofResult]:
        from .di import verify_proofs

        if "proof" not in document:
            return [
                ProofResult(
                    verified=False,
                    pointer="/proof",
                    problems=[
                        Problem("MALFORMED_PROOF_ERROR", "the document has no proof", "/proof")
                    ],
                )
            ]
        return list(
            verify_proofs(
                document,
                get_verification_method=self._method_getter(controller),
                loader=self.loader,
                expected_purpose=purpose,
                challenge=challenge,
                domain=domain,
                allowed_suites=self.allowed_suites,
                now=now,
            )
        )

    def _method_getter(self, controller: str | None) -> Callable[..., dict[str, Any]]:
        """Dereference verification methods, requiring ``controller`` to control them."""

        def get(method_id: str, *, purpose: str) -> dict[str, Any]:
            method = self._method(method_id, purpose)
            if controller is not None and method.get("controller") != controller:
                raise ResolutionError(
                    f"verification method {method_id} is controlled by "
                    f"{method.get('controller')!r}, not by {controller!r}",
                    error="INVALID_VERIFICATION_METHOD",
                )
            return method

        return get

    def _method(self, method_id: str, purpose: str) -> dict[str, Any]:
        """The dereferenced method, remembered when nothing can change it.

        A method from a supplied document cannot change during this verifier's life: this
        verifier remembers it. A did:key or did:jwk method read by the built-in resolvers is
        a pure function of its identifier, memoized for every verifier (so one-shot
        :func:`vcler.verify` calls benefit too). Methods fetched over the network are left to
        the fetcher's Cache-Control cache.
        """
        controller_url = method_id.split("#", 1)[0]
        if controller_url not in self.documents:
            if self.resolvers is None and controller_url.startswith(_SELF_DESCRIBING_DIDS):
                return _derived_method(method_id, purpose)
            return self._dereference(method_id, purpose)
        method = self._methods.get((method_id, purpose))
        if method is None:
            method = self._dereference(method_id, purpose)
            self._methods.put((method_id, purpose), method)
        return method

    def _dereference(self, method_id: str, purpose: str) -> dict[str, Any]:
        from .did import dereference_verification_method

        return dereference_verification_method(
            method_id,
            documents=self.documents,
            resolvers=self.resolvers,
            fetcher=self.fetcher,
            purpose=purpose,
        )


@lru_cache(maxsize=1024)
def _derived_method(method_id: str, purpose: str) -> dict[str, Any]:
    """A did:key or did:jwk verification method for ``purpose``, by the built-in resolvers:
    a pure function of its arguments, memoized (bounded; a failure is not remembered). The
    method is shared: it is read, never changed."""
    from .did import dereference_verification_method

    return dereference_verification_method(method_id, purpose=purpose)


def _nested_credentials(
    document: Mapping[str, Any], *, presentation: bool
) -> list[tuple[str, Any]]:
    """The credentials a document carries, with their JSON pointers.

    A presentation's ``verifiableCredential``; a CLR 2.0 credential's
    ``credentialSubject.verifiableCredential`` (its AchievementCredentials, each signed by its
    own issuer).

    Spec: https://www.imsglobal.org/spec/clr/v2p0/#clrsubject
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
        return []
    if not isinstance(items, list):
        return [(json_pointer(*path), items)]
    return [(json_pointer(*path, index), item) for index, item in enumerate(items)]


def _dict_or_none(value: Any) -> dict[str, Any] | None:
    return value if isinstance(value, dict) else None


def _dedupe(problems: list[Problem]) -> list[Problem]:
    return list(dict.fromkeys(problems))


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
                "CREDENTIAL_NOT_YET_VALID",
                f"the credential is not valid before {document[start_name]}",
                json_pointer(start_name),
            )
        )
    end = parse_date_time(document.get(end_name))
    if end is not None and now - skew > end:
        problems.append(
            Problem(
                "CREDENTIAL_EXPIRED",
                f"the credential expired at {document[end_name]}",
                json_pointer(end_name),
            )
        )
    return problems
