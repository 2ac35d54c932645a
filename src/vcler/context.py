"""What a verification runs under, in one frozen value: :class:`VerificationContext`.

Everything that varies between verifiers is here and nowhere else, so that it travels as one
argument instead of loose keywords through every layer (the model is ssi's
``VerificationParameters``):

- the **document source** every external document comes through (supplied documents, DID
  resolution, the network: :class:`vcler.did.sources.Documents`);
- the JSON-LD **document loader** (bundled contexts; ``None`` means the default loader);
- the **clock**;
- the **policy** (:class:`VerificationPolicy`): allowed cryptosuites and envelopes, clock
  skew, the status policy (:class:`StatusPolicy`), strictness, challenges, holder and issuer
  binding.

The recipes (:func:`vcler.verify`, :class:`vcler.Verifier`) build one from their keyword
arguments with :meth:`VerificationContext.create`; :class:`vcler.Verifier`, proof
verification (:func:`vcler.di.verify_proofs`), the DID dereferencer and the status checker
take it. Every field has the default argued in ``docs/verification-policy.md``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any, Literal

from ._seam import AsyncJsonFetcher, DocumentSource, JsonFetcher
from .errors import InputError

if TYPE_CHECKING:
    from .di.suites import Cryptosuite
    from .did.resolver import MethodResolver
    from .jsonld import StaticDocumentLoader

__all__ = [
    "DEFAULT_CLOCK_SKEW",
    "StatusPolicy",
    "VerificationContext",
    "VerificationPolicy",
]

#: How far a credential's validity period may be off the verifier's clock by default.
DEFAULT_CLOCK_SKEW = timedelta(minutes=5)

#: Whose status lists a verifier accepts: the credential's own issuer's only, any issuer's,
#: or the credential's issuer's and those named.
ListIssuers = Literal["credential", "any"] | frozenset[str]


def _utcnow() -> datetime:
    return datetime.now(timezone.utc)


@dataclass(frozen=True)
class StatusPolicy:
    """How ``credentialStatus`` entries are checked.

    - ``check``: check them at all (off: a ``STATUS_NOT_CHECKED`` warning says so).
    - ``fail_closed``: a status that could not be checked (list unreachable, invalid, not
      trusted) is a problem (``True``) or a warning (``False``). An entry of a type vcler does
      not implement is a problem either way.
    - ``list_issuers``: whose lists are trusted. ``"credential"`` (the default): only lists
      issued by the credential's own issuer. ``"any"``: any issuer whose list verifies. A set
      of ids: the credential's issuer and those.
    - ``list_id_must_match``: the list credential's ``id`` must be the URL the entry names (the
      default). Off, a list published at several URLs is accepted at each of them.
    - ``minimum_entries``: the smallest list accepted (``None``: the specification's 131,072).

    Spec: https://www.w3.org/TR/vc-bitstring-status-list/#validate-algorithm
    """

    check: bool = True
    fail_closed: bool = True
    list_issuers: ListIssuers = "credential"
    list_id_must_match: bool = True
    minimum_entries: int | None = None

    def __post_init__(self) -> None:
        issuers = self.list_issuers
        if not (issuers in ("credential", "any") or isinstance(issuers, frozenset)):
            raise InputError('list_issuers is "credential", "any" or a frozenset of issuer ids')
        if self.minimum_entries is not None and self.minimum_entries < 1:
            raise InputError("minimum_entries must be a positive number of entries")

    def trusts_list_issuer(self, list_issuer: str | None, credential_issuer: str | None) -> bool:
        """Whether a list issued by ``list_issuer`` may decide the status of a credential of
        ``credential_issuer``."""
        if self.list_issuers == "any":
            return list_issuer is not None
        if list_issuer is not None and list_issuer == credential_issuer:
            return True
        return isinstance(self.list_issuers, frozenset) and list_issuer in self.list_issuers


@dataclass(frozen=True)
class VerificationPolicy:
    """What a verifier accepts.

    - ``allowed_suites``: cryptosuite names (or :class:`~vcler.di.suites.Cryptosuite` values,
      which also make a suite of your own known) a proof may use; ``None``: every suite vcler
      implements.
    - ``clock_skew``: the allowance applied to validity periods.
    - ``status``: the :class:`StatusPolicy`.
    - ``strict``: Open Badges / CLR deviations (from the 1EdTech JSON Schemas, from the data
      model rules vcler checks beyond them, a named schema vcler does not bundle) are problems
      instead of warnings.
    - ``require_challenge``: a presentation must be verified against a challenge (without one,
      verification fails); off, a presentation verified without one gets a ``NO_CHALLENGE``
      warning.
    - ``holder_binding``: ``"subject"`` requires a presentation's holder to be the subject of
      every credential it presents; ``"none"`` (the default) does not.
    - ``issuer_proofs``: whose keys a credential's proofs may be by. ``"any"`` (the default):
      at least one proof by a key the issuer controls; the others (an endorser's proof in a
      proof set or chain, say) must verify against their own controllers. ``"all"``: every
      proof by a key of the issuer's. ``"none"``: no binding at all, each proof verifies
      against its own controller (for suites of test vectors, whose keys are not their
      issuers').
    - ``allowed_envelopes``: the media types of envelopes accepted (``"application/vc+jwt"``,
      ``"vc+sd-jwt"``...); ``None``: every one vcler verifies (see :mod:`vcler.jose`).
    - ``allowed_algorithms``: the JOSE algorithm names an envelope may be signed with
      (``"ES256"``, ``"EdDSA"``...); ``None``: every one vcler verifies. ``none`` and HMAC
      algorithms are never accepted.
    """

    allowed_suites: tuple[str | Cryptosuite, ...] | None = None
    clock_skew: timedelta = DEFAULT_CLOCK_SKEW
    status: StatusPolicy = field(default_factory=StatusPolicy)
    strict: bool = False
    require_challenge: bool = False
    holder_binding: Literal["none", "subject"] = "none"
    issuer_proofs: Literal["any", "all", "none"] = "any"
    allowed_envelopes: tuple[str, ...] | None = None
    allowed_algorithms: tuple[str, ...] | None = None

    def __post_init__(self) -> None:
        for name in ("allowed_envelopes", "allowed_algorithms"):
            value = getattr(self, name)
            if value is not None and (
                not isinstance(value, tuple) or not all(isinstance(v, str) for v in value)
            ):
                raise InputError(f"{name} is None or a tuple of names")
        if self.holder_binding not in ("none", "subject"):
            raise InputError('holder_binding is "none" or "subject"')
        if self.issuer_proofs not in ("any", "all", "none"):
            raise InputError('issuer_proofs is "any", "all" or "none"')
        if not isinstance(self.clock_skew, timedelta):
            raise InputError("clock_skew must be a timedelta")


@dataclass(frozen=True)
class VerificationContext:
    """Everything a verification runs under (see the module documentation).

    ``source`` answers documents by URL; ``loader`` serves JSON-LD contexts (``None``: the
    bundled ones); ``clock`` returns the current time (timezone-aware); ``policy`` is the
    :class:`VerificationPolicy`.

    A context pickles when its parts do, and vcler's own do (the source over supplied
    documents and resolvers, a fetcher by its policy, a loader by its documents, a fixed
    clock), without their caches: that is how :func:`vcler.verify_many` gives each worker
    process a verifier of its own under the same context.
    """

    source: DocumentSource
    loader: StaticDocumentLoader | None = None
    clock: Callable[[], datetime] = _utcnow
    policy: VerificationPolicy = field(default_factory=VerificationPolicy)

    def now(self) -> datetime:
        """The context's current time."""
        return self.clock()

    def replace(self, **changes: Any) -> VerificationContext:
        """A copy with ``changes`` (``source=``, ``policy=``...)."""
        return dataclasses.replace(self, **changes)

    @classmethod
    def create(
        cls,
        *,
        documents: Mapping[str, Any] | None = None,
        resolvers: Mapping[str, MethodResolver] | None = None,
        fetcher: JsonFetcher | None = None,
        async_fetcher: AsyncJsonFetcher | None = None,
        source: DocumentSource | None = None,
        loader: StaticDocumentLoader | None = None,
        now: datetime | Callable[[], datetime] | None = None,
        policy: VerificationPolicy | None = None,
        **policy_fields: Any,
    ) -> VerificationContext:
        """A context from the keyword arguments the recipes take.

        The source is ``source`` when given, else a :class:`vcler.did.sources.Documents` over
        ``documents``, ``resolvers``, ``fetcher`` and ``async_fetcher``. ``now`` is a fixed
        time or a clock (``None``: the real time). ``policy_fields`` (``allowed_suites=``,
        ``strict=``...) build the policy, or change the given ``policy``.
        """
        if source is None:
            from .did.sources import Documents

            source = Documents(
                documents, resolvers=resolvers, fetcher=fetcher, async_fetcher=async_fetcher
            )
        elif documents is not None or resolvers is not None or fetcher is not None:
            raise InputError("pass either a source or documents/resolvers/fetcher, not both")
        return cls(
            source=source,
            loader=loader,
            clock=_clock(now),
            policy=_policy(policy, policy_fields),
        )


@dataclass(frozen=True)
class _FixedClock:
    """A clock that always answers ``time`` (a value, so that a context holding it can be sent
    to worker processes)."""

    time: datetime

    def __call__(self) -> datetime:
        return self.time


def _clock(now: datetime | Callable[[], datetime] | None) -> Callable[[], datetime]:
    if now is None:
        return _utcnow
    if isinstance(now, datetime):
        if now.tzinfo is None:
            raise InputError("now must be timezone-aware")
        return _FixedClock(now)
    if callable(now):
        return now
    raise InputError("now is a timezone-aware datetime, a function returning one, or None")


_DEFAULT_POLICY = VerificationPolicy()


def _policy(policy: VerificationPolicy | None, fields: Mapping[str, Any]) -> VerificationPolicy:
    base = policy if policy is not None else _DEFAULT_POLICY
    if not fields:
        return base
    changes = dict(fields)
    if "allowed_suites" in changes and changes["allowed_suites"] is not None:
        changes["allowed_suites"] = _suites(changes["allowed_suites"])
    unknown = set(changes) - {f.name for f in dataclasses.fields(VerificationPolicy)}
    if unknown:
        raise InputError(f"unknown verification option(s): {', '.join(sorted(unknown))}")
    return dataclasses.replace(base, **changes)


def _suites(value: Any) -> tuple[Any, ...]:
    if isinstance(value, str) or not isinstance(value, Iterable):
        value = [value]
    return tuple(value)
